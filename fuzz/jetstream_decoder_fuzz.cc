// libFuzzer target: the jetstream decoder on arbitrary bytes (see decoder_fuzz.h for the contract).
#include "decoder_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return fuzz_decoder("jetstream", data, size);
}
