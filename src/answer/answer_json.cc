#include <limits>
#include <nlohmann/json.hpp>

#include "answer/answer_json.h"
#include "answer/answer_types.h"
#include "base/time_util.h"

namespace chorus::answer {
namespace {

using nlohmann::json;

constexpr std::string_view kModeNames[] = {"ask", "explain", "check"};
constexpr std::string_view kExclusionNames[] = {"low_credibility", "coordinated", "campaign",
                                                "duplicate",       "moderated",   "injection",
                                                "off_topic",       "time_window", "subject"};

// Unbounded window ends (<= 0 or max int64) are null.
json time_or_null(int64_t ms) {
  if (ms <= 0 || ms == std::numeric_limits<int64_t>::max()) return nullptr;
  return format_time_iso(ms);
}

Result<int64_t> time_field(const json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_string()) return int64_t{0};
  return parse_time_ms(j[key].get<std::string>());
}

Status read_citations(const json& j, Answer* a) {
  if (!j.contains("citations")) return Status::ok();
  if (!j["citations"].is_array()) return invalid_argument("answer JSON: citations is not an array");
  for (const json& c : j["citations"]) {
    Citation out;
    out.n = c.value("n", 0);
    out.post_id = c.value("post_id", "");
    out.author = c.value("author", "");
    CHORUS_ASSIGN_OR_RETURN(out.created_at_ms, time_field(c, "created_at"));
    out.url = c.value("url", "");
    out.snippet = c.value("snippet", "");
    a->citations.push_back(std::move(out));
  }
  return Status::ok();
}

Status read_audit(const json& j, Answer* a) {
  if (!j.contains("audit")) return Status::ok();
  const json& au = j["audit"];
  a->audit.considered = au.value("considered", size_t{0});
  a->audit.used = au.value("used", std::vector<std::string>{});
  a->audit.flags = au.value("flags", std::vector<std::string>{});
  for (const json& e : au.value("excluded", json::array())) {
    ExcludedSource x;
    x.post_id = e.value("post_id", "");
    const std::string reason = e.value("reason", "");
    bool known = false;
    for (size_t i = 0; i < std::size(kExclusionNames); ++i) {
      if (kExclusionNames[i] == reason) {
        x.reason = static_cast<Exclusion>(i);
        known = true;
      }
    }
    if (!known) return invalid_argument("answer JSON: audit.excluded reason '" + reason + "'");
    a->audit.excluded.push_back(std::move(x));
  }
  return Status::ok();
}

}  // namespace

nlohmann::json citation_json(const Citation& c) {
  return {{"n", c.n},           {"post_id", c.post_id},
          {"author", c.author}, {"created_at", format_time_iso(c.created_at_ms)},
          {"url", c.url},       {"snippet", c.snippet}};
}

std::string_view mode_name(Mode m) {
  return kModeNames[static_cast<int>(m)];
}

Result<Mode> mode_from_name(std::string_view name) {
  for (size_t i = 0; i < std::size(kModeNames); ++i)
    if (kModeNames[i] == name) return static_cast<Mode>(i);
  return invalid_argument("mode: expected ask, explain or check, got '" + std::string(name) + "'");
}

std::string_view exclusion_name(Exclusion e) {
  return kExclusionNames[static_cast<int>(e)];
}

std::string answer_to_json(const Answer& a) {
  json j;
  j["mode"] = mode_name(a.mode);
  j["question"] = a.question;
  j["answer"] = a.text;
  j["extractive"] = a.extractive;
  j["citations"] = json::array();
  for (const Citation& c : a.citations) j["citations"].push_back(citation_json(c));
  json excluded = json::array();
  for (const ExcludedSource& e : a.audit.excluded)
    excluded.push_back({{"post_id", e.post_id}, {"reason", exclusion_name(e.reason)}});
  j["audit"] = {{"considered", a.audit.considered},
                {"used", a.audit.used},
                {"excluded", excluded},
                {"flags", a.audit.flags}};
  if (a.verdict) {
    j["verdict"] = {{"label", a.verdict->label},
                    {"confidence", a.verdict->confidence},
                    {"supporting", a.verdict->supporting},
                    {"contradicting", a.verdict->contradicting}};
  }
  j["unsupported_sentences"] = a.unsupported_sentences;
  j["window"] = {{"since", time_or_null(a.since_ms)}, {"until", time_or_null(a.until_ms)}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<Answer> answer_from_json(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return invalid_argument("answer JSON: not a JSON object");
  Answer a;
  try {
    CHORUS_ASSIGN_OR_RETURN(a.mode, mode_from_name(j.value("mode", "ask")));
    a.question = j.value("question", "");
    a.text = j.value("answer", "");
    a.extractive = j.value("extractive", false);
    CHORUS_RETURN_IF_ERROR(read_citations(j, &a));
    CHORUS_RETURN_IF_ERROR(read_audit(j, &a));
    if (j.contains("verdict") && j["verdict"].is_object()) {
      const json& v = j["verdict"];
      a.verdict = Verdict{v.value("label", ""), v.value("confidence", 0.0),
                          v.value("supporting", std::vector<std::string>{}),
                          v.value("contradicting", std::vector<std::string>{})};
    }
    a.unsupported_sentences = j.value("unsupported_sentences", std::vector<std::string>{});
    if (j.contains("window")) {
      CHORUS_ASSIGN_OR_RETURN(a.since_ms, time_field(j["window"], "since"));
      CHORUS_ASSIGN_OR_RETURN(a.until_ms, time_field(j["window"], "until"));
    }
  } catch (const json::exception& e) {
    return invalid_argument(std::string("answer JSON: wrong type: ") + e.what());
  }
  return a;
}

}  // namespace chorus::answer
