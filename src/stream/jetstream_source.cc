#include "stream/jetstream_source.h"

#include <algorithm>

#include "stream/net/websocket_client.h"
#include "stream/reconnect.h"

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
  EventBatcher batcher(env_, consume, options_.batch_size, options_.flush_ms);
  std::string msg;
  int64_t last_data = env_->monotonic_ns() / 1'000'000;
  while (!(stop && stop->load())) {
    auto more = (*ws)->read(&msg);
    int64_t now = env_->monotonic_ns() / 1'000'000;
    if (!more && net::is_timeout(more.status()) && now - last_data < options_.idle_timeout_ms) {
      CHORUS_RETURN_IF_ERROR(batcher.maybe_flush());
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
    Status st = decoder_.decode(msg, &out);
    if (!st.is_ok()) {
      ++stats_.dead_lettered;
      if (dead) CHORUS_RETURN_IF_ERROR(dead->add(decoder_.format(), 0, st.message(), msg));
    }
    if (decoder_.last_cursor() > 0) cursor_ = decoder_.last_cursor();
    for (auto& e : out.events) batcher.events().push_back(std::move(e));
    out.clear();
    CHORUS_RETURN_IF_ERROR(batcher.maybe_flush());
  }
  (*ws)->close();
  return batcher.flush();
}

Status JetstreamSource::run(DeadLetterSink* dead, const BatchConsumer& consume,
                            const std::atomic<bool>* stop) {
  ReconnectOptions ro{options_.backoff_initial_ms, options_.backoff_max_ms, options_.max_connects};
  return reconnect_loop(env_, ro, stop, [&](int64_t* backoff_ms) {
    return session(dead, consume, stop, backoff_ms);
  });
}

}  // namespace chorus::stream
