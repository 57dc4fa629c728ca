#include "trust/moderation/policy.h"

#include <charconv>
#include <cstdio>

namespace chorus::trust {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

bool valid_key(std::string_view k) {
  if (k.empty() || k.size() > 64) return false;
  for (char c : k) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

Result<float> parse_threshold(std::string_view v) {
  float t = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), t);
  if (ec != std::errc() || p != v.data() + v.size() || !(t > 0.0f && t <= 1.0f)) {
    return invalid_argument("threshold \"" + std::string(v) + "\" is not a number in (0, 1]");
  }
  return t;
}

Status apply_entry(std::string_view entry, ModerationPolicy* p) {
  const size_t eq = entry.find('=');
  if (eq == std::string_view::npos) return invalid_argument("expected key=value");
  std::string_view key = trim(entry.substr(0, eq)), value = trim(entry.substr(eq + 1));
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  if (!valid_key(key)) {
    return invalid_argument("key \"" + std::string(key) + "\" is not a category name ([a-z0-9_-])");
  }
  if (key == "threshold") {
    CHORUS_ASSIGN_OR_RETURN(p->threshold, parse_threshold(value));
    return Status::ok();
  }
  Result<ModerationAction> a = parse_action(value);
  if (!a.is_ok()) return a.status().with_context(std::string(key));
  if (key == "default") {
    p->default_action = *a;
  } else if (!p->actions.emplace(std::string(key), *a).second) {
    return invalid_argument("category \"" + std::string(key) + "\" is set twice");
  }
  return Status::ok();
}

}  // namespace

std::string_view action_name(ModerationAction a) {
  switch (a) {
    case ModerationAction::kOff:
      return "off";
    case ModerationAction::kLabel:
      return "label";
    case ModerationAction::kExclude:
      return "exclude";
    case ModerationAction::kDrop:
      return "drop";
  }
  return "off";
}

Result<ModerationAction> parse_action(std::string_view name) {
  for (ModerationAction a : {ModerationAction::kOff, ModerationAction::kLabel,
                             ModerationAction::kExclude, ModerationAction::kDrop}) {
    if (name == action_name(a)) return a;
  }
  return invalid_argument("action \"" + std::string(name) +
                          "\" is not one of off, label, exclude, drop");
}

ModerationAction ModerationPolicy::action_for(const std::string& category) const {
  auto it = actions.find(category);
  return it == actions.end() ? default_action : it->second;
}

Result<ModerationPolicy> ModerationPolicy::parse(std::string_view config) {
  ModerationPolicy p;
  size_t line_no = 0;
  size_t start = 0;
  while (start <= config.size()) {
    size_t end = config.find('\n', start);
    if (end == std::string_view::npos) end = config.size();
    std::string_view line = config.substr(start, end - start);
    ++line_no;
    start = end + 1;
    line = line.substr(0, line.find('#'));
    if (trim(line).empty() || trim(line).front() == '[') continue;
    while (!line.empty()) {
      const size_t comma = line.find(',');
      std::string_view entry = trim(line.substr(0, comma));
      line = comma == std::string_view::npos ? std::string_view() : line.substr(comma + 1);
      if (entry.empty()) continue;
      Status s = apply_entry(entry, &p);
      if (!s.is_ok()) {
        return Status(s.code(), "policy line " + std::to_string(line_no) + ": " + s.message());
      }
    }
  }
  return p;
}

std::string ModerationPolicy::to_string() const {
  std::string out;
  for (const auto& [category, action] : actions) {
    out += category + "=" + std::string(action_name(action)) + ",";
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "threshold=%g", static_cast<double>(threshold));
  return out + "default=" + std::string(action_name(default_action)) + "," + buf;
}

}  // namespace chorus::trust
