#include "text/english.h"

#include <string_view>

#include "text/affix.h"

namespace chorus::text::internal {
namespace {

bool is_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

bool has_vowel(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (is_vowel(s[i]) || (s[i] == 'y' && i > 0)) return true;
  }
  return false;
}

bool all_lower_ascii(const std::string& w) {
  for (char c : w) {
    if (c < 'a' || c > 'z') return false;
  }
  return !w.empty();
}

// Step 1: plural and third-person "-s".
void strip_plural(std::string* w) {
  if (w->size() < 4 || (w->size() == 4 && has_prefix(*w, "news"))) return;
  if (has_suffix(*w, "ies")) {
    w->resize(w->size() - (w->size() > 4 ? 2 : 1));  // cities -> citi, ties -> tie
    return;
  }
  if (w->back() != 's' || has_suffix(*w, "ss") || has_suffix(*w, "us") || has_suffix(*w, "is"))
    return;
  w->pop_back();
}

// Step 2: "-ing" and "-ed", then undoubling of a final double consonant.
void strip_ing_ed(std::string* w) {
  size_t cut = 0;
  if (w->size() >= 6 && has_suffix(*w, "ing")) {
    cut = 3;
  } else if (w->size() >= 5 && has_suffix(*w, "ed") && !has_suffix(*w, "eed")) {
    cut = 2;
  }
  if (cut == 0) return;
  std::string_view stem(w->data(), w->size() - cut);
  if (!has_vowel(stem)) return;
  w->erase(stem.size());  // a shrink; resize() trips a false -Wrestrict at -O3
  size_t n = w->size();
  char last = (*w)[n - 1];
  if (n >= 4 && last == (*w)[n - 2] && !is_vowel(last) && last != 'l' && last != 's' &&
      last != 'z') {
    w->pop_back();
  }
}

}  // namespace

void stem_english(std::string* word) {
  if (!all_lower_ascii(*word)) return;
  strip_plural(word);
  strip_ing_ed(word);
  if (word->size() >= 3 && word->back() == 'y') word->back() = 'i';
  size_t n = word->size();
  if (n >= 4 && (*word)[n - 1] == 'e' && (*word)[n - 2] != 'e') word->pop_back();
}

}  // namespace chorus::text::internal
