#include "text/segmenter.h"

#include "text/arabic.h"
#include "text/emoji.h"
#include "text/english.h"
#include "text/stopwords.h"
#include "text/url.h"

namespace chorus::text::internal {
namespace {

constexpr char32_t kRightSingleQuote = 0x2019;
constexpr char32_t kModifierApostrophe = 0x02bc;
constexpr char32_t kArabicDecimalSeparator = 0x066b;
constexpr char32_t kArabicThousandsSeparator = 0x066c;

bool is_digit_at(std::string_view text, size_t i) {
  if (i >= text.size()) return false;
  char32_t cp = 0;
  return decode_at(text, i, &cp) != 0 && classify(cp) == CharClass::kDigit;
}

bool is_letter_at(std::string_view text, size_t i) {
  if (i >= text.size()) return false;
  char32_t cp = 0;
  return decode_at(text, i, &cp) != 0 && classify(cp) == CharClass::kLetter;
}

// Byte length of the code point at text[i] (1 for ill-formed bytes).
size_t length_at(std::string_view text, size_t i) {
  char32_t cp = 0;
  size_t n = decode_at(text, i, &cp);
  return n == 0 ? 1 : n;
}

bool is_word_char_at(std::string_view text, size_t i) {
  char32_t cp = 0;
  return i < text.size() && decode_at(text, i, &cp) != 0 && is_word_char(cp);
}

// Offset after a possessive "'s" / "’s" at text[j] that ends a word, or j when there is none.
size_t skip_possessive(std::string_view text, size_t j) {
  size_t len = 0;
  if (j < text.size() && text[j] == '\'') {
    len = 1;
  } else if (text.substr(j, 3) == "\u2019") {
    len = 3;
  }
  size_t s = j + len;
  if (len == 0 || s >= text.size() || (text[s] != 's' && text[s] != 'S')) return j;
  return is_word_char_at(text, s + 1) ? j : s + 1;
}

bool is_handle_char(unsigned char c) {
  return is_ascii_alnum(c) || c == '_' || c == '.' || c == '-';
}

}  // namespace

Segmenter::Scratch& Segmenter::thread_scratch() {
  thread_local Scratch scratch;
  return scratch;
}

Segmenter::~Segmenter() {
  // A huge word or run of CJK leaves big buffers behind: those are not kept for the thread.
  constexpr size_t kKeepBytes = size_t{1} << 16;
  if (buf_.capacity() > kKeepBytes) std::string().swap(buf_);
  if (cjk_ends_.capacity() * sizeof(uint32_t) > kKeepBytes) std::vector<uint32_t>().swap(cjk_ends_);
}

void Segmenter::run(std::string_view text) {
  text_ = text;
  size_t i = 0;
  while (i < text_.size()) {
    size_t next = static_cast<unsigned char>(text_[i]) < 0x80 ? step_ascii(i) : step_other(i);
    // A code point that starts no token (U+02BC is a letter but only joins words) is skipped.
    i = next > i ? next : i + length_at(text_, i);
  }
}

size_t Segmenter::step_ascii(size_t i) {
  auto c = static_cast<unsigned char>(text_[i]);
  if (is_ascii_alpha(c)) {
    char l = ascii_lower(c);
    if (l == 'h' || l == 'w') {
      size_t j = try_url(i);
      if (j != i) return j;
    }
    return scan_word(i);
  }
  if (is_ascii_digit(c)) {
    bool maybe_keycap = i + 1 < text_.size() && static_cast<unsigned char>(text_[i + 1]) >= 0x80;
    size_t j = maybe_keycap ? try_emoji(i) : i;
    return j != i ? j : scan_word(i);
  }
  if (c == '#') {
    size_t j = try_hashtag(i);
    if (j == i) j = try_emoji(i);
    return j != i ? j : i + 1;
  }
  if (c == '@') {
    size_t j = try_mention(i);
    return j != i ? j : i + 1;
  }
  if (c == '*') {
    size_t j = try_emoji(i);
    return j != i ? j : i + 1;
  }
  return i + 1;
}

size_t Segmenter::step_other(size_t i) {
  char32_t cp = 0;
  size_t n = decode_at(text_, i, &cp);
  if (n == 0) return i + 1;  // ill-formed byte: skipped
  switch (classify(cp)) {
    case CharClass::kLetter:
    case CharClass::kDigit:
    case CharClass::kMark:
      return scan_word(i);
    case CharClass::kCjk:
      return scan_cjk(i);
    case CharClass::kEmoji: {
      size_t j = try_emoji(i);
      return j != i ? j : i + n;
    }
    default:
      return i + n;
  }
}

size_t Segmenter::scan_word(size_t i) {
  buf_.clear();
  only_digits_ = true;
  Script script = Script::kNone;
  size_t j = i;
  while (j < text_.size()) {
    auto c = static_cast<unsigned char>(text_[j]);
    if (c < 0x80) {
      if (is_ascii_alpha(c)) {
        if (script != Script::kNone && script != Script::kLatin) break;
        script = Script::kLatin;
        only_digits_ = false;
        j = append_ascii_run(j, /*letters=*/true);
      } else if (is_ascii_digit(c)) {
        j = append_ascii_run(j, /*letters=*/false);
      } else if (c == '\'' || c == '.' || c == ',') {
        size_t k = c == '\'' ? take_apostrophe(j, 1) : take_number_separator(j, 1, c == ',');
        if (k == 0) break;
        j = k;
      } else {
        break;
      }
      continue;
    }
    char32_t cp = 0;
    size_t n = decode_at(text_, j, &cp);
    if (n == 0) break;
    bool apostrophe = cp == kRightSingleQuote || cp == kModifierApostrophe;
    if (apostrophe || cp == kArabicDecimalSeparator || cp == kArabicThousandsSeparator) {
      size_t k = apostrophe ? take_apostrophe(j, n)
                            : take_number_separator(j, n, cp == kArabicThousandsSeparator);
      if (k == 0) break;
      j = k;
      continue;
    }
    size_t before = buf_.size();
    Script s = Script::kNone;
    CharClass cls = classify_and_fold(cp, &buf_, &s);
    if (cls == CharClass::kIgnorable) {
      j += n;
      continue;
    }
    if ((cls != CharClass::kLetter && cls != CharClass::kDigit && cls != CharClass::kMark) ||
        (s != Script::kNone && script != Script::kNone && s != script)) {
      buf_.resize(before);  // CJK or another script: not part of this word
      break;
    }
    if (s != Script::kNone) script = s;
    if (cls != CharClass::kDigit && buf_.size() != before) only_digits_ = false;
    j += n;
  }
  finish_word(script);
  return j;
}

// Appends the run of ASCII digits (and letters, when `letters`: the caller has set the word's
// script to Latin and cleared only_digits_) from text_[j] on, lowercased; returns the offset
// after it.
size_t Segmenter::append_ascii_run(size_t j, bool letters) {
  size_t end = j + 1;
  while (end < text_.size()) {
    auto c = static_cast<unsigned char>(text_[end]);
    if (!(letters ? is_ascii_alnum(c) : is_ascii_digit(c))) break;
    ++end;
  }
  const size_t before = buf_.size();
  buf_.resize(before + (end - j));
  char* dst = buf_.data() + before;
  for (size_t k = j; k < end; ++k) *dst++ = ascii_lower(static_cast<unsigned char>(text_[k]));
  return end;
}

// An apostrophe joins letters ("don't" -> "dont"); "'s" at the end of a word is dropped
// ("Alice's" -> "alice"). Anywhere else it ends the word.
size_t Segmenter::take_apostrophe(size_t j, size_t len) {
  if (buf_.empty() || only_digits_ || !is_letter_at(text_, j + len)) return 0;
  size_t k = j + len;
  if ((text_[k] == 's' || text_[k] == 'S') && !is_word_char_at(text_, k + 1)) {
    return k + 1;
  }
  return k;
}

// Inside a number: '.' (or U+066B) before a digit is a decimal point and kept as '.'; ',' (or
// U+066C) followed by exactly three digits is a thousands separator and dropped.
size_t Segmenter::take_number_separator(size_t j, size_t len, bool thousands) {
  if (buf_.empty() || !only_digits_ || !is_digit_at(text_, j + len)) return 0;
  size_t k = j + len;
  if (!thousands) {
    buf_.push_back('.');
    return k;
  }
  size_t m = k;
  for (int d = 0; d < 3; ++d) {
    if (!is_digit_at(text_, m)) return 0;
    m += length_at(text_, m);
  }
  return is_digit_at(text_, m) ? 0 : k;
}

void Segmenter::finish_word(Script script) {
  if (buf_.empty()) return;
  if (only_digits_) {
    emit(buf_, TokenKind::kNumber);
    return;
  }
  if (options_.drop_stopwords && !keep_stopwords_ && is_stopword(buf_)) {
    ++position_;  // keep the gap so that phrase distances stay true
    return;
  }
  if (options_.stem) {
    if (script == Script::kLatin) stem_english(&buf_);
    if (script == Script::kArabic) stem_arabic(&buf_);
  }
  emit(buf_, TokenKind::kWord);
}

size_t Segmenter::scan_cjk(size_t i) {
  buf_.clear();
  cjk_ends_.clear();
  size_t j = i;
  while (j < text_.size()) {
    char32_t cp = 0;
    size_t n = decode_at(text_, j, &cp);
    if (n == 0) break;
    CharClass cls = classify(cp);
    if (cls == CharClass::kCjk) {
      fold(cp, &buf_);
      cjk_ends_.push_back(static_cast<uint32_t>(buf_.size()));
    } else if (cls == CharClass::kMark && !cjk_ends_.empty()) {
      fold(cp, &buf_);  // a combining mark belongs to the character before it
      cjk_ends_.back() = static_cast<uint32_t>(buf_.size());
    } else if (cls != CharClass::kIgnorable) {
      break;
    }
    j += n;
  }
  // Unigram k and bigram (k, k+1) share position base + k.
  std::string_view run = buf_;
  uint32_t base = position_;
  uint32_t start = 0;
  for (size_t k = 0; k < cjk_ends_.size(); ++k) {
    uint32_t end = cjk_ends_[k];
    emit_at(run.substr(start, end - start), TokenKind::kWord, base + static_cast<uint32_t>(k));
    if (k + 1 < cjk_ends_.size()) {
      emit_at(run.substr(start, cjk_ends_[k + 1] - start), TokenKind::kWord,
              base + static_cast<uint32_t>(k));
    }
    start = end;
  }
  position_ = base + static_cast<uint32_t>(cjk_ends_.size());
  return j;
}

size_t Segmenter::try_url(size_t i) {
  // The boundary is checked first: a URL scan runs to the next space, and repeating it at every
  // non-boundary "http" of a long unspaced text would be quadratic.
  if (!at_word_boundary(i)) return i;
  size_t len = url_length(text_.substr(i));
  if (len == 0) return i;
  UrlTerms& terms = scratch_.url;
  url_terms(text_.substr(i, len), &terms);
  if (!terms.host.empty()) emit(terms.host, TokenKind::kUrlHost);
  for (size_t k = 0; k < terms.path_count(); ++k) emit(terms.path(k), TokenKind::kUrlPath);
  return i + len;
}

// "#" + letters, digits, marks, CJK and '_' with at least one letter; folded like words (Arabic
// normalization included) but never stemmed.
size_t Segmenter::try_hashtag(size_t i) {
  if (!at_word_boundary(i)) return i;
  buf_.assign(1, '#');
  bool has_letter = false;
  size_t j = i + 1;
  while (j < text_.size()) {
    auto c = static_cast<unsigned char>(text_[j]);
    if (c < 0x80) {
      if (!is_ascii_alnum(c) && c != '_') break;
      has_letter |= is_ascii_alpha(c);
      buf_.push_back(ascii_lower(c));
      ++j;
      continue;
    }
    char32_t cp = 0;
    size_t n = decode_at(text_, j, &cp);
    if (n == 0) break;
    CharClass cls = classify(cp);
    if (cls == CharClass::kLetter || cls == CharClass::kCjk || cls == CharClass::kMark ||
        cls == CharClass::kDigit) {
      has_letter |= cls == CharClass::kLetter || cls == CharClass::kCjk;
      fold(cp, &buf_);
    } else if (cls != CharClass::kIgnorable) {
      break;
    }
    j += n;
  }
  if (!has_letter) return i;
  emit(buf_, TokenKind::kHashtag);
  return skip_possessive(text_, j);
}

// "@" + an ASCII handle: letters, digits, '_', and '.', '-' inside (Bluesky "alice.bsky.social");
// one more "@domain" for fediverse handles ("@bob@mastodon.social"). Lowercased.
size_t Segmenter::try_mention(size_t i) {
  if (!at_word_boundary(i)) return i;
  size_t j = i + 1;
  if (j >= text_.size()) return i;
  auto first = static_cast<unsigned char>(text_[j]);
  if (!is_ascii_alnum(first) && first != '_') return i;
  bool second_at = false;
  while (j < text_.size()) {
    auto c = static_cast<unsigned char>(text_[j]);
    if (is_handle_char(c)) {
      ++j;
    } else if (c == '@' && !second_at && j + 1 < text_.size() &&
               is_ascii_alnum(static_cast<unsigned char>(text_[j + 1]))) {
      second_at = true;
      ++j;
    } else {
      break;
    }
  }
  while (text_[j - 1] == '.' || text_[j - 1] == '-') --j;
  buf_.assign(1, '@');
  for (size_t k = i + 1; k < j; ++k)
    buf_.push_back(ascii_lower(static_cast<unsigned char>(text_[k])));
  emit(buf_, TokenKind::kMention);
  return skip_possessive(text_, j);
}

size_t Segmenter::try_emoji(size_t i) {
  size_t j = scan_emoji(text_, i, &buf_);
  if (j != i) emit(buf_, TokenKind::kEmoji);
  return j;
}

bool Segmenter::at_word_boundary(size_t i) const {
  return !is_word_char(code_point_before(text_, i));
}

void Segmenter::emit(std::string_view term, TokenKind kind) {
  if (term.size() > kMaxTermBytes) return;
  emit_at(term, kind, position_++);
}

void Segmenter::emit_at(std::string_view term, TokenKind kind, uint32_t position) {
  if (term.size() > kMaxTermBytes) return;
  if (list_ != nullptr) {
    list_->add(term, kind, position);
    return;
  }
  Token& t = tokens_->emplace_back();
  t.term.assign(term);
  t.kind = kind;
  t.position = position;
}

}  // namespace chorus::text::internal
