#include "text/arabic.h"

#include <array>

#include "text/affix.h"

namespace chorus::text::internal {

char32_t normalize_arabic_char(char32_t cp) {
  if (cp >= 0x064b && cp <= 0x065f) return 0;  // harakat, shadda, sukun, hamza marks
  if (cp >= 0x0610 && cp <= 0x061a) return 0;  // honorific and Quranic signs
  if (cp >= 0x06d6 && cp <= 0x06ed) return 0;  // Quranic annotation marks (small high letters)
  if (cp >= 0x0660 && cp <= 0x0669) return U'0' + (cp - 0x0660);
  if (cp >= 0x06f0 && cp <= 0x06f9) return U'0' + (cp - 0x06f0);
  switch (cp) {
    case 0x0640:  // tatweel
    case 0x0670:  // superscript alef
      return 0;
    case 0x0622:
    case 0x0623:
    case 0x0625:
    case 0x0671:
    case 0x0672:
    case 0x0673:
      return 0x0627;
    case 0x0649:
    case 0x06cc:
      return 0x064a;
    case 0x0629:
    case 0x06c0:
      return 0x0647;
    case 0x06a9:
      return 0x0643;
    default:
      return cp;
  }
}

bool is_plain_arabic_word(std::string_view word) {
  if (word.empty() || word.size() % 2 != 0) return false;
  for (size_t i = 0; i < word.size(); i += 2) {
    auto b0 = static_cast<unsigned char>(word[i]);
    auto b1 = static_cast<unsigned char>(word[i + 1]);
    // U+0621..U+063F is D8 A1..D8 BF; U+0640..U+064A is D9 80..D9 8A.
    bool ok = (b0 == 0xd8 && b1 >= 0xa1 && b1 <= 0xbf) || (b0 == 0xd9 && b1 >= 0x80 && b1 <= 0x8a);
    if (!ok) return false;
  }
  return true;
}

namespace {

// Every letter of a plain Arabic word takes two bytes.
constexpr size_t kLetterBytes = 2;
constexpr size_t kMinAfterPrefix = 2;  // letters left after removing the article
constexpr size_t kMinAfterSuffix = 3;  // letters left after removing a suffix

constexpr std::array<std::string_view, 6> kArticles = {"وال", "بال", "كال", "فال", "لل", "ال"};
constexpr std::array<std::string_view, 7> kSuffixes = {"ها", "ات", "ون", "ين", "يه", "ه", "ي"};

// Every article ends in lam (U+0644, D9 84) as its second or third letter, and every suffix ends
// in alef, teh, noon, heh or yeh: words without them skip the affix loops.
bool lam_at(std::string_view word, size_t letter) {
  size_t i = letter * kLetterBytes;
  return word.size() > i + 1 && static_cast<unsigned char>(word[i]) == 0xd9 &&
         static_cast<unsigned char>(word[i + 1]) == 0x84;
}

bool may_end_in_suffix(std::string_view word) {
  auto b0 = static_cast<unsigned char>(word[word.size() - 2]);
  auto b1 = static_cast<unsigned char>(word[word.size() - 1]);
  return b0 == 0xd8 ? (b1 == 0xa7 || b1 == 0xaa) : (b1 == 0x86 || b1 == 0x87 || b1 == 0x8a);
}

}  // namespace

void stem_arabic(std::string* word) {
  if (!is_plain_arabic_word(*word)) return;
  if (lam_at(*word, 1) || lam_at(*word, 2)) {
    for (std::string_view p : kArticles) {
      if (has_prefix(*word, p) && word->size() >= p.size() + kMinAfterPrefix * kLetterBytes) {
        word->erase(0, p.size());
        break;
      }
    }
  }
  if (!may_end_in_suffix(*word)) return;
  for (std::string_view s : kSuffixes) {
    if (has_suffix(*word, s) && word->size() >= s.size() + kMinAfterSuffix * kLetterBytes) {
      word->resize(word->size() - s.size());
    }
  }
}

}  // namespace chorus::text::internal
