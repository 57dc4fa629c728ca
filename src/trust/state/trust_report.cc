#include "trust/state/trust_report.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace chorus::trust {
namespace {

using nlohmann::json;

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

json flags_json(uint32_t flags) {
  json out = json::array();
  for (int b = 0; b < kTrustFlagCount; ++b)
    if (flags & (1u << b)) out.push_back(std::string(trust_flag_name(b)));
  return out;
}

json post_trust_json(const PostTrust& t) {
  return {{"flags", flags_json(t.flags)},
          {"reasons", t.reasons},
          {"credibility", t.credibility},
          {"bot_score", t.bot_score},
          {"campaign_score", t.campaign_score},
          {"account_campaign", t.account_campaign},
          {"cluster", t.cluster},
          {"duplicate_of", t.duplicate_of}};
}

json note_json(const NoteView& v) {
  return {{"id", v.note.id},
          {"post_id", v.note.post_id},
          {"author", v.note.author},
          {"text", v.note.text},
          {"status", std::string(note_status_name(v.score.status))},
          {"intercept", v.score.intercept},
          {"factor", v.score.factor},
          {"ratings", v.score.ratings}};
}

std::string flag_line(const PostTrust& t) {
  if (t.reasons.empty()) return "  no flags\n";
  std::string out;
  for (const std::string& r : t.reasons) out += "  - " + r + "\n";
  return out;
}

}  // namespace

std::string note_view_json(const NoteView& v) {
  return dump(note_json(v));
}

std::string PostReport::to_json() const {
  json notes_out = json::array();
  for (const NoteView& v : notes) notes_out.push_back(note_json(v));
  json j = {{"post_id", post_id},
            {"dropped", dropped},
            {"rank_factor", rank_factor},
            {"at_ingest", post_trust_json(at_ingest)},
            {"now", post_trust_json(now)},
            {"moderation",
             {{"category", moderation.category},
              {"score", moderation.score},
              {"action", std::string(action_name(moderation.action))},
              {"reason", moderation.reason}}},
            {"injection",
             {{"flagged", injection},
              {"score", injection_score},
              {"explanation", injection_explanation}}},
            {"notes", notes_out},
            {"explanation", json::parse(explanation.to_json(), nullptr, false)}};
  return dump(j);
}

std::string PostReport::to_text() const {
  char line[160];
  std::snprintf(line, sizeof line, "post %s%s: ranking factor %.3f\n", post_id.c_str(),
                dropped ? " (dropped at ingest)" : "", rank_factor);
  std::string out = line;
  out += "at ingest:\n" + flag_line(at_ingest) + "now:\n" + flag_line(now);
  if (moderation.flagged())
    out += "moderation: " + std::string(action_name(moderation.action)) + ", " + moderation.reason +
           "\n";
  else
    out += "moderation: nothing matched\n";
  std::snprintf(line, sizeof line, "injection: %s (score %.2f)\n", injection ? "flagged" : "no",
                static_cast<double>(injection_score));
  out += line;
  if (injection) out += "  " + injection_explanation + "\n";
  for (const NoteView& v : notes) {
    std::snprintf(line, sizeof line, "note %s: %s (intercept %.3f, factor %.3f, %zu ratings)\n",
                  v.note.id.c_str(), std::string(note_status_name(v.score.status)).c_str(),
                  v.score.intercept, v.score.factor, v.score.ratings);
    out += line;
  }
  return out + "\n" + explanation.to_text();
}

std::string AccountReport::to_json() const {
  json j = {{"account", explanation.account_key},
            {"handle", handle},
            {"posts", posts},
            {"moderation_hits", moderation_hits},
            {"noted_posts", noted_posts},
            {"explanation", json::parse(explanation.to_json(), nullptr, false)}};
  return dump(j);
}

std::string AccountReport::to_text() const {
  return "@" + handle + ": " + std::to_string(posts) + " posts, " +
         std::to_string(moderation_hits) + " moderation hits, " + std::to_string(noted_posts) +
         " posts with a helpful note\n" + explanation.to_text();
}

}  // namespace chorus::trust
