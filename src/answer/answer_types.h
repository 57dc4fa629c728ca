// The answer object: what every mode (ask, explain, check) returns, with its citations, audit
// trail and, for check, a verdict. Its JSON form is documented in docs/answers.md.
// Plain values; times are epoch milliseconds.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace chorus::answer {

enum class Mode { kAsk, kExplain, kCheck };

// "ask", "explain", "check".
std::string_view mode_name(Mode m);
Result<Mode> mode_from_name(std::string_view name);

// Why a retrieved post was kept out of the evidence (the JSON "reason" strings).
enum class Exclusion {
  kLowCredibility,  // "low_credibility"
  kCoordinated,     // "coordinated": a coordinated account, or amplifying a coordinated post
  kCampaign,        // "campaign": a near-duplicate cluster pushed as a campaign
  kDuplicate,       // "duplicate": a near-duplicate of a post already in the evidence
  kModerated,       // "moderated"
  kInjection,       // "injection": the post tries to instruct the assistant
  kOffTopic,        // "off_topic": too little overlap with the question
  kTimeWindow,      // "time_window": outside the question's time window
  kSubject,         // "subject": the post being explained or checked (quoted, not evidence)
};
std::string_view exclusion_name(Exclusion e);

struct Citation {
  int n = 0;  // the [n] of the answer text, from 1
  std::string post_id;
  std::string author;  // handle, without '@'
  int64_t created_at_ms = 0;
  std::string url;  // first URL of the post, "" when none
  std::string snippet;
};

struct ExcludedSource {
  std::string post_id;
  Exclusion reason = Exclusion::kOffTopic;
};

struct Audit {
  size_t considered = 0;          // distinct posts retrieved
  std::vector<std::string> used;  // post ids given as sources, in [n] order
  std::vector<ExcludedSource> excluded;
  std::vector<std::string> flags;  // notes on the process: "widened_window", "relaxed_or", ...
};

struct Verdict {
  std::string label;                       // "supported", "disputed" or "unverified"
  double confidence = 0;                   // in [0, 1]
  std::vector<std::string> supporting;     // post ids
  std::vector<std::string> contradicting;  // post ids
};

struct Answer {
  Mode mode = Mode::kAsk;
  std::string question;  // the question, claim or post id asked about
  std::string text;      // the answer, citing sources as [n]
  bool extractive = false;
  std::vector<Citation> citations;  // the sources cited in `text`, by n
  Audit audit;
  std::optional<Verdict> verdict;  // check mode
  std::vector<std::string> unsupported_sentences;
  int64_t since_ms = 0;  // the time window searched (after widening)
  int64_t until_ms = 0;
};

// The JSON of docs/answers.md (times as ISO-8601 strings).
std::string answer_to_json(const Answer& a);
// Answers `input` in `mode` as of now_ms: an Answerer, or the server's grounded answer (local
// or remote model). What mentions and story summaries are built on.
using AnswerFn = std::function<Result<Answer>(Mode mode, const std::string& input, int64_t now_ms)>;

// Reads that JSON back (for `chorus ask --server`); errors name the field.
Result<Answer> answer_from_json(std::string_view json);

}  // namespace chorus::answer
