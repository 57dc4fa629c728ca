// libFuzzer target for the tokenizers (model/tokenizer/tokenizer.h). The first byte is control:
//   bits 0-1  0: a SentencePiece vocabulary shaped like stories260K's (specials, 256 byte
//             tokens, scored "▁word" pieces), built in memory; 1, 2: byte-level BPE vocabularies
//             with the llama3 / qwen2 pre-tokenizers; 3: the rest is a GGUF file whose tokenizer
//             is loaded (Tokenizer::from_gguf) and then used on fixed texts
//   bit 2     add_special          bit 3  parse_special
// The rest is the text. Contracts (a broken one traps): every id is inside the vocabulary; with the
// in-memory vocabularies (every byte has a token), for valid UTF-8 encoded without special handling
// (and, for SentencePiece, without a literal U+2581), decode(encode(x)) == x and a Detokenizer fed
// the ids one by one produces the same text; the Detokenizer's output is always valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/utf8.h"
#include "model/gguf/gguf.h"
#include "model/tokenizer/byte_level.h"
#include "model/tokenizer/tokenizer.h"
#include "model/tokenizer/unicode_props.h"

namespace {

using chorus::model::Tokenizer;
using chorus::model::TokenType;
using chorus::model::Vocab;

const char* const kWords[] = {"hello",  "world", "the",   "once", "upon",  "time",
                              "little", "girl",  "she",   "was",  "happy", "tokenizer",
                              "مرحبا",  "世界",  "naïve", "🔥",    " ",     "\n"};

void add_token(Vocab* v, std::string text, float score, TokenType type) {
  v->tokens.push_back(std::move(text));
  v->scores.push_back(score);
  v->types.push_back(type);
}

Vocab spm_vocab() {
  Vocab v;
  v.kind = chorus::model::VocabKind::kSpm;
  v.model = "llama";
  add_token(&v, "<unk>", 0, TokenType::kUnknown);
  add_token(&v, "<s>", 0, TokenType::kControl);
  add_token(&v, "</s>", 0, TokenType::kControl);
  for (int b = 0; b < 256; ++b) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "<0x%02X>", b);
    add_token(&v, buf, 0, TokenType::kByte);
  }
  std::set<std::string> seen;
  float score = -1;
  for (const char* w : kWords) {  // every prefix of "▁word" and of "word"
    for (const std::string word : {std::string("▁") + w, std::string(w)}) {
      for (size_t n = 1; n <= word.size(); ++n) {
        const std::string piece = word.substr(0, n);
        if (!chorus::utf8::valid(piece) || !seen.insert(piece).second) continue;
        add_token(&v, piece, score, TokenType::kNormal);
        score -= 0.25f;
      }
    }
  }
  add_token(&v, "<|im_end|>", 0, TokenType::kControl);
  add_token(&v, "<tool>", 0, TokenType::kUserDefined);
  v.bos = 1;
  v.eos = 2;
  v.unk = 0;
  v.add_bos = true;
  v.add_space_prefix = true;
  return v;
}

// Byte tokens in byte order, then every prefix of each word built left to right by merges.
Vocab bpe_vocab(const char* pre) {
  Vocab v;
  v.kind = chorus::model::VocabKind::kBpe;
  v.model = "gpt2";
  v.pre = pre;
  std::set<std::string> seen;
  auto add = [&](const std::string& text, TokenType type) {
    if (!seen.insert(text).second) return;
    v.tokens.push_back(text);
    v.types.push_back(type);
  };
  for (int b = 0; b < 256; ++b)
    add(chorus::model::byte_level::encode(std::string(1, static_cast<char>(b))),
        TokenType::kNormal);
  std::set<std::string> merges;
  for (const char* w : kWords) {
    const std::string text = chorus::model::byte_level::encode(std::string(" ") + w);
    std::string cur;
    for (size_t i = 0; i < text.size();) {
      const size_t n = chorus::model::unicode::sequence_length(static_cast<unsigned char>(text[i]));
      const std::string ch = text.substr(i, n);
      if (!cur.empty()) {
        if (merges.insert(cur + " " + ch).second) v.merges.push_back(cur + " " + ch);
        add(cur + ch, TokenType::kNormal);
      }
      cur += ch;
      i += n;
    }
  }
  add("<|endoftext|>", TokenType::kControl);
  add("<tool>", TokenType::kUserDefined);
  v.eos = static_cast<int32_t>(v.tokens.size()) - 2;
  return v;
}

const Tokenizer& fixed_tokenizer(int which) {
  static const Tokenizer spm = Tokenizer::from_vocab(spm_vocab()).value();
  static const Tokenizer llama3 = Tokenizer::from_vocab(bpe_vocab("llama3")).value();
  static const Tokenizer qwen2 = Tokenizer::from_vocab(bpe_vocab("qwen2")).value();
  return which == 0 ? spm : which == 1 ? llama3 : qwen2;
}

// `complete`: the vocabulary has every byte token, so nothing becomes <unk>.
void check(const Tokenizer& tok, std::string_view text, bool add_special, bool parse_special,
           bool complete) {
  const std::vector<int32_t> ids = tok.encode(text, add_special, parse_special);
  for (int32_t id : ids) {
    if (id < 0 || id >= tok.n_vocab()) __builtin_trap();
  }
  const std::string decoded = tok.decode(ids);
  chorus::model::Detokenizer detok(tok, {.render_special = false, .strip_space_prefix = true});
  std::string streamed;
  for (int32_t id : ids) streamed += detok.push(id);
  streamed += detok.finish();
  if (!chorus::utf8::valid(streamed)) __builtin_trap();
  // SentencePiece writes a space as U+2581, so a literal U+2581 in the text decodes as a space
  // (as in llama.cpp): such texts are outside the round-trip contract.
  const bool spm_space_mark = tok.vocab().kind == chorus::model::VocabKind::kSpm &&
                              text.find("\xe2\x96\x81") != std::string_view::npos;
  if (complete && !add_special && !parse_special && !spm_space_mark && chorus::utf8::valid(text)) {
    if (decoded != text || streamed != text) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const int which = data[0] & 3;
  const bool add_special = data[0] & 4, parse_special = data[0] & 8;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (which < 3) {
    check(fixed_tokenizer(which), rest, add_special, parse_special, true);
    return 0;
  }
  auto file = chorus::model::GgufFile::parse(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(rest.data()), rest.size()));
  if (!file.is_ok()) return 0;
  auto tok = Tokenizer::from_gguf(**file);
  if (!tok.is_ok()) return 0;
  for (std::string_view text : {"Once upon a time, a little girl", " \n\t <s>مرحبا 世界 🔥", ""}) {
    check(*tok, text, add_special, parse_special, false);
  }
  return 0;
}
