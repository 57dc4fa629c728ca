#include "text/analyzer.h"

#include "text/segmenter.h"

namespace chorus::text {

Analyzer::Analyzer(AnalyzerOptions options) : options_(options) {}

void Analyzer::analyze(std::string_view text, std::string_view /*lang*/,
                       std::vector<Token>* out) const {
  // A guess of the token count (about one per 5 bytes of prose) saves a fresh vector's
  // doublings; more tokens than that still fit, by growth. Only when empty: an exact reserve
  // before every append to a growing vector would reallocate each time.
  if (out->empty()) out->reserve(text.size() / 5 + 4);
  internal::Segmenter segmenter(options_, /*keep_stopwords=*/false, out);
  segmenter.run(text);
}

void Analyzer::analyze(std::string_view text, std::string_view /*lang*/, TermList* out) const {
  internal::Segmenter segmenter(options_, /*keep_stopwords=*/false, out);
  segmenter.run(text);
}

std::vector<std::string> Analyzer::terms(std::string_view text, std::string_view lang) const {
  std::vector<Token> tokens;
  analyze(text, lang, &tokens);
  std::vector<std::string> out;
  out.reserve(tokens.size());
  for (Token& t : tokens) out.push_back(std::move(t.term));
  return out;
}

std::string Analyzer::normalize_word(std::string_view word, std::string_view /*lang*/) const {
  std::vector<Token> tokens;
  internal::Segmenter segmenter(options_, /*keep_stopwords=*/true, &tokens);
  segmenter.run(word);
  return tokens.empty() ? std::string() : std::move(tokens.front().term);
}

}  // namespace chorus::text
