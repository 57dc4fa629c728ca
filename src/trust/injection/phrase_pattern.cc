#include "trust/injection/phrase_pattern.h"

#include <algorithm>

namespace chorus::trust {
namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return !x.empty() && std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

Result<PhrasePattern> PhrasePattern::compile(std::string_view spec, const text::Analyzer& plain,
                                             const text::Analyzer& stemmed) {
  PhrasePattern p;
  for (std::string_view tok : split(spec, ' ')) {
    Slot slot;
    if (tok[0] == '~') {
      if (tok.size() != 2 || tok[1] < '0' || tok[1] > '9') {
        return invalid_argument("pattern \"" + std::string(spec) + "\": bad gap " +
                                std::string(tok));
      }
      slot.kind = Slot::kGap;
      slot.gap = static_cast<uint8_t>(tok[1] - '0');
      p.slots_.push_back(std::move(slot));
      continue;
    }
    if (tok[0] == '!') {
      slot.kind = Slot::kNot;
      tok.remove_prefix(1);
    }
    if (tok.size() > 1 && tok.back() == '?') {
      slot.optional = true;
      tok.remove_suffix(1);
    }
    for (std::string_view alt : split(tok, '|')) {
      const bool exact = alt[0] == '=';
      if (exact) alt.remove_prefix(1);
      std::vector<std::string> terms = (exact ? plain : stemmed).terms(alt);
      if (terms.size() != 1) {
        return invalid_argument("pattern \"" + std::string(spec) + "\": \"" + std::string(alt) +
                                "\" is " + std::to_string(terms.size()) + " terms, not one");
      }
      (exact ? slot.terms : slot.stems).push_back(std::move(terms[0]));
    }
    if (slot.terms.empty() && slot.stems.empty()) {
      return invalid_argument("pattern \"" + std::string(spec) + "\": empty slot");
    }
    p.slots_.push_back(std::move(slot));
  }
  if (p.slots_.empty() || p.slots_[0].kind != Slot::kWord || p.slots_[0].optional) {
    return invalid_argument("pattern \"" + std::string(spec) + "\" must start with a word slot");
  }
  return p;
}

bool PhrasePattern::word_matches(const Slot& s, const PatternWord& w) {
  return contains(s.stems, w.stem) || contains(s.stems, w.alt_stem) || contains(s.terms, w.term) ||
         contains(s.terms, w.alt_term);
}

size_t PhrasePattern::match_from(const std::vector<PatternWord>& words, size_t slot,
                                 size_t pos) const {
  if (slot == slots_.size()) return pos;
  const Slot& s = slots_[slot];
  switch (s.kind) {
    case Slot::kNot:
      if (pos < words.size() && word_matches(s, words[pos])) return 0;
      return match_from(words, slot + 1, pos);
    case Slot::kGap:
      for (size_t skip = 0; skip <= s.gap && pos + skip <= words.size(); ++skip) {
        if (size_t end = match_from(words, slot + 1, pos + skip)) return end;
      }
      return 0;
    case Slot::kWord:
      if (pos < words.size() && word_matches(s, words[pos])) {
        if (size_t end = match_from(words, slot + 1, pos + 1)) return end;
      }
      return s.optional ? match_from(words, slot + 1, pos) : 0;
  }
  return 0;
}

size_t PhrasePattern::match_at(const std::vector<PatternWord>& words, size_t start) const {
  if (start >= words.size()) return 0;
  return match_from(words, 0, start);
}

}  // namespace chorus::trust
