// split_pattern_words: text -> the PatternWords the injection rules match against.
#include "base/utf8.h"
#include "trust/injection/phrase_pattern.h"

namespace chorus::trust {
namespace {

// A chunk's last character ends a clause.
bool ends_clause(std::string_view chunk) {
  while (!chunk.empty() && (chunk.back() == '"' || chunk.back() == '\'' || chunk.back() == ')')) {
    chunk.remove_suffix(1);
  }
  if (chunk.empty()) return false;
  const char c = chunk.back();
  if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == ',') return true;
  for (std::string_view mark : {"\xD8\x9F", "\xD8\x8C", "\xE2\x80\xA6", "\xE2\x80\x9D"}) {
    if (chunk.ends_with(mark)) return true;  // ؟ ، … ”
  }
  return false;
}

// Length of a French elided article/pronoun at the start of `chunk` ("l'", "qu'"), or 0.
size_t elision_length(std::string_view chunk) {
  for (std::string_view p :
       {"lorsqu", "jusqu", "puisqu", "qu", "l", "d", "j", "n", "s", "c", "m", "t"}) {
    if (chunk.size() <= p.size() + 1) continue;
    bool same = true;
    for (size_t i = 0; i < p.size() && same; ++i) same = (chunk[i] | 0x20) == p[i];
    if (!same) continue;
    std::string_view rest = chunk.substr(p.size());
    if (rest.starts_with('\'')) return p.size() + 1;
    if (rest.starts_with("\xE2\x80\x99")) return p.size() + 3;  // ’
  }
  return 0;
}

}  // namespace

std::vector<PatternWord> split_pattern_words(std::string_view text,
                                             const text::Analyzer& plain_analyzer,
                                             const text::Analyzer& stemmed_analyzer) {
  std::vector<PatternWord> out;
  bool clause = true, in_quotes = false;
  std::vector<text::Token> plain, stemmed;
  size_t i = 0;
  while (i < text.size()) {
    if (is_pattern_space(text[i])) {
      if (text[i] == '\n') clause = true;
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && !is_pattern_space(text[end])) ++end;
    std::string_view chunk = text.substr(i, end - i);
    // Quote state at the chunk's first word, then after the whole chunk.
    size_t lead = 0;
    while (lead < chunk.size() && chunk[lead] == '"') in_quotes = !in_quotes, ++lead;
    if (chunk.substr(lead).starts_with("\xE2\x80\x9C")) in_quotes = true;  // “
    const bool quoted = in_quotes;
    for (size_t k = lead; k < chunk.size(); ++k) {
      if (chunk[k] == '"') in_quotes = !in_quotes;
    }
    if (chunk.find("\xE2\x80\x9D") != std::string_view::npos) in_quotes = false;  // ”
    size_t pieces[3] = {0, elision_length(chunk), chunk.size()};
    for (int part = 0; part < 2; ++part) {
      if (pieces[part + 1] <= pieces[part]) continue;
      std::string_view sub = chunk.substr(pieces[part], pieces[part + 1] - pieces[part]);
      plain.clear();
      stemmed.clear();
      plain_analyzer.analyze(sub, "", &plain);
      stemmed_analyzer.analyze(sub, "", &stemmed);
      for (size_t t = 0; t < plain.size(); ++t) {
        PatternWord w;
        w.term = plain[t].term;
        w.stem = stemmed.size() == plain.size() ? stemmed[t].term : plain[t].term;
        if ((w.term.starts_with("\xD9\x88") || w.term.starts_with("\xD9\x81")) &&
            w.term.size() >= 6) {  // و / ف + at least two Arabic letters
          w.alt_term = w.term.substr(2);
          w.alt_stem = stemmed_analyzer.normalize_word(w.alt_term);
        }
        w.begin = static_cast<uint32_t>(i);
        w.end = static_cast<uint32_t>(end);
        w.clause_start = clause;
        w.quoted = quoted;
        clause = false;
        out.push_back(std::move(w));
      }
    }
    if (ends_clause(chunk)) clause = true;
    i = end;
  }
  return out;
}

}  // namespace chorus::trust
