#include "stream/sim/arabic_variants.h"

namespace chorus::sim {
namespace {

// Two-byte UTF-8 forms of the Arabic characters this file rewrites.
constexpr unsigned char kLead0 = 0xD8, kLead1 = 0xD9;

// The code point of the 2-byte sequence at s[i], or 0 when it is not U+0600..U+06FF.
char32_t arabic_at(std::string_view s, size_t i) {
  if (i + 1 >= s.size()) return 0;
  auto b0 = static_cast<unsigned char>(s[i]), b1 = static_cast<unsigned char>(s[i + 1]);
  if (b0 != kLead0 && b0 != kLead1) return 0;
  return static_cast<char32_t>((b0 & 0x1F) << 6 | (b1 & 0x3F));
}

bool is_arabic_letter(char32_t cp) {
  return cp >= 0x621 && cp <= 0x64A && cp != 0x640;
}

// Letters that do not join to the next one; a tatweel after them would float.
bool joins_next(char32_t cp) {
  switch (cp) {
    case 0x627:
    case 0x623:
    case 0x625:
    case 0x622:
    case 0x62F:
    case 0x630:
    case 0x631:
    case 0x632:
    case 0x648:
    case 0x629:
    case 0x649:
    case 0x621:
      return false;
    default:
      return is_arabic_letter(cp);
  }
}

void append_cp(char32_t cp, std::string* out) {
  out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
  out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
}

enum class TokenKind { kVerbatim, kHashtag, kWord };

TokenKind classify(std::string_view token) {
  if (token.empty()) return TokenKind::kWord;
  // Mentions, URLs and bracketed placeholder tokens ("[slur-hate-1]") stay as they are.
  if (token[0] == '@' || token[0] == '[' || token.substr(0, 4) == "http")
    return TokenKind::kVerbatim;
  return token[0] == '#' ? TokenKind::kHashtag : TokenKind::kWord;
}

char32_t letter_variant(char32_t cp, bool word_end, const ArabicStyle& st, Rng& rng) {
  if ((cp == 0x623 || cp == 0x625 || cp == 0x622) && st.plain_alef > 0 && rng.chance(st.plain_alef))
    return 0x627;
  if (word_end && cp == 0x629 && st.heh_for_teh) return 0x647;
  if (word_end && cp == 0x649 && st.yeh_for_maqsura) return 0x64A;
  if (word_end && cp == 0x64A && st.maqsura_for_yeh) return 0x649;
  return cp;
}

void rewrite_token(std::string_view tok, TokenKind kind, const ArabicStyle& st, Rng& rng,
                   std::string* out) {
  const bool full = kind == TokenKind::kWord;
  const bool stretch = full && st.tatweel > 0 && rng.chance(st.tatweel);
  int letters = 0;
  for (size_t i = 0; i < tok.size();) {
    char32_t cp = arabic_at(tok, i);
    if (cp == 0) {
      char c = tok[i++];
      if (full && st.indic_digits && c >= '0' && c <= '9')
        append_cp(0x660 + static_cast<char32_t>(c - '0'), out);
      else
        out->push_back(c);
      continue;
    }
    i += 2;
    if (!is_arabic_letter(cp)) {
      append_cp(cp, out);
      continue;
    }
    bool word_end = !is_arabic_letter(arabic_at(tok, i));
    append_cp(letter_variant(cp, word_end, st, rng), out);
    ++letters;
    if (stretch && letters == 2 && !word_end && joins_next(cp)) append_cp(0x640, out);
    if (full && st.diacritics > 0 && rng.chance(st.diacritics))
      append_cp(0x64E + static_cast<char32_t>(rng.below(3)), out);  // fatha, damma, kasra
  }
}

}  // namespace

ArabicStyle ArabicStyle::random(Rng& rng) {
  ArabicStyle s;
  s.plain_alef = rng.chance(0.5) ? 0.8 : 0.0;
  s.heh_for_teh = rng.chance(0.35);
  double y = rng.uniform();
  s.yeh_for_maqsura = y < 0.25;
  s.maqsura_for_yeh = y > 0.75;
  s.tatweel = rng.chance(0.15) ? 0.3 : 0.0;
  s.diacritics = rng.chance(0.1) ? 0.12 : 0.0;
  s.indic_digits = rng.chance(0.5);
  return s;
}

void apply_arabic_style(std::string_view text, const ArabicStyle& style, Rng& rng,
                        std::string* out) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view tok = text.substr(pos, end - pos);
    TokenKind kind = classify(tok);
    if (kind == TokenKind::kVerbatim)
      out->append(tok);
    else
      rewrite_token(tok, kind, style, rng, out);
    if (end < text.size()) out->push_back(' ');
    pos = end + 1;
  }
}

}  // namespace chorus::sim
