#include "trust/moderation/lexicon.h"

#include <algorithm>
#include <atomic>
#include <cstring>

#include "base/hash.h"
#include "base/utf8.h"
#include "trust/injection/phrase_pattern.h"

namespace chorus::trust {
namespace {

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string_view::npos ? line.npos : tab - start));
    if (tab == std::string_view::npos) return out;
    start = tab + 1;
  }
}

bool known_category(std::string_view c) {
  return std::find(std::begin(kModerationCategories), std::end(kModerationCategories), c) !=
         std::end(kModerationCategories);
}

// One memoized chunk: which lexicon (seed), its bytes, and whether it starts an entry.
struct ChunkMemoEntry {
  uint64_t seed = 0;  // 0: empty (seeds start at 1)
  uint8_t length = 0;
  bool starts = false;
  char bytes[Lexicon::kMemoChunkBytes];
};
static_assert(sizeof(ChunkMemoEntry) == 32);

uint64_t next_memo_seed() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

Lexicon::Lexicon()
    : analyzer_(text::AnalyzerOptions{.stem = true, .drop_stopwords = false}),
      memo_seed_(next_memo_seed()) {}

bool Lexicon::starts_entry(std::string_view chunk) const {
  thread_local std::vector<text::Token> tokens;
  tokens.clear();
  analyzer_.analyze(chunk, "", &tokens);
  for (const text::Token& t : tokens)
    if (by_first_term_.contains(t.term)) return true;
  return false;
}

bool Lexicon::may_match(std::string_view text) const {
  if (entries_.empty()) return false;
  // Per thread, direct-mapped (256 KiB): a chunk seen before costs one probe and a compare.
  constexpr size_t kMemoEntries = size_t{1} << 13;
  thread_local std::vector<ChunkMemoEntry> memo(kMemoEntries);
  const bool none = for_each_chunk(text, [&](std::string_view chunk) {
    if (chunk.size() > kMemoChunkBytes) return !starts_entry(chunk);
    ChunkMemoEntry& e = memo[hash64(chunk, memo_seed_) & (kMemoEntries - 1)];
    if (e.seed != memo_seed_ || e.length != chunk.size() ||
        std::memcmp(e.bytes, chunk.data(), chunk.size()) != 0) {
      e.seed = memo_seed_;
      e.length = static_cast<uint8_t>(chunk.size());
      std::memcpy(e.bytes, chunk.data(), chunk.size());
      e.starts = starts_entry(chunk);
    }
    return !e.starts;
  });
  return !none;
}

Result<Lexicon> Lexicon::parse(std::string_view tsv, std::string_view source) {
  Lexicon lex;
  size_t line_no = 0, start = 0;
  while (start < tsv.size()) {
    size_t end = tsv.find('\n', start);
    if (end == std::string_view::npos) end = tsv.size();
    std::string_view line = tsv.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    auto where = [&] { return std::string(source) + ":" + std::to_string(line_no) + ": "; };
    if (!utf8::valid(line)) return invalid_argument(where() + "not valid UTF-8");
    std::vector<std::string_view> f = split_tabs(line);
    if (f.size() < 2 || f.size() > 3) {
      return invalid_argument(where() + "expected category<TAB>term[<TAB>lang]");
    }
    if (!known_category(f[0])) {
      return invalid_argument(where() + "unknown category \"" + std::string(f[0]) +
                              "\" (hate, harassment, violence, sexual, spam)");
    }
    Entry e{std::string(f[0]), std::string(f[1]), f.size() == 3 ? std::string(f[2]) : "", {}};
    e.terms = lex.analyzer_.terms(e.term);
    if (e.terms.empty()) return invalid_argument(where() + "term has no words");
    lex.by_first_term_[e.terms[0]].push_back(lex.entries_.size());
    lex.entries_.push_back(std::move(e));
  }
  return lex;
}

Result<Lexicon> Lexicon::load(Env* env, const std::string& path) {
  CHORUS_ASSIGN_OR_RETURN(std::string data, env->read_file(path));
  return parse(data, path);
}

std::vector<LexiconHit> Lexicon::match(std::string_view text, std::string_view lang) const {
  if (!may_match(text)) return {};
  std::vector<text::Token> tokens;
  analyzer_.analyze(text, lang, &tokens);
  std::vector<size_t> counts(entries_.size(), 0);
  for (size_t i = 0; i < tokens.size(); ++i) {
    auto it = by_first_term_.find(tokens[i].term);
    if (it == by_first_term_.end()) continue;
    for (size_t id : it->second) {
      const Entry& e = entries_[id];
      if (!e.lang.empty() && !lang.empty() && e.lang != lang) continue;
      if (i + e.terms.size() > tokens.size()) continue;
      bool all = true;
      for (size_t k = 1; k < e.terms.size() && all; ++k) all = tokens[i + k].term == e.terms[k];
      if (all) ++counts[id];
    }
  }
  std::vector<LexiconHit> hits;
  for (size_t id = 0; id < entries_.size(); ++id) {
    if (counts[id] > 0) hits.push_back({entries_[id].category, entries_[id].term, counts[id]});
  }
  return hits;
}

}  // namespace chorus::trust
