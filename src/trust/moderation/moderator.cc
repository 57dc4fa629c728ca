#include "trust/moderation/moderator.h"

#include <cmath>
#include <cstdio>
#include <vector>

#include "base/utf8.h"
#include "trust/moderation/features.h"

namespace chorus::trust {
namespace {

struct Candidate {
  std::string category;
  float score = 0;
  std::string evidence;  // "model: hate 0.87" or "lexicon: hate term \"x\" x2"
};

std::string fmt_score(float s) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(s));
  return buf;
}

// A text without a single feature (empty, only punctuation) gives the model no evidence: its
// scores would be the biases alone, so it yields no candidate.
void model_candidates(const LinearModel& m, std::string_view text, std::vector<Candidate>* out) {
  const SparseVector x = m.hasher().extract(text);
  if (x.size() == 0) return;
  const std::vector<float> p = m.predict(x);
  for (size_t c = 0; c < p.size(); ++c) {
    if (is_benign_label(m.labels()[c])) continue;
    out->push_back({m.labels()[c], p[c], "model: " + m.labels()[c] + " " + fmt_score(p[c])});
  }
}

void lexicon_candidates(const Lexicon& lex, std::string_view text, std::string_view lang,
                        std::vector<Candidate>* out) {
  const std::vector<LexiconHit> matched = lex.match(text, lang);
  if (matched.empty()) return;
  for (std::string_view category : kModerationCategories) {
    size_t hits = 0;
    std::string terms;
    for (const LexiconHit& h : matched) {
      if (h.category != category) continue;
      hits += h.count;
      terms += (terms.empty() ? "\"" : ", \"") + h.term + "\" x" + std::to_string(h.count);
    }
    if (hits == 0) continue;
    const float score = static_cast<float>(1.0 - std::pow(0.4, static_cast<double>(hits)));
    out->push_back({std::string(category), score,
                    "lexicon: " + std::string(category) + " " + terms + " -> " + fmt_score(score)});
  }
}

}  // namespace

bool is_benign_label(std::string_view l) {
  for (std::string_view b : {"neither", "none", "normal", "ok", "clean", "benign", "neutral"}) {
    if (l == b) return true;
  }
  return l.starts_with("not-") || l.starts_with("not_") || l.starts_with("non-");
}

Moderator::Moderator(ModerationPolicy policy, std::optional<LinearModel> model,
                     std::optional<Lexicon> lexicon)
    : policy_(std::move(policy)), model_(std::move(model)), lexicon_(std::move(lexicon)) {}

ModerationResult Moderator::assess(const Post& post) const {
  return assess_text(post.text, post.lang);
}

ModerationResult Moderator::assess_text(std::string_view text, std::string_view lang) const {
  if (text.size() > kMaxFeatureTextBytes) {
    text = text.substr(0, utf8::complete_prefix(text.substr(0, kMaxFeatureTextBytes)));
  }
  std::vector<Candidate> all;
  if (model_) model_candidates(*model_, text, &all);
  if (lexicon_) lexicon_candidates(*lexicon_, text, lang, &all);
  ModerationResult r;
  const Candidate* best = nullptr;        // above threshold: most severe action, then score
  const Candidate* best_below = nullptr;  // for the explanation when nothing is flagged
  for (const Candidate& c : all) {
    if (c.score < policy_.threshold) {
      if (!best_below || c.score > best_below->score) best_below = &c;
      continue;
    }
    const ModerationAction a = policy_.action_for(c.category);
    if (!best || a > policy_.action_for(best->category) ||
        (a == policy_.action_for(best->category) && c.score > best->score)) {
      best = &c;
    }
  }
  if (best) {
    r.category = best->category;
    r.score = best->score;
    r.action = policy_.action_for(best->category);
    r.reason = best->evidence + " >= " + fmt_score(policy_.threshold) + "; policy " +
               best->category + "=" + std::string(action_name(r.action));
    return r;
  }
  if (best_below) {
    r.score = best_below->score;
    r.reason = best_below->evidence + " < threshold " + fmt_score(policy_.threshold);
  } else {
    r.reason = (model_ || lexicon_) ? "no lexicon term matched and no model category"
                                    : "no model or lexicon configured";
  }
  return r;
}

}  // namespace chorus::trust
