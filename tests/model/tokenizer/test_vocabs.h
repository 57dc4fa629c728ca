// Small hand-made vocabularies for tokenizer tests.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "model/tokenizer/byte_level.h"
#include "model/tokenizer/tokenizer.h"
#include "model/tokenizer/unicode_props.h"

namespace chorus::model::testing {

// SPM vocabulary: 0 <unk>, 1 <s>, 2 </s>, 3..258 <0x00>..<0xFF>, then the pieces below (score:
// higher merges first), then <|im_end|> (CONTROL) and <tool> (USER_DEFINED).
inline Vocab make_spm_vocab() {
  Vocab v;
  v.kind = VocabKind::kSpm;
  v.model = "llama";
  auto add = [&](std::string text, float score, TokenType type) {
    v.tokens.push_back(std::move(text));
    v.scores.push_back(score);
    v.types.push_back(type);
  };
  add("<unk>", 0, TokenType::kUnknown);
  add("<s>", 0, TokenType::kControl);
  add("</s>", 0, TokenType::kControl);
  for (int b = 0; b < 256; ++b) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "<0x%02X>", b);
    add(buf, 0, TokenType::kByte);
  }
  const std::vector<std::pair<std::string, float>> pieces = {
      {"▁", -4},        {"▁h", -1},     {"el", -5},      {"ll", -2},    {"lo", -6},
      {"▁w", -1.5},     {"or", -3},     {"ld", -3.5},    {"▁he", -0.5}, {"llo", -0.7},
      {"▁hello", -0.1}, {"▁wor", -0.6}, {"▁world", -0.2}};
  for (const auto& [text, score] : pieces) add(text, score, TokenType::kNormal);
  add("<|im_end|>", 0, TokenType::kControl);
  add("<tool>", 0, TokenType::kUserDefined);
  v.bos = 1;
  v.eos = 2;
  v.unk = 0;
  v.add_bos = true;
  v.add_space_prefix = true;
  return v;
}

// Byte-level BPE vocabulary: ids 0..255 are the single bytes (in byte order), then for each word
// (raw UTF-8) every prefix of its byte-level text, built left to right by merges. Words listed
// first get the lowest merge ranks.
class BpeVocabBuilder {
 public:
  explicit BpeVocabBuilder(std::string pre) {
    v_.kind = VocabKind::kBpe;
    v_.model = "gpt2";
    v_.pre = std::move(pre);
    for (int b = 0; b < 256; ++b)
      add_token(byte_level::encode(std::string(1, static_cast<char>(b))));
  }
  BpeVocabBuilder& word(const std::string& raw) {
    const std::string text = byte_level::encode(raw);
    std::string cur;
    size_t i = 0;
    while (i < text.size()) {
      const size_t n = unicode::sequence_length(static_cast<unsigned char>(text[i]));
      const std::string ch = text.substr(i, n);
      if (!cur.empty()) {
        const std::string merge = cur + " " + ch;
        if (merges_.insert(merge).second) v_.merges.push_back(merge);
        add_token(cur + ch);
      }
      cur += ch;
      i += n;
    }
    return *this;
  }
  BpeVocabBuilder& special(const std::string& text, TokenType type) {
    add_token(text, type);
    return *this;
  }
  Vocab build() const { return v_; }
  // The id of a piece given as raw UTF-8.
  int32_t id(const std::string& raw) const {
    auto it = ids_.find(byte_level::encode(raw));
    EXPECT_NE(it, ids_.end()) << "no token for '" << raw << "'";
    return it == ids_.end() ? -1 : it->second;
  }

 private:
  void add_token(const std::string& text, TokenType type = TokenType::kNormal) {
    if (ids_.count(text)) return;
    ids_[text] = static_cast<int32_t>(v_.tokens.size());
    v_.tokens.push_back(text);
    v_.types.push_back(type);
  }
  Vocab v_;
  std::set<std::string> merges_;
  std::map<std::string, int32_t> ids_;
};

}  // namespace chorus::model::testing
