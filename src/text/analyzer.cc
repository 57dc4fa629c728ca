#include "text/analyzer.h"

#include "text/segmenter.h"

namespace chorus::text {

Analyzer::Analyzer(AnalyzerOptions options) : options_(options) {}

void Analyzer::analyze(std::string_view text, std::string_view /*lang*/,
                       std::vector<Token>* out) const {
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
