#include "server/live_feed.h"

#include <algorithm>
#include <unordered_set>

namespace chorus::server {

bool Subscription::next(std::vector<Post>* out, int64_t timeout_ms) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
               [&] { return closed_ || !buffer_.empty(); });
  while (!buffer_.empty()) {
    out->push_back(std::move(buffer_.front()));
    buffer_.pop_front();
  }
  return !closed_;
}

uint64_t Subscription::dropped() const {
  std::lock_guard<std::mutex> lock(mu_);
  return dropped_;
}

bool Subscription::matches(const Post& p, const text::Analyzer& analyzer) const {
  if (!filter_.author.empty() && p.author.handle != filter_.author) return false;
  if (!filter_.lang.empty() && p.lang != filter_.lang) return false;
  if (filter_.q.empty()) return true;
  if (query_.unmatchable) return false;
  std::vector<std::string> terms = analyzer.terms(p.text, p.lang);
  std::unordered_set<std::string> have(terms.begin(), terms.end());
  for (const auto& group : query_.groups)
    if (std::none_of(group.begin(), group.end(), [&](const auto& t) { return have.count(t); }))
      return false;
  return std::none_of(query_.excluded.begin(), query_.excluded.end(),
                      [&](const auto& t) { return have.count(t); });
}

std::shared_ptr<Subscription> LiveFeed::subscribe(FeedFilter filter, size_t max_buffered) {
  auto s = std::make_shared<Subscription>();
  s->query_ = index::parse_query(filter.q, "", analyzer_);
  s->filter_ = std::move(filter);
  s->max_buffered_ = std::max<size_t>(1, max_buffered);
  std::lock_guard<std::mutex> lock(mu_);
  s->closed_ = closed_;
  subs_.push_back(s);
  return s;
}

void LiveFeed::unsubscribe(const std::shared_ptr<Subscription>& s) {
  std::lock_guard<std::mutex> lock(mu_);
  std::erase(subs_, s);
}

void LiveFeed::publish(std::span<const Post> posts) {
  std::vector<std::shared_ptr<Subscription>> subs;
  {
    std::lock_guard<std::mutex> lock(mu_);
    subs = subs_;
  }
  for (const auto& s : subs) {
    bool any = false;
    for (const Post& p : posts) {
      if (!s->matches(p, analyzer_)) continue;
      std::lock_guard<std::mutex> lock(s->mu_);
      if (s->buffer_.size() >= s->max_buffered_) {
        s->buffer_.pop_front();
        ++s->dropped_;
      }
      s->buffer_.push_back(p);
      any = true;
    }
    if (any) s->cv_.notify_all();
  }
}

void LiveFeed::close() {
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = true;
  for (const auto& s : subs_) {
    std::lock_guard<std::mutex> l2(s->mu_);
    s->closed_ = true;
    s->cv_.notify_all();
  }
}

size_t LiveFeed::subscribers() const {
  std::lock_guard<std::mutex> lock(mu_);
  return subs_.size();
}

}  // namespace chorus::server
