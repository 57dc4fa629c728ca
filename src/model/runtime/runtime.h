// model/runtime: the transformer runtime for llama-family GGUF models, on the CPU.
//
// Offers:
//  - Model (model.h): load a GGUF (llama: Llama 2/3, Mistral, TinyLlama, SmolLM; qwen2) with its
//    weights left in the file mapping; ModelConfig (model_config.h) and ModelWeights
//    (model_weights.h) describe it.
//  - Session (session.h): one sequence with its KV cache; batched prompt evaluation, incremental
//    decoding, reuse of the longest cached prefix; several Sessions per Model.
//  - BatchDecoder (batch_decoder.h): the next token of several Sessions in one forward pass
//    (continuous batching: weights read once per step for all of them).
//  - Sampler (sampler.h): greedy, temperature, top-k, top-p, min-p, repetition / frequency /
//    presence penalties, seeded.
//  - StopStrings (stop_strings.h), chat templates (chat_template.h) and generate() (generate.h),
//    the streaming decode loop.
//  - write_random_model() (random_model.h) for benchmarks and reference tests;
//    measure_read_bandwidth() (memory_bandwidth.h) for the decode roofline.
// Internals: forward.h (the forward pass), attention.h (causal grouped-query attention),
// compute_pool.h (threads with a cheap barrier), kv_cache.h, run_state.h, weight_residency.h (what
// of the file stays mapped). The independent numpy reference lives in tools/ref_llama.py.
#pragma once

#include "model/runtime/batch_decoder.h"
#include "model/runtime/chat_template.h"
#include "model/runtime/generate.h"
#include "model/runtime/model.h"
#include "model/runtime/random_model.h"
#include "model/runtime/sampler.h"
#include "model/runtime/session.h"
#include "model/runtime/stop_strings.h"
