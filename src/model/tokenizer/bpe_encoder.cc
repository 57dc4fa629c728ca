// Byte-level BPE encoding as llama.cpp does it: pre-tokenize, map each word's bytes to GPT-2's
// printable alphabet, start from its characters and repeatedly apply the lowest-ranked merge
// (leftmost on ties). Symbols form a linked list and candidate pairs sit in a priority queue keyed
// by rank, with merges looked up by (left id, right id) in a hash map: O(n log n) per word.
#include <queue>

#include "model/tokenizer/byte_level.h"
#include "model/tokenizer/tokenizer_state.h"
#include "model/tokenizer/unicode_props.h"

namespace chorus::model::detail {
namespace {

struct BpeSymbol {
  int32_t id;      // token id of the symbol's text, or kNoToken
  uint32_t start;  // byte offset in the encoded word
  uint32_t len;    // 0 once merged into its left neighbour
  int32_t prev;
  int32_t next;
};

struct BpeBigram {
  int32_t rank;
  int32_t left;
  int32_t right;
  int32_t left_id;  // ids when queued; the pair is stale when either symbol changed since
  int32_t right_id;
  bool operator<(const BpeBigram& o) const {
    return rank > o.rank || (rank == o.rank && left > o.left);
  }
};

uint64_t pair_key(int32_t a, int32_t b) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) | static_cast<uint32_t>(b);
}

class BpeWord {
 public:
  BpeWord(const TokenizerState& s, std::string_view word) : s_(s), word_(word) {}

  void run(std::vector<int32_t>& out) {
    if (s_.vocab.ignore_merges) {
      const int32_t whole = s_.find(word_);
      if (whole != kNoToken) {
        out.push_back(whole);
        return;
      }
    }
    split_characters();
    for (size_t i = 1; i < syms_.size(); ++i)
      try_add(static_cast<int32_t>(i - 1), static_cast<int32_t>(i));
    while (!queue_.empty()) {
      const BpeBigram b = queue_.top();
      queue_.pop();
      BpeSymbol& l = syms_[b.left];
      BpeSymbol& r = syms_[b.right];
      if (l.len == 0 || r.len == 0 || l.next != b.right || l.id != b.left_id ||
          r.id != b.right_id) {
        continue;
      }
      l.id = s_.merges.at(pair_key(l.id, r.id)).result;
      l.len += r.len;
      r.len = 0;
      l.next = r.next;
      if (r.next >= 0) syms_[r.next].prev = b.left;
      try_add(l.prev, b.left);
      try_add(b.left, l.next);
    }
    for (int32_t i = syms_.empty() ? -1 : 0; i != -1; i = syms_[i].next) emit(syms_[i], out);
  }

 private:
  void split_characters() {
    size_t off = 0;
    while (off < word_.size()) {
      const size_t n = std::min(unicode::sequence_length(static_cast<unsigned char>(word_[off])),
                                word_.size() - off);
      const auto idx = static_cast<int32_t>(syms_.size());
      syms_.push_back({s_.find(word_.substr(off, n)), static_cast<uint32_t>(off),
                       static_cast<uint32_t>(n), idx - 1, off + n == word_.size() ? -1 : idx + 1});
      off += n;
    }
  }

  void try_add(int32_t left, int32_t right) {
    if (left < 0 || right < 0) return;
    const int32_t a = syms_[left].id;
    const int32_t b = syms_[right].id;
    if (a == kNoToken || b == kNoToken) return;
    auto it = s_.merges.find(pair_key(a, b));
    if (it == s_.merges.end()) return;
    queue_.push({it->second.rank, left, right, a, b});
  }

  // A symbol that is no token (a character missing from the vocabulary) falls back to its single
  // bytes where those are tokens, as llama.cpp does.
  void emit(const BpeSymbol& sym, std::vector<int32_t>& out) const {
    if (sym.id != kNoToken) {
      out.push_back(sym.id);
      return;
    }
    for (char c : word_.substr(sym.start, sym.len)) {
      const int32_t id = s_.find(std::string_view(&c, 1));
      if (id != kNoToken) out.push_back(id);
    }
  }

  const TokenizerState& s_;
  std::string_view word_;
  std::vector<BpeSymbol> syms_;
  std::priority_queue<BpeBigram> queue_;
};

}  // namespace

void bpe_encode(const TokenizerState& s, std::string_view text, std::vector<int32_t>& out) {
  for (const std::string& word : pre_tokenize(s.pre, text)) {
    const std::string encoded = byte_level::encode(word);
    BpeWord(s, encoded).run(out);
  }
}

}  // namespace chorus::model::detail
