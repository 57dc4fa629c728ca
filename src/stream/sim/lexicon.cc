#include "stream/sim/lexicon.h"

#include "base/utf8.h"

namespace chorus::sim {
namespace {

constexpr std::string_view kCategoryNames[kAbuseCategoryCount] = {"hate", "harassment", "violence",
                                                                  "sexual", "spam"};
// Placeholder token stems, one per category: "[slur-hate-1]", "[insult-harassment-1]", ...
constexpr std::string_view kPlaceholderStems[kAbuseCategoryCount] = {
    "slur-hate", "insult-harassment", "threat-violence", "explicit-sexual", "spam-offer"};
constexpr int kPlaceholderPerCategory = 6;

int category_index(std::string_view name) {
  for (int i = 0; i < kAbuseCategoryCount; ++i)
    if (kCategoryNames[i] == name) return i;
  return -1;
}

std::string_view trim_cr(std::string_view s) {
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view abuse_category_name(int category) {
  return kCategoryNames[category];
}

Lexicon Lexicon::placeholder() {
  Lexicon lex;
  for (int c = 0; c < kAbuseCategoryCount; ++c)
    for (int i = 1; i <= kPlaceholderPerCategory; ++i)
      for (auto& per_lang : lex.tokens_[c])
        per_lang.push_back("[" + std::string(kPlaceholderStems[c]) + "-" + std::to_string(i) + "]");
  return lex;
}

Result<Lexicon> Lexicon::parse(std::string_view text) {
  if (!utf8::valid(text))
    return invalid_argument("lexicon: invalid UTF-8 at byte " +
                            std::to_string(utf8::first_invalid(text)));
  Lexicon lex;
  std::array<std::array<std::vector<std::string>, kLangCount>, kAbuseCategoryCount> own;
  std::array<std::vector<std::string>, kAbuseCategoryCount> shared;
  size_t line_no = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = trim_cr(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    std::string where = "lexicon line " + std::to_string(line_no) + ": ";
    size_t t1 = line.find('\t');
    if (t1 == std::string_view::npos)
      return invalid_argument(where + "expected category TAB token");
    int cat = category_index(line.substr(0, t1));
    if (cat < 0)
      return invalid_argument(where + "unknown category '" + std::string(line.substr(0, t1)) +
                              "' (hate, harassment, violence, sexual, spam)");
    std::string_view rest = line.substr(t1 + 1);
    size_t t2 = rest.find('\t');
    std::string_view token = rest.substr(0, t2);
    if (token.empty() || token.find(' ') != std::string_view::npos)
      return invalid_argument(where + "token must be one non-empty word");
    if (t2 == std::string_view::npos) {
      shared[cat].emplace_back(token);
      continue;
    }
    int lang = lang_index(rest.substr(t2 + 1));
    if (lang < 0)
      return invalid_argument(where + "unknown language '" + std::string(rest.substr(t2 + 1)) +
                              "' (en, ar, fr)");
    own[cat][lang].emplace_back(token);
  }
  for (int c = 0; c < kAbuseCategoryCount; ++c)
    for (int l = 0; l < kLangCount; ++l) {
      auto& v = lex.tokens_[c][l];
      v = own[c][l];
      v.insert(v.end(), shared[c].begin(), shared[c].end());
    }
  return lex;
}

bool Lexicon::empty() const {
  for (const auto& per_cat : tokens_)
    for (const auto& v : per_cat)
      if (!v.empty()) return false;
  return true;
}

const std::vector<std::string>& Lexicon::tokens(int category, int lang) const {
  return tokens_[category][lang];
}

}  // namespace chorus::sim
