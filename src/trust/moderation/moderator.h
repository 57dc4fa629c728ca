// Moderator: decides, for one post, its moderation category, score and the policy's action, and
// says why in words. Used at ingest.
//
// Signals: the trained LinearModel (optional) and the Lexicon (optional; the default rule set when
// no model is trained). A model label counts as a category unless it is benign: "neither",
// "none", "normal", "ok", "clean", "benign", "neutral", or a name starting with "not-", "not_",
// "non-" (so "not-hate" is benign and "hate" is a category). A lexicon category with h matched
// occurrences scores 1 - 0.4^h (0.6 for one). Candidates below the policy threshold are ignored;
// among the rest the one with the most severe action wins, then the higher score.
// Texts are scored on their first 64 KiB. Thread-safety: assess() is const and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "post/post.h"
#include "trust/moderation/lexicon.h"
#include "trust/moderation/linear_model.h"
#include "trust/moderation/policy.h"

namespace chorus::trust {

struct ModerationResult {
  std::string category;  // "" when nothing reached the threshold
  float score = 0;       // the winning candidate's score, or the best score seen below threshold
  ModerationAction action = ModerationAction::kOff;
  std::string reason;  // e.g. "model: hate 0.87 >= 0.50; policy hate=exclude"

  bool flagged() const { return !category.empty(); }
};

bool is_benign_label(std::string_view label);

class Moderator {
 public:
  Moderator(ModerationPolicy policy, std::optional<LinearModel> model,
            std::optional<Lexicon> lexicon);

  ModerationResult assess(const Post& post) const;
  ModerationResult assess_text(std::string_view text, std::string_view lang) const;

  const ModerationPolicy& policy() const { return policy_; }
  bool has_model() const { return model_.has_value(); }
  bool has_lexicon() const { return lexicon_.has_value(); }

 private:
  ModerationPolicy policy_;
  std::optional<LinearModel> model_;
  std::optional<Lexicon> lexicon_;
};

}  // namespace chorus::trust
