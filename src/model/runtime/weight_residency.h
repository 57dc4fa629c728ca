// What of a loaded model stays resident: after load, the process maps only the file pages of
// tensors it still reads from the file (the token embeddings, matrices left in the file's
// layout); norm and bias vectors are small owned copies, repacked matrices live in their own
// buffer.
//
// Why the vectors are copied: a norm vector sits between two matrices in the file, and on
// file systems with large page-cache folios (ext4 since Linux 6.16) one fault on it maps the
// whole folio, up to megabytes of the neighbouring matrices that repacking had released. Read
// on every pass, 2 norms per layer kept ~80 MB of released matrices resident (1.1B Q4_0).
#pragma once

#include "model/gguf/gguf.h"
#include "model/runtime/model_config.h"
#include "model/runtime/model_weights.h"

namespace chorus::model {

// Copies every F32 vector the weights borrow (norms, biases) into w.vectors and points the
// weights at the copies. Call once, after load_model_weights(w, c).
void own_vectors(ModelWeights& w, const ModelConfig& c);

// Drops this process's pages of f's tensor data except those of the matrices `w` still reads
// from the mapping (madvise MADV_DONTNEED: they stay in the page cache and fault back in if read,
// so this is safe whatever `w` reads). Only for a file mapping (f.is_mapped()); does nothing
// otherwise. Returns the bytes of tensor data released (page-rounded, released or not mapped).
uint64_t release_unread_tensors(const GgufFile& f, const ModelWeights& w);

}  // namespace chorus::model
