// The default chat backend's series on GET /metrics, read at scrape time:
//   chorus_queue_depth                 gauge    requests waiting for a sequence
//   chorus_active_sequences            gauge    sequences generating now
//   chorus_sequences_cancelled_total   counter  sequences ended because their client left
//   chorus_decode_passes_total         counter  batched decode passes (continuous batching)
//   chorus_decode_rows_total           counter  sequence steps those passes evaluated
//   chorus_decode_batch_size           gauge    sequences in the latest pass
//   chorus_decode_batch_size_mean      gauge    rows / passes since start
// The first three read 0 while no backend is loaded; the decode series have no sample unless the
// backend reports BatchStats (a local engine; a remote pool has none).
#pragma once

#include <functional>
#include <memory>

#include "server/chat_backend.h"
#include "server/metrics.h"

namespace chorus::server {

// `backend` returns the current default backend, or null; it is called at every scrape.
void register_backend_metrics(Metrics& metrics,
                              std::function<std::shared_ptr<ChatBackend>()> backend);

}  // namespace chorus::server
