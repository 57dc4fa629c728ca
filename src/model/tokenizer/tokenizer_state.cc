// build_state(): the lookup structures of a Tokenizer, derived once from its Vocab.
#include <fmt/format.h>

#include <algorithm>

#include "model/tokenizer/tokenizer_state.h"

namespace chorus::model::detail {
namespace {

// End-of-turn tokens recognised by their text (llama.cpp's list); they are made CONTROL tokens.
constexpr std::string_view kEogTexts[] = {
    "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>",         "<|endoftext|>",
    "<|eom_id|>", "<EOT>",      "_<EOT>",  "<｜end▁of▁sentence｜>",
};

bool is_special_type(TokenType t) {
  return t == TokenType::kControl || t == TokenType::kUserDefined || t == TokenType::kUnknown;
}

Status build_merges(TokenizerState& s) {
  const auto& merges = s.vocab.merges;
  s.merges.reserve(merges.size());
  for (size_t i = 0; i < merges.size(); ++i) {
    const std::string& m = merges[i];
    const size_t sp = m.size() > 1 ? m.find(' ', 1) : std::string::npos;
    if (sp == std::string::npos || sp + 1 >= m.size()) {
      return invalid_argument(
          fmt::format("metadata 'tokenizer.ggml.merges'[{}] = '{}' is not 'left right'", i, m));
    }
    const std::string_view left = std::string_view(m).substr(0, sp);
    const std::string_view right = std::string_view(m).substr(sp + 1);
    const int32_t a = s.find(left);
    const int32_t b = s.find(right);
    const int32_t r = s.find(std::string(left) + std::string(right));
    if (a == kNoToken || b == kNoToken || r == kNoToken) continue;
    const uint64_t key =
        (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) | static_cast<uint32_t>(b);
    s.merges.emplace(key, Merge{static_cast<int32_t>(i), r});  // the first rank of a pair wins
  }
  return Status::ok();
}

void build_byte_tokens(TokenizerState& s) {
  for (int b = 0; b < 256; ++b) {
    int32_t id = s.find(fmt::format("<0x{:02X}>", b));
    if (id == kNoToken) id = s.find(std::string(1, static_cast<char>(b)));
    s.byte_tokens[b] = id;
  }
}

void build_specials(TokenizerState& s) {
  Vocab& v = s.vocab;
  const auto n = static_cast<size_t>(v.size());
  s.eog.assign(n, false);
  for (std::string_view text : kEogTexts) {
    const int32_t id = s.find(text);
    if (id == kNoToken) continue;
    s.eog[id] = true;
    v.types[id] = TokenType::kControl;
  }
  for (int32_t id : {v.eos, v.eot, v.eom}) {
    if (id != kNoToken) s.eog[id] = true;
  }
  for (size_t id = 0; id < n; ++id) {
    if (is_special_type(v.types[id]) && !v.tokens[id].empty()) {
      s.specials.push_back(static_cast<int32_t>(id));
    }
  }
  std::stable_sort(s.specials.begin(), s.specials.end(),
                   [&](int32_t a, int32_t b) { return v.tokens[a].size() > v.tokens[b].size(); });
  // Phi-3 swallows whitespace after its special tokens, except after <unk>, <s>, <|endoftext|>.
  s.rstrip.assign(n, false);
  if (v.name.find("phi-3") != std::string::npos || v.name.find("phi3") != std::string::npos) {
    for (int32_t id : s.specials) s.rstrip[id] = true;
    if (int32_t id = s.find("</s>"); id != kNoToken) s.rstrip[id] = true;
    for (std::string_view keep : {"<unk>", "<s>", "<|endoftext|>"}) {
      if (int32_t id = s.find(keep); id != kNoToken) s.rstrip[id] = false;
    }
  }
}

}  // namespace

Result<TokenizerState> build_state(Vocab vocab) {
  CHORUS_RETURN_IF_ERROR(check_vocab(vocab));
  TokenizerState s;
  if (vocab.kind == VocabKind::kBpe) {
    CHORUS_ASSIGN_OR_RETURN(s.pre, pre_tokenizer_for(vocab.pre));
  }
  s.vocab = std::move(vocab);
  s.token_to_id.reserve(s.vocab.tokens.size());
  for (size_t i = 0; i < s.vocab.tokens.size(); ++i) {
    s.token_to_id[s.vocab.tokens[i]] = static_cast<int32_t>(i);
    s.max_token_len = std::max(s.max_token_len, s.vocab.tokens[i].size());
  }
  if (s.vocab.kind == VocabKind::kBpe) {
    CHORUS_RETURN_IF_ERROR(build_merges(s));
  } else {
    build_byte_tokens(s);
  }
  build_specials(s);
  return s;
}

}  // namespace chorus::model::detail
