#include "base/utf8.h"
#include "model/tokenizer/tokenizer.h"

namespace chorus::model {

Detokenizer::Detokenizer(const Tokenizer& tokenizer, Options options)
    : tokenizer_(tokenizer), options_(options) {}

std::string Detokenizer::push(int32_t id) {
  const Vocab& v = tokenizer_.vocab();
  if (id < 0 || id >= v.size()) return {};
  const TokenType type = v.types[id];
  const bool hidden = type == TokenType::kControl || type == TokenType::kUnknown;
  std::string piece;
  if (tokenizer_.is_special(id)) {
    after_special_ = true;
    if (hidden && !options_.render_special) return {};
    piece = tokenizer_.token_to_piece(id);
  } else {
    piece = tokenizer_.token_to_piece(id);
    const bool word_start_space =
        (v.kind == VocabKind::kSpm && v.add_space_prefix) || v.kind == VocabKind::kWpm;
    if (options_.strip_space_prefix && after_special_ && word_start_space && !piece.empty() &&
        piece[0] == ' ') {
      piece.erase(0, 1);
    }
    after_special_ = false;
  }
  pending_ += piece;
  const size_t n = utf8::complete_prefix(pending_);
  std::string out = utf8::sanitize(std::string_view(pending_).substr(0, n));
  pending_.erase(0, n);
  return out;
}

std::string Detokenizer::finish() {
  std::string out = utf8::sanitize(pending_);
  pending_.clear();
  after_special_ = true;
  return out;
}

}  // namespace chorus::model
