// ModerationPolicy: what the operator wants done with each moderation category.
//
// Actions, from mildest: off (nothing), label (flag the post, keep it everywhere), exclude (keep
// it in the index but out of answers), drop (refuse it at ingest).
// Config text, TOML-like: entries `key=value` separated by commas or newlines; spaces around
// keys and values are ignored; values may be double-quoted; `#` starts a comment; `[section]`
// lines are ignored. Keys: a category name ([a-z0-9_-], e.g. hate, harassment, violence,
// sexual, spam, or a label of a trained model), `default` (the action for categories not named;
// label unless set), `threshold` (the score in (0, 1] at which a category counts; 0.5 unless set).
// Example: "hate=exclude, spam=drop, default=label, threshold=0.6". Errors name the line and key.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "base/status.h"

namespace chorus::trust {

enum class ModerationAction { kOff = 0, kLabel = 1, kExclude = 2, kDrop = 3 };

std::string_view action_name(ModerationAction a);  // "off", "label", "exclude", "drop"
Result<ModerationAction> parse_action(std::string_view name);

struct ModerationPolicy {
  std::map<std::string, ModerationAction> actions;
  ModerationAction default_action = ModerationAction::kLabel;
  float threshold = 0.5f;

  ModerationAction action_for(const std::string& category) const;
  static Result<ModerationPolicy> parse(std::string_view config);
  // A canonical config string that parse() reads back to the same policy.
  std::string to_string() const;
};

}  // namespace chorus::trust
