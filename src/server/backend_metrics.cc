#include "server/backend_metrics.h"

namespace chorus::server {

void register_backend_metrics(Metrics& metrics,
                              std::function<std::shared_ptr<ChatBackend>()> backend) {
  // A value of the backend, or 0 without one.
  auto backend_gauge = [backend](auto read) {
    return [backend, read] {
      std::shared_ptr<ChatBackend> b = backend();
      return b ? static_cast<double>(read(*b)) : 0.0;
    };
  };
  // A figure of the backend's BatchStats; absent without a backend or stats.
  auto batch_value = [backend](auto read) {
    return [backend, read]() -> std::optional<double> {
      std::shared_ptr<ChatBackend> b = backend();
      std::optional<BatchStats> s = b ? b->batch_stats() : std::nullopt;
      if (!s) return std::nullopt;
      return read(*s);
    };
  };
  metrics.add_callback("chorus_queue_depth", "Generation requests waiting for a sequence", "gauge",
                       backend_gauge([](const ChatBackend& b) { return b.queue_depth(); }));
  metrics.add_callback("chorus_active_sequences", "Sequences generating now", "gauge",
                       backend_gauge([](const ChatBackend& b) { return b.active_sequences(); }));
  metrics.add_callback("chorus_sequences_cancelled_total",
                       "Sequences cancelled because their client disconnected", "counter",
                       backend_gauge([](const ChatBackend& b) { return b.sequences_cancelled(); }));
  metrics.add_optional_callback(
      "chorus_decode_passes_total", "Batched decode passes run by the local engine", "counter",
      batch_value([](const BatchStats& s) { return static_cast<double>(s.decode_passes); }));
  metrics.add_optional_callback(
      "chorus_decode_rows_total", "Sequence steps evaluated by the batched decode passes",
      "counter",
      batch_value([](const BatchStats& s) { return static_cast<double>(s.decode_rows); }));
  metrics.add_optional_callback(
      "chorus_decode_batch_size", "Sequences in the latest batched decode pass", "gauge",
      batch_value([](const BatchStats& s) { return static_cast<double>(s.last_batch); }));
  metrics.add_optional_callback(
      "chorus_decode_batch_size_mean",
      "Mean sequences per batched decode pass since start (rows / passes; 0 before the first)",
      "gauge", batch_value([](const BatchStats& s) {
        return s.decode_passes
                   ? static_cast<double>(s.decode_rows) / static_cast<double>(s.decode_passes)
                   : 0.0;
      }));
}

}  // namespace chorus::server
