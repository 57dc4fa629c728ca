#include "stream/http_stream_source.h"

#include "stream/net/http_stream.h"
#include "stream/reconnect.h"

namespace chorus::stream {

Status HttpStreamSource::record(std::string_view line, DeadLetterSink* dead, DecodeOutput* out) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.empty()) return Status::ok();  // keep-alive or the end of an SSE event
  ++stats_.records;
  uint64_t skipped = out->skipped;
  Status st = decoder_->decode(line, out);
  stats_.skipped += out->skipped - skipped;
  std::vector<std::string> reasons = std::move(out->item_errors);
  out->item_errors.clear();
  if (!st.is_ok()) reasons.push_back(st.message());
  for (const auto& reason : reasons) {
    ++stats_.dead_lettered;
    if (dead) CHORUS_RETURN_IF_ERROR(dead->add(decoder_->format(), 0, reason, line));
  }
  return Status::ok();
}

Status HttpStreamSource::session(DeadLetterSink* dead, const BatchConsumer& consume,
                                 const std::atomic<bool>* stop, int64_t* backoff_ms) {
  CHORUS_ASSIGN_OR_RETURN(net::Url url, net::parse_url(options_.url));
  auto http = net::HttpStream::open(url, options_.headers, options_.poll_ms);
  if (!http) {
    ++stats_.failures;
    stats_.last_error = http.status().to_string();
    return Status::ok();
  }
  ++stats_.connects;
  EventBatcher batcher(env_, consume, options_.batch_size, options_.flush_ms);
  DecodeOutput out;
  std::string buf;
  int64_t last_data = env_->monotonic_ns() / 1'000'000;
  while (!(stop && stop->load())) {
    auto n = (*http)->read(&buf);
    int64_t now = env_->monotonic_ns() / 1'000'000;
    if (!n && net::is_timeout(n.status()) && now - last_data < options_.idle_timeout_ms) {
      CHORUS_RETURN_IF_ERROR(batcher.maybe_flush());
      continue;
    }
    if (!n || *n == 0) {
      ++stats_.failures;
      stats_.last_error = n ? "closed by the server" : n.status().to_string();
      break;
    }
    last_data = now;
    *backoff_ms = options_.backoff_initial_ms;
    size_t start = 0, nl;
    while ((nl = buf.find('\n', start)) != std::string::npos) {
      CHORUS_RETURN_IF_ERROR(record(std::string_view(buf).substr(start, nl - start), dead, &out));
      start = nl + 1;
    }
    buf.erase(0, start);
    if (buf.size() > options_.max_line_bytes) {
      ++stats_.dead_lettered;
      if (dead)
        CHORUS_RETURN_IF_ERROR(dead->add(decoder_->format(), 0, "record over the line limit", buf));
      buf.clear();
    }
    for (auto& e : out.events) batcher.events().push_back(std::move(e));
    out.events.clear();
    CHORUS_RETURN_IF_ERROR(batcher.maybe_flush());
  }
  (*http)->close();
  return batcher.flush();
}

Status HttpStreamSource::run(DeadLetterSink* dead, const BatchConsumer& consume,
                             const std::atomic<bool>* stop) {
  ReconnectOptions ro{options_.backoff_initial_ms, options_.backoff_max_ms, options_.max_connects};
  return reconnect_loop(env_, ro, stop, [&](int64_t* backoff_ms) {
    return session(dead, consume, stop, backoff_ms);
  });
}

}  // namespace chorus::stream
