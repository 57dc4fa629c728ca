// MentionResponder: answers the posts that mention Chorus and sends the replies out.
//
// handle(post) runs the whole path for one post: plan the request (mention.h), charge the
// author's and the thread's token buckets (reply_limiter.h; a mention over either limit is
// counted as rate_limited and not answered), answer it through `answer_fn`, format the reply
// for the network (reply_format.h), hand it to every sink (a failing sink is recorded in the
// reply's deliveries, the others still get it), append the reply with its full answer and
// audit trail to `audit_path` (JSONL) and keep it in memory for recent().
//
// Threads: handle() is called from one worker thread (the server's mention queue, never the
// ingest thread); stats(), recent() and count_overflow() may be called from any thread.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "answer/answer_types.h"
#include "answer/reply_format.h"
#include "answer/reply_limiter.h"
#include "answer/reply_sink.h"
#include "base/env.h"
#include "post/post.h"

namespace chorus::answer {

struct MentionOptions {
  std::string handle = "chorus";  // without '@'; "" turns mentions off
  BucketRate per_author{20, 3};   // replies per hour and burst, per mention author
  BucketRate per_thread{30, 5};   // per thread (mention.h's thread key)
  ReplyFormat format;             // reply length and citation links
  size_t keep_replies = 500;      // replies kept in memory for recent()
  std::string audit_path;         // JSONL of every reply with its audit; "" for none
};

struct MentionStats {
  uint64_t seen = 0;  // posts handed to handle()
  uint64_t replied = 0;
  uint64_t rate_limited = 0;
  uint64_t skipped = 0;            // not a mention, own post, repost, nothing to answer
  uint64_t failed = 0;             // the answer could not be made (e.g. unknown parent)
  uint64_t overflow = 0;           // mentions dropped by a full queue before handle()
  uint64_t delivery_failures = 0;  // sink deliveries that failed after their retries
};

// True when a post id is known (in the index). A mention whose parent or quoted post is unknown
// is not answered (checking the id as if it were a claim would be wrong).
using PostExists = std::function<bool(const std::string& post_id)>;

class MentionResponder {
 public:
  MentionResponder(MentionOptions options, AnswerFn answer_fn,
                   std::vector<std::unique_ptr<ReplySink>> sinks, Env* env,
                   PostExists exists = nullptr);

  // Loads the newest keep_replies replies of the audit file (at start; a missing file is fine).
  Status load_audit();

  enum class Outcome { kReplied, kRateLimited, kSkipped, kFailed };
  Outcome handle(const Post& post, int64_t now_ms);

  void count_overflow(uint64_t n);
  MentionStats stats() const;
  // The newest replies first, at most n, as reply_to_json lines.
  std::vector<std::string> recent(size_t n) const;
  const MentionOptions& options() const { return options_; }

 private:
  void deliver(Reply* reply);
  void keep(std::string json_line);

  const MentionOptions options_;
  const AnswerFn answer_fn_;
  const PostExists exists_;
  std::vector<std::unique_ptr<ReplySink>> sinks_;
  Env* env_;
  ReplyLimiter authors_, threads_;

  mutable std::mutex mu_;  // guards stats_ and recent_
  MentionStats stats_;
  std::deque<std::string> recent_;  // newest at the back
};

}  // namespace chorus::answer
