// libFuzzer target: the xv2 decoder on arbitrary bytes (see decoder_fuzz.h for the contract).
#include "decoder_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return fuzz_decoder("xv2", data, size);
}
