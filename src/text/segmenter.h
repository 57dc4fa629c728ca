// Segmenter: one left-to-right pass over a text that appends its Tokens (private to src/text).
// The token rules are documented in analyzer.h; this class is their implementation.
//
// Cost: ASCII bytes are classified and lowercased inline; only non-ASCII code points go through
// char_class.h (a table below U+0800, utf8proc above). Buffers are reused across the tokens of
// one text; each emitted Token owns its term (short terms stay in the string's inline storage),
// or the terms go back to back into one TermList.
// Thread-safety: a Segmenter is used by one thread for one text; create one per call. Its
// buffers belong to the thread (see Scratch): one Segmenter per thread at a time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/analyzer.h"
#include "text/char_class.h"
#include "text/url.h"

namespace chorus::text::internal {

// Terms longer than this (in bytes) are not emitted: base64 blobs and keyboard mashing are not
// searchable words, and they would bloat the term dictionary.
constexpr size_t kMaxTermBytes = 128;

class Segmenter {
 public:
  // `keep_stopwords` overrides options.drop_stopwords (for normalize_word).
  // Tokens are appended to *out.
  Segmenter(const AnalyzerOptions& options, bool keep_stopwords, std::vector<Token>* out)
      : options_(options), keep_stopwords_(keep_stopwords), tokens_(out) {}
  Segmenter(const AnalyzerOptions& options, bool keep_stopwords, TermList* out)
      : options_(options), keep_stopwords_(keep_stopwords), list_(out) {}
  ~Segmenter();
  Segmenter(const Segmenter&) = delete;
  Segmenter& operator=(const Segmenter&) = delete;

  void run(std::string_view text);

 private:
  size_t step_ascii(size_t i);
  size_t step_other(size_t i);
  size_t scan_word(size_t i);
  size_t scan_cjk(size_t i);
  size_t try_url(size_t i);
  size_t try_hashtag(size_t i);
  size_t try_mention(size_t i);
  size_t try_emoji(size_t i);

  // Word helpers: each returns the new scan offset, or 0 when the word ends at `j`.
  size_t take_apostrophe(size_t j, size_t len);
  size_t append_ascii_run(size_t j, bool letters);
  size_t take_number_separator(size_t j, size_t len, bool thousands);

  void finish_word(Script script);
  bool at_word_boundary(size_t i) const;
  void emit(std::string_view term, TokenKind kind);
  void emit_at(std::string_view term, TokenKind kind, uint32_t position);

  const AnalyzerOptions& options_;
  const bool keep_stopwords_;
  std::vector<Token>* tokens_ = nullptr;  // exactly one of tokens_ and list_ is set
  TermList* list_ = nullptr;
  std::string_view text_;
  uint32_t position_ = 0;
  // Buffers reused by the segmenters of one thread, one after another (a Segmenter never runs
  // inside another), so that analyzing a text allocates nothing once they have grown.
  struct Scratch {
    std::string buf;
    std::vector<uint32_t> cjk_ends;
    UrlTerms url;
  };
  static Scratch& thread_scratch();

  Scratch& scratch_ = thread_scratch();
  std::string& buf_ = scratch_.buf;  // the term being built
  bool only_digits_ = true;          // buf_ holds only digits and decimal points so far
  std::vector<uint32_t>& cjk_ends_ =
      scratch_.cjk_ends;  // end offsets in buf_ of a CJK run's characters
};

}  // namespace chorus::text::internal
