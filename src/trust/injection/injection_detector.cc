#include "trust/injection/injection_detector.h"

#include <algorithm>
#include <bitset>
#include <cstdio>
#include <unordered_map>
#include <vector>

#include "base/hash.h"
#include "base/utf8.h"
#include "trust/injection/injection_rules.h"

namespace chorus::trust {
namespace {

using internal::InjectionKind;

constexpr size_t kMaxInjectionTextBytes = 64 * 1024;
constexpr float kQuotedFactor = 0.4f;
constexpr float kStructureBonus = 0.35f;

const char* kind_name(InjectionKind k) {
  switch (k) {
    case InjectionKind::kOverride:
      return "override";
    case InjectionKind::kRoleSwitch:
      return "role_switch";
    case InjectionKind::kPromptLeak:
      return "prompt_leak";
    case InjectionKind::kOutputControl:
      return "output_control";
    case InjectionKind::kAddressee:
      return "addressee";
    case InjectionKind::kRoleToken:
      return "role_token";
  }
  return "";
}

bool in_list(std::span<const char* const> list, const std::string& w) {
  for (const char* x : list) {
    if (w == x) return true;
  }
  return false;
}

std::string snippet(std::string_view text, size_t begin, size_t end) {
  std::string_view s = text.substr(begin, end - begin);
  if (s.size() > 60) s = s.substr(0, utf8::complete_prefix(s.substr(0, 60)));
  std::string out;
  for (char c : s) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  return out;
}

using ByteSet = std::bitset<256>;

// The bytes that occur in `text`.
ByteSet bytes_of(std::string_view text) {
  ByteSet set;
  for (char c : text) set.set(static_cast<unsigned char>(c));
  return set;
}

char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
}
char ascii_upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c;
}

// Whether `text` from `at` (<= text.size()) reads `marker` (lowercase ASCII), ASCII case
// ignored.
bool marker_at(std::string_view text, size_t at, std::string_view marker) {
  if (text.size() - at < marker.size()) return false;
  for (size_t i = 0; i < marker.size(); ++i)
    if (ascii_lower(text[at + i]) != marker[i]) return false;
  return true;
}

// Where `marker` (lowercase ASCII, not starting with a space or tab) first occurs in `text`,
// ASCII case ignored; with `line_start` only where it is the first thing on its line but spaces
// and tabs. npos when nowhere. (The same as finding it in an ASCII-lowercased copy.)
size_t find_marker(std::string_view text, std::string_view marker, bool line_start) {
  constexpr size_t npos = std::string_view::npos;
  if (line_start) {
    for (size_t line = 0; line < text.size();) {
      size_t at = line;
      while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) ++at;
      if (marker_at(text, at, marker)) return at;
      line = text.find('\n', at);
      if (line == npos) break;
      ++line;
    }
    return npos;
  }
  if (ascii_upper(marker[0]) != marker[0]) {  // a letter: either case may start it
    for (size_t at = 0; at < text.size(); ++at)
      if (marker_at(text, at, marker)) return at;
    return npos;
  }
  for (size_t at = text.find(marker[0]); at != npos; at = text.find(marker[0], at + 1))
    if (marker_at(text, at, marker)) return at;
  return npos;
}

}  // namespace

InjectionDetector::InjectionDetector(float threshold)
    : threshold_(threshold),
      plain_(text::AnalyzerOptions{.stem = false, .drop_stopwords = false}),
      stemmed_(text::AnalyzerOptions{.stem = true, .drop_stopwords = false}) {}

Result<InjectionDetector> InjectionDetector::create(float threshold) {
  if (!(threshold > 0.0f && threshold <= 1.0f)) {
    return invalid_argument("injection threshold must be in (0, 1]");
  }
  InjectionDetector d(threshold);
  const auto rules = internal::word_rules();
  size_t slots = 0;
  for (size_t i = 0; i < rules.size(); ++i) {
    Result<PhrasePattern> p = PhrasePattern::compile(rules[i].pattern, d.plain_, d.stemmed_);
    if (!p.is_ok()) return p.status().with_context(std::string("rule ") + rules[i].id);
    const auto r = static_cast<uint32_t>(d.rules_.size());
    for (const std::string& s : p->first_stems()) d.by_first_stem_[s].push_back(r);
    for (const std::string& t : p->first_terms()) d.by_first_term_[t].push_back(r);
    SlotBits required;
    bool full = false;
    p->for_each_required_slot([&](const auto& stems, const auto& terms) {
      if (slots == kMaxSlots) return void(full = true);
      for (const std::string& s : stems) d.slots_by_stem_[s].set(slots);
      for (const std::string& t : terms) d.slots_by_term_[t].set(slots);
      required.set(slots++);
    });
    if (full) return internal_error("injection rules have more than 512 required slots");
    size_t first = 0;
    while (first < kMaxSlots && !required.test(first)) ++first;
    if (first < kMaxSlots)
      d.first_slots_.set(first);
    else
      d.rule_without_slots_ = true;
    d.rules_.push_back({i, std::move(p).value(), required, first});
  }
  return d;
}

void InjectionDetector::candidates(const PatternWord& w, std::vector<uint32_t>* out) const {
  out->clear();
  auto add = [out](const std::unordered_map<std::string, std::vector<uint32_t>>& m,
                   const std::string& key) {
    if (key.empty()) return;
    if (auto it = m.find(key); it != m.end())
      out->insert(out->end(), it->second.begin(), it->second.end());
  };
  add(by_first_stem_, w.stem);
  add(by_first_stem_, w.alt_stem);
  add(by_first_term_, w.term);
  add(by_first_term_, w.alt_term);
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

float InjectionDetector::structure_factor(const std::vector<PatternWord>& w, size_t start,
                                          std::string* note) const {
  if (w[start].clause_start) {
    *note = "imperative at clause start";
    return 1.0f;
  }
  if (!w[start].alt_term.empty()) {
    *note = "after a conjunction";
    return 0.8f;
  }
  for (size_t back = 1; back <= 3 && back <= start; ++back) {
    const PatternWord& p = w[start - back];
    if (in_list(internal::vocative_words(), p.term)) {
      *note = "addressed to an assistant (\"" + p.term + "\")";
      return 1.0f;
    }
    if (in_list(internal::reported_words(), p.term)) {
      *note = "reported or negated (after \"" + p.term + "\")";
      return 0.3f;
    }
    if (!in_list(internal::polite_words(), p.term)) break;
    if (p.term == "and" || p.term == "but" || p.term == "then" || p.term == "et" ||
        p.term == "puis" || p.term == "ثم") {
      *note = "coordinated imperative (after \"" + p.term + "\")";
      return 0.8f;
    }
    if (p.clause_start) {
      *note = "imperative after \"" + p.term + "\"";
      return 1.0f;
    }
  }
  *note = "mid-sentence";
  return 0.6f;
}

InjectionDetector::SlotBits InjectionDetector::slots_of(const PatternWord& w) const {
  SlotBits bits;
  auto add = [&bits](const std::unordered_map<std::string, SlotBits>& m, const std::string& key) {
    if (key.empty()) return;
    if (auto it = m.find(key); it != m.end()) bits |= it->second;
  };
  add(slots_by_stem_, w.stem);
  add(slots_by_stem_, w.alt_stem);
  add(slots_by_term_, w.term);
  add(slots_by_term_, w.alt_term);
  return bits;
}

InjectionDetector::SlotBits InjectionDetector::slots_filled(std::string_view text) const {
  // Per thread, direct-mapped by chunk hash (256 KiB, so it stays in cache): a chunk seen before
  // costs one probe; a colliding chunk replaces the entry. An entry names its slot set in a
  // table of the distinct sets seen (set 0 is the empty one, most chunks'); the table and the
  // entries start over when it holds kMaxSets.
  struct MemoSlot {
    uint64_t key = 0;  // hash64 of the chunk | 1; 0: empty
    uint32_t set = 0;
  };
  struct Memo {
    std::vector<MemoSlot> slots;
    std::vector<SlotBits> sets;
    std::unordered_map<SlotBits, uint32_t> ids;
  };
  constexpr size_t kMemoSlots = size_t{1} << 14;
  constexpr size_t kMaxSets = size_t{1} << 12;
  thread_local Memo memo;
  if (memo.slots.empty() || memo.sets.size() >= kMaxSets) {
    memo.slots.assign(kMemoSlots, MemoSlot{});
    memo.sets.assign(1, SlotBits{});
    memo.ids.clear();
  }
  SlotBits filled;
  for_each_chunk(text, [&](std::string_view chunk) {
    const uint64_t key = hash64(chunk) | 1;
    MemoSlot& slot = memo.slots[(key >> 17) & (kMemoSlots - 1)];
    if (slot.key != key) {
      SlotBits bits;
      for (const PatternWord& w : split_pattern_words(chunk, plain_, stemmed_)) bits |= slots_of(w);
      slot.key = key;
      slot.set = 0;
      if (bits.any()) {
        auto [it, added] = memo.ids.try_emplace(bits, static_cast<uint32_t>(memo.sets.size()));
        if (added) memo.sets.push_back(bits);
        slot.set = it->second;
      }
    }
    if (slot.set != 0) filled |= memo.sets[slot.set];
    return true;
  });
  return filled;
}

bool InjectionDetector::any_possible(const SlotBits& filled) const {
  if (!rule_without_slots_ && (filled & first_slots_).none()) return false;  // most texts
  for (const CompiledRule& r : rules_)
    if (possible(r, filled)) return true;
  return false;
}

bool InjectionDetector::may_match_words(std::string_view text) const {
  return any_possible(slots_filled(text));
}

InjectionResult InjectionDetector::detect(std::string_view text) const {
  if (text.size() > kMaxInjectionTextBytes) {
    text = text.substr(0, utf8::complete_prefix(text.substr(0, kMaxInjectionTextBytes)));
  }
  const SlotBits filled = slots_filled(text);
  const bool any = any_possible(filled);
  const std::vector<PatternWord> w =
      any ? split_pattern_words(text, plain_, stemmed_) : std::vector<PatternWord>{};
  const auto table = internal::word_rules();
  std::unordered_map<std::string, InjectionEvidence> best;  // by rule id
  auto offer = [&best](InjectionEvidence e) {
    auto it = best.find(e.rule);
    if (it == best.end() || e.weight > it->second.weight) best[e.rule] = std::move(e);
  };
  bool imperative_seen = false, addressee_seen = false;
  // Words outer, rules inner: for each rule, starts are still tried in increasing order, so
  // offer() sees each rule's evidence in the same order as a rule-by-rule scan would.
  std::vector<uint32_t> cands;
  for (size_t s = 0; s < w.size(); ++s) {
    candidates(w[s], &cands);
    for (uint32_t ri : cands) {
      const CompiledRule& r = rules_[ri];
      if (!possible(r, filled)) continue;
      const internal::WordRule& spec = table[r.index];
      const size_t end = r.pattern.match_at(w, s);
      if (end == 0) continue;
      InjectionEvidence e{spec.id,        kind_name(spec.kind), w[s].begin,
                          w[end - 1].end, spec.weight,          ""};
      if (spec.imperative) e.weight *= structure_factor(w, s, &e.note);
      if (w[s].quoted) {
        e.weight *= kQuotedFactor;
        e.note += e.note.empty() ? "quoted" : ", quoted";
      }
      if (spec.imperative && e.weight >= 0.3f) imperative_seen = true;
      if (spec.kind == InjectionKind::kAddressee) addressee_seen = true;
      offer(std::move(e));
    }
  }
  const ByteSet bytes = bytes_of(text);
  for (const internal::MarkerRule& m : internal::marker_rules()) {
    const std::string_view marker = m.text;
    const auto first = static_cast<unsigned char>(marker[0]);
    if (!bytes[first] && !bytes[static_cast<unsigned char>(ascii_upper(marker[0]))]) continue;
    const size_t at = find_marker(text, marker, m.line_start);
    if (at == std::string_view::npos) continue;
    offer({m.id, "role_token", at, at + marker.size(), m.weight,
           m.line_start ? "role label at line start" : "chat template token"});
  }
  if (imperative_seen && addressee_seen) {
    offer({"structure.imperative_to_assistant", "structure", 0, text.size(), kStructureBonus,
           "an imperative together with words addressing an AI"});
  }
  InjectionResult r;
  double keep = 1.0;
  for (auto& [id, e] : best) {
    keep *= 1.0 - e.weight;
    r.evidence.push_back(std::move(e));
  }
  std::sort(r.evidence.begin(), r.evidence.end(), [](const auto& a, const auto& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.rule < b.rule;
  });
  r.score = static_cast<float>(1.0 - keep);
  r.is_injection = r.score >= threshold_;
  return r;
}

std::string InjectionResult::explain(std::string_view text) const {
  char head[64];
  std::snprintf(head, sizeof head, "%s %.2f", is_injection ? "injection" : "benign",
                static_cast<double>(score));
  std::string out = head;
  for (size_t i = 0; i < evidence.size(); ++i) {
    const InjectionEvidence& e = evidence[i];
    char w[32];
    std::snprintf(w, sizeof w, " %.2f", static_cast<double>(e.weight));
    out += (i == 0 ? ": " : "; ") + e.rule + w;
    if (e.end <= text.size() && e.begin < e.end) {
      out += " \"" + snippet(text, e.begin, e.end) + "\"";
    }
    if (!e.note.empty()) out += " (" + e.note + ")";
  }
  return out;
}

}  // namespace chorus::trust
