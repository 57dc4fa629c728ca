#include "trust/moderation/shape_features.h"

#include <algorithm>
#include <string>

#include "base/hash.h"

namespace chorus::trust {
namespace {

// 0, 1, 2 or 3 (= 3 and more).
uint32_t up_to_3(size_t n) {
  return static_cast<uint32_t>(std::min<size_t>(n, 3));
}

struct RawCounts {
  size_t upper = 0, letters = 0, caps_words = 0, bang = 0, question = 0;
  bool elongated = false;
};

RawCounts count_raw(std::string_view raw) {
  RawCounts c;
  size_t word_letters = 0, word_upper = 0, run = 0;
  char prev = 0;
  for (size_t i = 0; i <= raw.size(); ++i) {
    const char ch = i < raw.size() ? raw[i] : ' ';
    const bool up = ch >= 'A' && ch <= 'Z', low = ch >= 'a' && ch <= 'z';
    if (up || low) {
      ++word_letters;
      word_upper += up;
    } else {
      c.caps_words += word_letters >= 2 && word_upper == word_letters;
      c.letters += word_letters;
      c.upper += word_upper;
      word_letters = word_upper = 0;
    }
    c.bang += ch == '!';
    c.question += ch == '?';
    run = ch == prev ? run + 1 : 1;
    c.elongated |= run >= 3 && ch != ' ' && ch != '.';
    prev = ch;
  }
  return c;
}

uint32_t caps_bucket(const RawCounts& c) {
  if (c.upper == 0 || c.letters == 0) return 0;
  const double share = static_cast<double>(c.upper) / static_cast<double>(c.letters);
  return share < 0.1 ? 1 : share < 0.3 ? 2 : share < 0.6 ? 3 : 4;
}

uint32_t length_bucket(size_t terms) {
  return terms < 5 ? 0 : terms < 10 ? 1 : terms < 20 ? 2 : terms < 40 ? 3 : 4;
}

}  // namespace

void add_shape_features(std::string_view raw, const std::vector<text::Token>& tokens, uint64_t seed,
                        uint32_t mask, std::vector<uint32_t>* out) {
  const RawCounts c = count_raw(raw);
  size_t kind[7] = {};
  for (const text::Token& t : tokens) ++kind[static_cast<size_t>(t.kind)];
  // With tweet normalization a URL is the word "url".
  const size_t urls =
      kind[static_cast<size_t>(text::TokenKind::kUrlHost)] +
      static_cast<size_t>(std::count_if(tokens.begin(), tokens.end(),
                                        [](const text::Token& t) { return t.term == "url"; }));
  // Each indicator is (feature number, bucket).
  const uint32_t indicators[][2] = {
      {0, caps_bucket(c)},
      {1, up_to_3(c.caps_words)},
      {2, up_to_3(c.bang)},
      {3, up_to_3(c.question)},
      {4, c.elongated ? 1u : 0u},
      {5, up_to_3(kind[static_cast<size_t>(text::TokenKind::kMention)])},
      {6, up_to_3(urls)},
      {7, up_to_3(kind[static_cast<size_t>(text::TokenKind::kHashtag)])},
      {8, up_to_3(kind[static_cast<size_t>(text::TokenKind::kEmoji)])},
      {9, length_bucket(tokens.size())},
  };
  for (const auto& [feature, bucket] : indicators) {
    const uint64_t key = (uint64_t{feature} << 8) | bucket;
    out->push_back(static_cast<uint32_t>(mix64(key ^ seed)) & mask);
  }
}

}  // namespace chorus::trust
