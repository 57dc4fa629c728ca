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
//
// Segmentation rules (implemented in segmenter.cc; per-topic details in the private headers):
//   words      runs of letters, marks and digits of one script; a change of script (Latin,
//              Arabic, other) starts a new word. Apostrophes between letters are dropped
//              ("don't" -> "dont"), a final "'s" is dropped ("Alice's" -> "alice"); hyphens,
//              underscores and other punctuation separate ("well-known" -> "well", "known").
//              Folding (char_class.h): Unicode case folding, compatibility forms (fullwidth,
//              math bold, ligatures), Latin diacritics removed ("Café" -> "cafe"), Arabic
//              normalized (arabic.h). Stemming when options.stem: English (english.h) for
//              words of a-z, Arabic light stemming (arabic.h) for words of Arabic letters.
//   numbers    digit runs (Arabic-Indic ٠-٩ and ۰-۹ become 0-9) with '.' between digits kept
//              ("3.14") and ',' before exactly three digits dropped ("1,000" -> "1000").
//              A run mixing letters and digits ("covid19") is a word.
//   CJK        Han, Kana and Hangul: each character is a term and so is each pair of adjacent
//              characters ("地震速報" -> 地, 地震, 震, 震速, 速, 速報, 報); a bigram shares the
//              position of its first character, so a run of n characters spans n positions.
//   hashtags   '#' at a word boundary + letters/digits/marks/CJK/'_' with at least one letter;
//              folded like words, never stemmed ("#Fire" -> "#fire", "#غزة" -> "#غزه").
//   mentions   '@' at a word boundary + an ASCII handle with inner '.', '-' and one more
//              "@domain" ("@Alice.bsky.social" -> "@alice.bsky.social"); e-mail addresses are
//              words, not mentions.
//   URLs       http://, https://, www. (url.h): "host:<host>" without "www.", then
//              "path:<segment>" per path segment.
//   emoji      one term per emoji sequence, skin tones and ZWJ sequences kept, variation
//              selectors dropped (emoji.h).
//   dropped    invalid UTF-8 bytes, terms over 128 bytes, stopwords when drop_stopwords (their
//              position is still counted).
// Positions count terms from 0 in each text (CJK bigrams excepted, see above).
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

// The tokens of a text with their terms back to back in one buffer. A TermList reused across
// texts allocates nothing once its buffers have grown (each Token owns a string).
class TermList {
 public:
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  // The term of token i; the view is valid until the next add() or clear().
  std::string_view term(size_t i) const {
    return {bytes_.data() + entries_[i].offset, entries_[i].length};
  }
  TokenKind kind(size_t i) const { return entries_[i].kind; }
  uint32_t position(size_t i) const { return entries_[i].position; }
  void add(std::string_view term, TokenKind kind, uint32_t position) {
    entries_.push_back(
        {static_cast<uint32_t>(bytes_.size()), static_cast<uint32_t>(term.size()), position, kind});
    bytes_.append(term);
  }
  void clear() {
    bytes_.clear();
    entries_.clear();
  }

 private:
  struct Entry {
    uint32_t offset;  // in bytes_
    uint32_t length;
    uint32_t position;
    TokenKind kind;
  };
  std::string bytes_;
  std::vector<Entry> entries_;
};

struct AnalyzerOptions {
  bool stem = true;             // light suffix/prefix stripping (English and Arabic)
  bool drop_stopwords = false;  // index keeps stopwords; queries may drop them
};

class Analyzer {
 public:
  explicit Analyzer(AnalyzerOptions options = {});

  // Appends the tokens of `text` to `out` (not cleared). `lang` is a hint ("ar", "en"); empty
  // means decide per word by script. Invalid UTF-8 bytes are skipped, never fatal.
  // The terms depend only on the text: rules are chosen per word by its script, so a query
  // (usually without a hint) and a post (whose language tag may be wrong) analyze alike.
  void analyze(std::string_view text, std::string_view lang, std::vector<Token>* out) const;
  // The same tokens appended to a TermList (for callers that analyze many texts).
  void analyze(std::string_view text, std::string_view lang, TermList* out) const;

  // Convenience: just the terms, in order.
  std::vector<std::string> terms(std::string_view text, std::string_view lang = {}) const;

  // Normalizes a single word as analyze() would (for query terms typed by a user): the first
  // term of `word`, stopwords kept, "" when it has none (for CJK, its first character).
  std::string normalize_word(std::string_view word, std::string_view lang = {}) const;

  const AnalyzerOptions& options() const { return options_; }

 private:
  AnalyzerOptions options_;
};

// A best guess of the language of a text from its scripts: "ar" for Arabic script, "zh"/"ja"/"ko"
// for CJK scripts, "ru" for Cyrillic, "en" for Latin, "" when there are no letters. Also "el" for
// Greek and "he" for Hebrew; letters of other scripts are not counted. URLs and mentions are
// ignored.
std::string guess_language(std::string_view text);

}  // namespace chorus::text
