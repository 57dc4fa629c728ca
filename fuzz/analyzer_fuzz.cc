// libFuzzer target for the text analyzer: any byte string is analyzed without crashing, and the
// tokens keep their contract — non-empty, valid UTF-8, at most 128 bytes, positions never going
// backwards. A broken contract traps so that the fuzzer reports it.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "base/utf8.h"
#include "text/analyzer.h"

namespace {

void check_tokens(const std::vector<chorus::text::Token>& tokens) {
  uint32_t last = 0;
  for (const chorus::text::Token& t : tokens) {
    if (t.term.empty() || t.term.size() > 128 || !chorus::utf8::valid(t.term)) __builtin_trap();
    if (t.position < last) __builtin_trap();
    last = t.position;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  static const chorus::text::Analyzer index_analyzer;
  static const chorus::text::Analyzer query_analyzer(
      chorus::text::AnalyzerOptions{.stem = true, .drop_stopwords = true});
  static const chorus::text::Analyzer raw_analyzer(
      chorus::text::AnalyzerOptions{.stem = false, .drop_stopwords = false});
  for (const chorus::text::Analyzer* a : {&index_analyzer, &query_analyzer, &raw_analyzer}) {
    std::vector<chorus::text::Token> tokens;
    a->analyze(text, "", &tokens);
    check_tokens(tokens);
    std::string word = a->normalize_word(text);
    if (!chorus::utf8::valid(word)) __builtin_trap();
  }
  std::string lang = chorus::text::guess_language(text);
  if (lang.size() > 2) __builtin_trap();
  return 0;
}
