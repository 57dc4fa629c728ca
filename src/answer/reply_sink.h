// Replies to mentions and where they go.
//
// A Reply is the answer to one mention post: the text posted back (reply_format.h), the full
// Answer (citations and audit trail) and the outcome of each delivery. ReplySink is the seam to
// a destination: the JSONL file here, a webhook and the Mastodon and Bluesky APIs in
// src/server/mention_sinks.h. deliver() is called from one thread at a time (the mention
// worker); it retries on its own when that makes sense and returns the id the destination gave
// the reply ("" when it gives none).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "answer/answer_types.h"
#include "base/env.h"
#include "base/status.h"

namespace chorus::answer {

struct Delivery {
  std::string sink;  // the sink's name(): "jsonl", "webhook", "mastodon", "bluesky"
  bool ok = false;
  std::string remote_id;  // when ok: what the destination called it ("" when nothing)
  std::string error;      // when not ok
  int attempts = 0;
};

struct Reply {
  std::string id;              // "reply:" + mention_id
  std::string mention_id;      // the post that mentioned the handle (replied to)
  std::string mention_author;  // its author's handle
  std::string mention_text;
  std::string thread;         // thread key (mention.h)
  int64_t created_at_ms = 0;  // when the reply was made
  std::string text;           // the reply as posted
  Answer answer;              // with citations, audit trail and verdict
  std::vector<Delivery> deliveries;
};

// {"id","in_reply_to","mention_author","mention_text","thread","mode","created_at","text",
//  "citations":[...],"answer":{docs/answers.md},"deliveries":[{"sink","ok","remote_id","error",
//  "attempts"}]} on one line.
std::string reply_to_json(const Reply& r);
// The payload sent to a destination: the reply without "answer" and "deliveries".
std::string reply_payload_json(const Reply& r);

class ReplySink {
 public:
  virtual ~ReplySink() = default;
  virtual std::string name() const = 0;
  virtual Result<std::string> deliver(const Reply& reply) = 0;
  // Attempts made by the last deliver() (1 for sinks that do not retry).
  virtual int last_attempts() const { return 1; }
};

// Appends reply_payload_json lines to a file (created with its directories), synced per reply.
class JsonlReplySink final : public ReplySink {
 public:
  JsonlReplySink(Env* env, std::string path) : env_(env), path_(std::move(path)) {}
  std::string name() const override { return "jsonl"; }
  Result<std::string> deliver(const Reply& reply) override;

 private:
  Env* env_;
  std::string path_;
  std::unique_ptr<WritableFile> file_;
};

// Appends `line` + '\n' to `path` through `env`, creating its directory; synced.
Status append_line(Env* env, const std::string& path, const std::string& line);

}  // namespace chorus::answer
