// WordPiece ("bert" vocabularies) as llama.cpp encodes them: the text is split into words at
// whitespace, with punctuation, ASCII symbols and CJK ideographs as words of their own; every
// code point is reduced to the first code point of its NFD form and lowercased; control
// characters are dropped. Each word, with a '▁' in front, is covered greedily by the longest
// vocabulary entries from the left; a word that cannot be covered becomes the unknown token.
#include "base/utf8.h"
#include "model/tokenizer/tokenizer_state.h"
#include "model/tokenizer/unicode_props.h"

namespace chorus::model::detail {
namespace {

constexpr std::string_view kWordStart = "\xE2\x96\x81";  // U+2581 '▁'

bool is_cjk_ideograph(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B73F) ||
         (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}

// The normalized words of `text`, each already prefixed with '▁'.
std::vector<std::string> wpm_words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  auto finish = [&] {
    if (!word.empty()) words.push_back(std::string(kWordStart) + word);
    word.clear();
  };
  for (char32_t raw : unicode::to_codepoints(text, nullptr)) {
    const char32_t cp = unicode::nfd_base(raw);
    if (unicode::is_whitespace(cp)) {
      finish();
      continue;
    }
    if (cp == 0 || cp == 0xFFFD || unicode::is_control(cp)) continue;
    const char32_t lower = unicode::to_lower(cp);
    if (unicode::is_punctuation(cp) || (cp < 0x7F && unicode::is_symbol(cp)) ||
        is_cjk_ideograph(cp)) {
      finish();
      utf8::append(word, lower);
      finish();
    } else {
      utf8::append(word, lower);
    }
  }
  finish();
  return words;
}

}  // namespace

void wpm_encode(const TokenizerState& s, std::string_view text, std::vector<int32_t>& out) {
  for (const std::string& word : wpm_words(text)) {
    const size_t start = out.size();
    const size_t n = word.size();
    for (size_t i = 0; i < n;) {
      size_t j = std::min(n, i + s.max_token_len);
      int32_t id = kNoToken;
      for (; j > i; --j) {
        id = s.find(std::string_view(word).substr(i, j - i));
        if (id != kNoToken) break;
      }
      if (id == kNoToken) {
        out.resize(start);  // the word cannot be covered: it becomes one unknown token
        break;
      }
      out.push_back(id);
      i = j;
    }
    if (out.size() == start && s.vocab.unk != kNoToken) out.push_back(s.vocab.unk);
  }
}

}  // namespace chorus::model::detail
