// LiveFeed: fan-out of newly indexed posts to GET /api/stream subscribers.
//
// A Subscription carries the filters of the stream request (query text with the search
// grammar — words ANDed, a OR b, -excluded — author handle, language). publish() runs on the
// ingest writer thread and only appends matching posts to each subscriber's bounded buffer
// (at most max_buffered posts; older ones are dropped and counted, so a slow client never
// stalls ingestion). The HTTP thread of a subscriber waits in next(). Thread-safe.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "index/query_parser.h"
#include "post/post.h"
#include "text/analyzer.h"

namespace chorus::server {

struct FeedFilter {
  std::string q;
  std::string author;
  std::string lang;
};

class LiveFeed;

class Subscription {
 public:
  // Waits up to timeout_ms for posts; moves what is buffered into `out`. Returns false when the
  // feed closed.
  bool next(std::vector<Post>* out, int64_t timeout_ms);
  uint64_t dropped() const;

 private:
  friend class LiveFeed;
  bool matches(const Post& p, const text::Analyzer& analyzer) const;

  FeedFilter filter_;
  index::ParsedQuery query_;
  size_t max_buffered_ = 1000;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Post> buffer_;
  uint64_t dropped_ = 0;
  bool closed_ = false;
};

class LiveFeed {
 public:
  LiveFeed() = default;
  std::shared_ptr<Subscription> subscribe(FeedFilter filter, size_t max_buffered = 1000);
  void unsubscribe(const std::shared_ptr<Subscription>& s);
  void publish(std::span<const Post> posts);
  // Wakes and closes every subscription (shutdown).
  void close();
  size_t subscribers() const;

 private:
  text::Analyzer analyzer_;
  mutable std::mutex mu_;
  std::vector<std::shared_ptr<Subscription>> subs_;
  bool closed_ = false;
};

}  // namespace chorus::server
