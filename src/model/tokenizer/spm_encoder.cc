// SentencePiece-style encoding as llama.cpp does it: start from UTF-8 characters, repeatedly merge
// the adjacent pair whose concatenation is the highest-scoring token (leftmost on ties), then map
// symbols that are not tokens to <0xXX> byte tokens. Symbols form a linked list over the text and
// candidate pairs sit in a priority queue, so a text of n characters costs O(n log n).
#include <queue>

#include "model/tokenizer/tokenizer_state.h"
#include "model/tokenizer/unicode_props.h"

namespace chorus::model::detail {
namespace {

struct SpmSymbol {
  uint32_t start;  // byte offset in the text
  uint32_t len;    // 0 once merged into its left neighbour
  int32_t prev;
  int32_t next;
};

struct SpmBigram {
  float score;
  int32_t left;
  int32_t right;
  uint32_t len;  // bytes of the merged text when queued; stale when the symbols changed
  bool operator<(const SpmBigram& o) const {
    return score < o.score || (score == o.score && left > o.left);
  }
};

class SpmSession {
 public:
  SpmSession(const TokenizerState& s, std::string_view text) : s_(s), text_(text) {}

  void run(std::vector<int32_t>& out) {
    split_characters();
    for (size_t i = 1; i < syms_.size(); ++i)
      try_add(static_cast<int32_t>(i - 1), static_cast<int32_t>(i));
    while (!queue_.empty()) {
      const SpmBigram b = queue_.top();
      queue_.pop();
      SpmSymbol& l = syms_[b.left];
      SpmSymbol& r = syms_[b.right];
      if (l.len == 0 || r.len == 0 || l.len + r.len != b.len) continue;
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
    while (off < text_.size()) {
      const size_t n = std::min(unicode::sequence_length(static_cast<unsigned char>(text_[off])),
                                text_.size() - off);
      const auto idx = static_cast<int32_t>(syms_.size());
      syms_.push_back({static_cast<uint32_t>(off), static_cast<uint32_t>(n), idx - 1,
                       off + n == text_.size() ? -1 : idx + 1});
      off += n;
    }
  }

  void try_add(int32_t left, int32_t right) {
    if (left < 0 || right < 0) return;
    const uint32_t len = syms_[left].len + syms_[right].len;
    const int32_t id = s_.find(text_.substr(syms_[left].start, len));
    if (id == kNoToken) return;
    const float score = s_.vocab.scores.empty() ? 0.0f : s_.vocab.scores[id];
    queue_.push({score, left, right, len});
  }

  void emit(const SpmSymbol& sym, std::vector<int32_t>& out) const {
    const std::string_view piece = text_.substr(sym.start, sym.len);
    const int32_t id = s_.find(piece);
    if (id != kNoToken) {
      out.push_back(id);
      return;
    }
    for (unsigned char b : piece) {
      const int32_t byte_id = s_.byte_tokens[b];
      if (byte_id != kNoToken) {
        out.push_back(byte_id);
      } else if (s_.vocab.unk != kNoToken) {
        out.push_back(s_.vocab.unk);
      }
    }
  }

  const TokenizerState& s_;
  std::string_view text_;
  std::vector<SpmSymbol> syms_;
  std::priority_queue<SpmBigram> queue_;
};

}  // namespace

void spm_encode(const TokenizerState& s, std::string_view text, std::vector<int32_t>& out) {
  SpmSession(s, text).run(out);
}

}  // namespace chorus::model::detail
