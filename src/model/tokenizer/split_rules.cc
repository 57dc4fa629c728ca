#include "model/tokenizer/split_rules.h"

#include <algorithm>
#include <iterator>

#include "model/tokenizer/unicode_props.h"

namespace chorus::model::split_rules {
namespace {

using unicode::is_letter;
using unicode::is_number;
using unicode::is_punctuation;
using unicode::is_whitespace;

struct Range {
  char32_t lo, hi;
};

// The cased-letter class of DeepSeek LLM's tokenizer.json, as code point ranges (sorted).
constexpr Range kDeepseekLetters[] = {
    {0x41, 0x5A},       {0x61, 0x7A},       {0xB5, 0xB5},       {0xC0, 0xD6},
    {0xD8, 0xF6},       {0xF8, 0x1BA},      {0x1BC, 0x1BF},     {0x1C4, 0x293},
    {0x295, 0x2AF},     {0x370, 0x373},     {0x376, 0x377},     {0x37B, 0x37D},
    {0x37F, 0x37F},     {0x386, 0x386},     {0x388, 0x38A},     {0x38C, 0x38C},
    {0x38E, 0x3A1},     {0x3A3, 0x3F5},     {0x3F7, 0x481},     {0x48A, 0x52F},
    {0x531, 0x556},     {0x10A0, 0x10C5},   {0x13A0, 0x13F5},   {0x13F8, 0x13FD},
    {0x1C90, 0x1CBA},   {0x1CBD, 0x1CBF},   {0x1D00, 0x1D2B},   {0x1D6B, 0x1D77},
    {0x1D79, 0x1D9A},   {0x1E00, 0x1F15},   {0x1F18, 0x1F1D},   {0x1F20, 0x1F45},
    {0x1F48, 0x1F4D},   {0x1F50, 0x1F57},   {0x1F59, 0x1F59},   {0x1F5B, 0x1F5B},
    {0x1F5D, 0x1F5D},   {0x1F5F, 0x1F7D},   {0x1F80, 0x1FB4},   {0x1FB6, 0x1FBC},
    {0x1FBE, 0x1FBE},   {0x1FC2, 0x1FC4},   {0x1FC6, 0x1FCC},   {0x1FD0, 0x1FD3},
    {0x1FD6, 0x1FDB},   {0x1FE0, 0x1FEC},   {0x1FF2, 0x1FF4},   {0x1FF6, 0x1FFC},
    {0x2102, 0x2102},   {0x2107, 0x2107},   {0x210A, 0x2113},   {0x2115, 0x2115},
    {0x2119, 0x211D},   {0x2124, 0x2124},   {0x2126, 0x2126},   {0x2128, 0x2128},
    {0x212A, 0x212D},   {0x212F, 0x2134},   {0x2139, 0x2139},   {0x213C, 0x213F},
    {0x2145, 0x2149},   {0x214E, 0x214E},   {0x2183, 0x2184},   {0x2C00, 0x2C7B},
    {0x2C7E, 0x2CE4},   {0x2CEB, 0x2CEE},   {0x2CF2, 0x2CF3},   {0xA640, 0xA66D},
    {0xA680, 0xA69B},   {0xA722, 0xA76F},   {0xA771, 0xA787},   {0xA78B, 0xA78E},
    {0xAB70, 0xABBF},   {0xFB00, 0xFB06},   {0xFB13, 0xFB17},   {0xFF21, 0xFF3A},
    {0xFF41, 0xFF5A},   {0x10400, 0x1044F}, {0x104B0, 0x104D3}, {0x104D8, 0x104FB},
    {0x10C80, 0x10CB2}, {0x10CC0, 0x10CF2}, {0x118A0, 0x118DF}, {0x1E900, 0x1E943},
};

// DeepSeek LLM's punctuation class [!-/:-~！-／：-～‘-‟　-。] (sorted).
constexpr Range kDeepseekPunct[] = {{0x21, 0x2F},     {0x3A, 0x7E},     {0x2018, 0x201F},
                                    {0x3000, 0x3002}, {0xFF01, 0xFF0F}, {0xFF1A, 0xFF5E}};

// [一-龥ࠀ-一가-퟿]: U+4E00-9FA5, U+0800-4E00, U+AC00-D7FF.
constexpr Range kCjk[] = {{0x0800, 0x9FA5}, {0xAC00, 0xD7FF}};

template <size_t N>
bool in_ranges(const Range (&ranges)[N], char32_t cp) {
  const Range* it = std::upper_bound(std::begin(ranges), std::end(ranges), cp,
                                     [](char32_t v, const Range& r) { return v < r.lo; });
  return it != std::begin(ranges) && cp <= (it - 1)->hi;
}

bool is_deepseek_letter(char32_t cp) {
  return in_ranges(kDeepseekLetters, cp);
}
bool is_deepseek_punct(char32_t cp) {
  return in_ranges(kDeepseekPunct, cp);
}
bool is_cjk(char32_t cp) {
  return in_ranges(kCjk, cp);
}
bool is_other(char32_t cp) {
  return !is_whitespace(cp) && !is_letter(cp) && !is_number(cp);
}
bool is_cr_lf(char32_t cp) {
  return cp == '\r' || cp == '\n';
}
bool is_ascii_digit(char32_t cp) {
  return cp >= '0' && cp <= '9';
}

bool is_symbol_in(char32_t cp, std::u32string_view set) {
  return is_punctuation(cp) || set.find(cp) != std::u32string_view::npos;
}

template <typename Pred>
size_t run(const char32_t* c, size_t pos, size_t end, Pred pred) {
  size_t i = pos;
  while (i < end && pred(c[i])) ++i;
  return i - pos;
}

// \s?[class]+
template <typename Pred>
size_t optional_space_run(const char32_t* c, size_t pos, size_t end, Pred pred) {
  if (is_whitespace(c[pos]) && pos + 1 < end && pred(c[pos + 1])) {
    return 1 + run(c, pos + 1, end, pred);
  }
  return run(c, pos, end, pred);
}

// ' ?[class]+' with a literal space.
template <typename Pred>
size_t optional_blank_run(const char32_t* c, size_t pos, size_t end, Pred pred) {
  if (c[pos] == ' ' && pos + 1 < end && pred(c[pos + 1])) return 1 + run(c, pos + 1, end, pred);
  return run(c, pos, end, pred);
}

char32_t ascii_lower(char32_t cp) {
  return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
}

// 's|'t|'re|'ve|'m|'ll|'d, optionally ignoring ASCII case.
size_t contraction(const char32_t* c, size_t pos, size_t end, bool ignore_case) {
  if (c[pos] != '\'' || pos + 1 >= end) return 0;
  auto at = [&](size_t i) { return ignore_case ? ascii_lower(c[i]) : c[i]; };
  const char32_t a = at(pos + 1);
  if (a == 's' || a == 't' || a == 'm' || a == 'd') return 2;
  if (pos + 2 >= end) return 0;
  const char32_t b = at(pos + 2);
  if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return 3;
  return 0;
}

// \s+(?!\S): the whitespace run, less its last character when a non-space follows it.
size_t spaces_not_before_text(size_t n_spaces, size_t pos, size_t end) {
  if (pos + n_spaces == end) return n_spaces;
  return n_spaces > 1 ? n_spaces - 1 : 0;
}

// The llama3 / qwen2 family, with \p{N}{1,max_digits}.
size_t llama3_like(const char32_t* c, size_t pos, size_t end, size_t max_digits) {
  if (size_t n = contraction(c, pos, end, /*ignore_case=*/true)) return n;
  const char32_t cp = c[pos];
  // [^\r\n\p{L}\p{N}]?\p{L}+
  if (is_letter(cp)) return run(c, pos, end, is_letter);
  if (!is_cr_lf(cp) && !is_number(cp) && pos + 1 < end && is_letter(c[pos + 1])) {
    return 1 + run(c, pos + 1, end, is_letter);
  }
  if (is_number(cp)) return std::min(run(c, pos, end, is_number), max_digits);
  // ' ?[^\s\p{L}\p{N}]+[\r\n]*'
  if (size_t n = optional_blank_run(c, pos, end, is_other)) {
    return n + run(c, pos + n, end, is_cr_lf);
  }
  // \s*[\r\n]+ | \s+(?!\S) | \s+
  const size_t n_spaces = run(c, pos, end, is_whitespace);
  for (size_t i = n_spaces; i > 0; --i) {
    if (is_cr_lf(c[pos + i - 1])) return i;
  }
  const size_t n = spaces_not_before_text(n_spaces, pos, end);
  return n > 0 ? n : n_spaces;
}

}  // namespace

size_t gpt2(const char32_t* c, size_t /*begin*/, size_t pos, size_t end) {
  if (size_t n = contraction(c, pos, end, /*ignore_case=*/false)) return n;
  if (size_t n = optional_blank_run(c, pos, end, is_letter)) return n;
  if (size_t n = optional_blank_run(c, pos, end, is_number)) return n;
  if (size_t n = optional_blank_run(c, pos, end, is_other)) return n;
  return spaces_not_before_text(run(c, pos, end, is_whitespace), pos, end);
}

size_t llama3(const char32_t* c, size_t /*begin*/, size_t pos, size_t end) {
  return llama3_like(c, pos, end, 3);
}
size_t qwen2(const char32_t* c, size_t /*begin*/, size_t pos, size_t end) {
  return llama3_like(c, pos, end, 1);
}

size_t newline(const char32_t* c, size_t /*begin*/, size_t pos, size_t /*end*/) {
  return is_cr_lf(c[pos]) ? 1 : 0;
}
size_t number(const char32_t* c, size_t /*begin*/, size_t pos, size_t /*end*/) {
  return is_number(c[pos]) ? 1 : 0;
}
size_t numbers(const char32_t* c, size_t /*begin*/, size_t pos, size_t end) {
  return run(c, pos, end, is_number);
}

size_t ascii_digits3(const char32_t* c, size_t /*begin*/, size_t pos, size_t end) {
  return pos + 3 <= end && is_ascii_digit(c[pos]) && is_ascii_digit(c[pos + 1]) &&
                 is_ascii_digit(c[pos + 2])
             ? 3
             : 0;
}

size_t default_punct(const char32_t* c, size_t /*begin*/, size_t pos, size_t end) {
  return run(c, pos, end, [](char32_t cp) { return is_symbol_in(cp, U"$+<=>^~|"); });
}

size_t falcon_punct(const char32_t* c, size_t /*begin*/, size_t pos, size_t end) {
  return run(c, pos, end, [](char32_t cp) { return is_symbol_in(cp, U"$+<=>^~|`"); });
}

size_t space_letters(const char32_t* c, size_t /*begin*/, size_t pos, size_t end) {
  return optional_space_run(c, pos, end, is_letter);
}

size_t space_punct(const char32_t* c, size_t /*begin*/, size_t pos, size_t end) {
  return optional_space_run(c, pos, end, is_punctuation);
}

size_t cjk(const char32_t* c, size_t /*begin*/, size_t pos, size_t end) {
  return run(c, pos, end, is_cjk);
}

size_t trailing_space(const char32_t* c, size_t begin, size_t pos, size_t end) {
  // Whitespace before `pos` in this fragment means the run was already tried from its start and
  // did not reach the end (or it would have matched): answering 0 keeps the rule linear.
  if (pos > begin && is_whitespace(c[pos - 1])) return 0;
  const size_t n = run(c, pos, end, is_whitespace);
  return pos + n == end ? n : 0;
}

size_t deepseek_letters(const char32_t* c, size_t /*begin*/, size_t pos, size_t end) {
  return optional_space_run(c, pos, end, is_deepseek_letter);
}

size_t deepseek_punct(const char32_t* c, size_t /*begin*/, size_t pos, size_t end) {
  return optional_space_run(c, pos, end, is_deepseek_punct);
}

}  // namespace chorus::model::split_rules
