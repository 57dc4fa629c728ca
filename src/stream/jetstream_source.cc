#include "stream/jetstream_source.h"

#include <algorithm>

#include "stream/net/websocket_client.h"

namespace chorus::stream {

Status JetstreamSource::session(DeadLetterSink* dead, const BatchConsumer& consume,
                                const std::atomic<bool>* stop, int64_t* backoff_ms) {
  CHORUS_ASSIGN_OR_RETURN(net::Url url, net::parse_url(options_.url));
  if (cursor_ > 0) net::set_query_param(&url, "cursor", std::to_string(cursor_));
  net::WebSocketClient::Options wo;
  wo.timeout_ms = options_.poll_ms;
  auto ws = net::WebSocketClient::connect(url, wo);
  if (!ws) {
    ++stats_.failures;
    stats_.last_error = ws.status().to_string();
    return Status::ok();
  }
  ++stats_.connects;
  DecodeOutput out;
  std::string msg;
  int64_t last_data = env_->monotonic_ns() / 1'000'000;
  int64_t batch_started = last_data;
  auto flush = [&]() -> Status {
    if (out.events.empty()) return Status::ok();
    Status st = consume(out.events);
    out.events.clear();
    return st;
  };
  while (!(stop && stop->load())) {
    auto more = (*ws)->read(&msg);
    int64_t now = env_->monotonic_ns() / 1'000'000;
    if (!more && net::is_timeout(more.status()) && now - last_data < options_.idle_timeout_ms) {
      if (now - batch_started >= options_.flush_ms) CHORUS_RETURN_IF_ERROR(flush());
      continue;
    }
    if (!more || !*more) {
      ++stats_.failures;
      stats_.last_error = more ? "closed by the server" : more.status().to_string();
      break;
    }
    last_data = now;
    *backoff_ms = options_.backoff_initial_ms;
    ++stats_.messages;
    if (out.events.empty()) batch_started = now;
    Status st = decoder_.decode(msg, &out);
    if (!st.is_ok()) {
      ++stats_.dead_lettered;
      if (dead) CHORUS_RETURN_IF_ERROR(dead->add(decoder_.format(), 0, st.message(), msg));
    }
    if (decoder_.last_cursor() > 0) cursor_ = decoder_.last_cursor();
    if (out.events.size() >= options_.batch_size || now - batch_started >= options_.flush_ms)
      CHORUS_RETURN_IF_ERROR(flush());
  }
  (*ws)->close();
  return flush();
}

Status JetstreamSource::run(DeadLetterSink* dead, const BatchConsumer& consume,
                            const std::atomic<bool>* stop) {
  int64_t backoff = options_.backoff_initial_ms;
  int attempts = 0;
  while (!(stop && stop->load())) {
    if (options_.max_connects > 0 && attempts++ >= options_.max_connects) break;
    CHORUS_RETURN_IF_ERROR(session(dead, consume, stop, &backoff));
    if (stop && stop->load()) break;
    for (int64_t waited = 0; waited < backoff && !(stop && stop->load()); waited += 50)
      env_->sleep_ms(std::min<int64_t>(50, backoff - waited));
    backoff = std::min(backoff * 2, options_.backoff_max_ms);
  }
  return Status::ok();
}

}  // namespace chorus::stream
