// Read bandwidth of main memory as this process sees it: the physical limit of decoding, which
// reads every weight once per token. Streams over a buffer (1 GiB by default) with the pool's
// threads, each summing its contiguous share, and returns the best of `repeats` passes in
// GB/s (1e9 bytes per second). The buffer is touched once before timing. Uses the pool
// exclusively for the duration of the call.
#pragma once

#include <cstddef>

#include "model/runtime/compute_pool.h"

namespace chorus::model {

double measure_read_bandwidth(ComputePool& pool, size_t bytes = size_t{1} << 30, int repeats = 3);

}  // namespace chorus::model
