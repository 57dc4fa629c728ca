#include "answer/mention_responder.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "answer/mention.h"

namespace chorus::answer {

MentionResponder::MentionResponder(MentionOptions options, AnswerFn answer_fn,
                                   std::vector<std::unique_ptr<ReplySink>> sinks, Env* env,
                                   PostExists exists)
    : options_(std::move(options)),
      answer_fn_(std::move(answer_fn)),
      exists_(std::move(exists)),
      sinks_(std::move(sinks)),
      env_(env),
      authors_(options_.per_author),
      threads_(options_.per_thread) {}

Status MentionResponder::load_audit() {
  if (options_.audit_path.empty() || !env_->exists(options_.audit_path)) return Status::ok();
  CHORUS_ASSIGN_OR_RETURN(std::string all, env_->read_file(options_.audit_path));
  size_t start = 0;
  while (start < all.size()) {
    size_t end = all.find('\n', start);
    if (end == std::string::npos) end = all.size();
    if (end > start) keep(all.substr(start, end - start));
    start = end + 1;
  }
  return Status::ok();
}

MentionResponder::Outcome MentionResponder::handle(const Post& post, int64_t now_ms) {
  auto count = [this](uint64_t MentionStats::*field) {
    std::lock_guard lock(mu_);
    ++stats_.seen;
    ++(stats_.*field);
  };
  const MentionRequest req = plan_mention(post, options_.handle);
  if (!req.answerable) {
    count(&MentionStats::skipped);
    return Outcome::kSkipped;
  }
  const std::string author_key = post.author.id.empty() ? post.author.handle : post.author.id;
  if (!authors_.available(author_key, now_ms) || !threads_.available(req.thread, now_ms)) {
    count(&MentionStats::rate_limited);
    spdlog::info("mention {} from @{} rate-limited", post.id, post.author.handle);
    return Outcome::kRateLimited;
  }
  Result<Answer> answer =
      req.mode != Mode::kAsk && exists_ && !exists_(req.input)
          ? Result<Answer>(Status(StatusCode::kNotFound, "post " + req.input + " is not indexed"))
          : answer_fn_(req.mode, req.input, now_ms);
  if (!answer.is_ok()) {
    count(&MentionStats::failed);
    spdlog::warn("mention {}: {}", post.id, answer.status().to_string());
    return Outcome::kFailed;
  }
  authors_.take(author_key, now_ms);
  threads_.take(req.thread, now_ms);
  Reply reply;
  reply.id = "reply:" + post.id;
  reply.mention_id = post.id;
  reply.mention_author = post.author.handle;
  reply.mention_text = post.text;
  reply.thread = req.thread;
  reply.created_at_ms = now_ms;
  reply.answer = std::move(answer).value();
  reply.text = format_reply(reply.answer, post.author.handle, options_.format);
  deliver(&reply);
  std::string line = reply_to_json(reply);
  if (!options_.audit_path.empty()) {
    if (Status s = append_line(env_, options_.audit_path, line); !s.is_ok())
      spdlog::error("reply audit {}: {}", options_.audit_path, s.to_string());
  }
  keep(std::move(line));
  count(&MentionStats::replied);
  return Outcome::kReplied;
}

void MentionResponder::deliver(Reply* reply) {
  uint64_t failures = 0;
  for (const std::unique_ptr<ReplySink>& sink : sinks_) {
    Delivery d;
    d.sink = sink->name();
    Result<std::string> r = sink->deliver(*reply);
    d.attempts = sink->last_attempts();
    d.ok = r.is_ok();
    if (d.ok) {
      d.remote_id = std::move(r).value();
    } else {
      d.error = r.status().to_string();
      ++failures;
      spdlog::warn("reply {} to {}: {}", reply->id, d.sink, d.error);
    }
    reply->deliveries.push_back(std::move(d));
  }
  std::lock_guard lock(mu_);
  stats_.delivery_failures += failures;
}

void MentionResponder::keep(std::string json_line) {
  std::lock_guard lock(mu_);
  recent_.push_back(std::move(json_line));
  while (recent_.size() > std::max<size_t>(1, options_.keep_replies)) recent_.pop_front();
}

void MentionResponder::count_overflow(uint64_t n) {
  std::lock_guard lock(mu_);
  stats_.overflow += n;
}

MentionStats MentionResponder::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

std::vector<std::string> MentionResponder::recent(size_t n) const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (auto it = recent_.rbegin(); it != recent_.rend() && out.size() < n; ++it) out.push_back(*it);
  return out;
}

}  // namespace chorus::answer
