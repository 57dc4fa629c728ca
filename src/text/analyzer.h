// Analyzer: turns post text and queries into index terms. The same analyzer runs at ingest and at
// query time, so a query finds posts written with other spellings of the same word.
//
// Terms are UTF-8 strings; their kind is visible in a prefix so that kinds never collide:
//   words and numbers  "fire", "2024", "حريق"   (normalized, case-folded, lightly stemmed)
//   hashtags           "#fire"                  (normalized like words, without stemming)
//   mentions           "@alice"                 (case-folded handle)
//   URLs               "host:example.org", "path:news" (one per path segment)
//   emoji              the emoji itself          ("🔥")
// Thread-safety: analyze() is const and may run on many threads at once.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chorus::text {

enum class TokenKind : uint8_t { kWord, kNumber, kHashtag, kMention, kUrlHost, kUrlPath, kEmoji };

struct Token {
  std::string term;
  TokenKind kind;
  uint32_t position;  // ordinal of the token in the text, from 0
};

struct AnalyzerOptions {
  bool stem = true;              // light suffix/prefix stripping (English and Arabic)
  bool drop_stopwords = false;   // index keeps stopwords; queries may drop them
};

class Analyzer {
 public:
  explicit Analyzer(AnalyzerOptions options = {});

  // Appends the tokens of `text` to `out` (not cleared). `lang` is a hint ("ar", "en"); empty
  // means decide per word by script. Invalid UTF-8 bytes are skipped, never fatal.
  void analyze(std::string_view text, std::string_view lang, std::vector<Token>* out) const;

  // Convenience: just the terms, in order.
  std::vector<std::string> terms(std::string_view text, std::string_view lang = {}) const;

  // Normalizes a single word as analyze() would (for query terms typed by a user).
  std::string normalize_word(std::string_view word, std::string_view lang = {}) const;

  const AnalyzerOptions& options() const { return options_; }

 private:
  AnalyzerOptions options_;
};

// A best guess of the language of a text from its scripts: "ar" for Arabic script, "zh"/"ja"/"ko"
// for CJK scripts, "ru" for Cyrillic, "en" for Latin, "" when there are no letters.
std::string guess_language(std::string_view text);

}  // namespace chorus::text
