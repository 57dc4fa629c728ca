#include "model/tokenizer/tokenizer.h"

#include <cctype>

#include "model/gguf/gguf.h"
#include "model/tokenizer/byte_level.h"
#include "model/tokenizer/tokenizer_state.h"

namespace chorus::model {
namespace {

using detail::TokenizerState;

constexpr std::string_view kSpmSpace = "\xE2\x96\x81";  // U+2581 '▁'

// A piece of the input: raw text [off, off + len), or one special token.
struct Fragment {
  int32_t token;  // kNoToken for raw text
  size_t off;
  size_t len;
};

// Splits `text` on the texts of special tokens, longest first (llama.cpp's
// tokenizer_st_partition). CONTROL and UNKNOWN tokens only when parse_special.
std::vector<Fragment> partition(const TokenizerState& s, std::string_view text,
                                bool parse_special) {
  std::vector<Fragment> frags = {{kNoToken, 0, text.size()}};
  std::vector<Fragment> next;
  for (const int32_t id : s.specials) {
    const TokenType type = s.vocab.types[id];
    if (!parse_special && (type == TokenType::kControl || type == TokenType::kUnknown)) continue;
    const std::string_view special = s.vocab.tokens[id];
    next.clear();
    for (const Fragment& f : frags) {
      const std::string_view raw = text.substr(f.off, f.len);
      size_t pos = f.token == kNoToken ? raw.find(special) : std::string_view::npos;
      if (pos == std::string_view::npos) {
        next.push_back(f);
        continue;
      }
      size_t cur = 0;
      while (pos != std::string_view::npos) {
        if (pos > cur) next.push_back({kNoToken, f.off + cur, pos - cur});
        next.push_back({id, 0, 0});
        cur = pos + special.size();
        if (s.rstrip[id]) {
          while (cur < raw.size() && std::isspace(static_cast<unsigned char>(raw[cur]))) ++cur;
        }
        pos = raw.find(special, cur);
      }
      if (cur < raw.size()) next.push_back({kNoToken, f.off + cur, raw.size() - cur});
    }
    frags.swap(next);
  }
  return frags;
}

std::string escape_spm(std::string_view text, bool space_prefix) {
  std::string out;
  out.reserve(text.size() + text.size() / 2 + 3);
  if (space_prefix) out += kSpmSpace;
  for (char c : text) {
    if (c == ' ') {
      out += kSpmSpace;
    } else {
      out += c;
    }
  }
  return out;
}

std::string unescape_spm(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (text.substr(i, kSpmSpace.size()) == kSpmSpace) {
      out += ' ';
      i += kSpmSpace.size();
    } else {
      out += text[i++];
    }
  }
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// "<0xAB>" -> 0xAB, or -1.
int parse_byte_token(std::string_view t) {
  if (t.size() != 6 || t.substr(0, 3) != "<0x" || t[5] != '>') return -1;
  const int hi = hex_digit(t[3]);
  const int lo = hex_digit(t[4]);
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

}  // namespace

Result<Tokenizer> Tokenizer::from_gguf(const GgufFile& file) {
  CHORUS_ASSIGN_OR_RETURN(Vocab vocab, load_vocab(file));
  return from_vocab(std::move(vocab));
}

Result<Tokenizer> Tokenizer::from_vocab(Vocab vocab) {
  CHORUS_ASSIGN_OR_RETURN(TokenizerState state, detail::build_state(std::move(vocab)));
  return Tokenizer(std::make_shared<const TokenizerState>(std::move(state)));
}

std::vector<int32_t> Tokenizer::encode(std::string_view text, bool add_special,
                                       bool parse_special) const {
  const TokenizerState& s = *state_;
  const Vocab& v = s.vocab;
  std::vector<int32_t> out;
  if (add_special && v.add_bos) out.push_back(v.bos);
  if (!text.empty()) {
    bool starts_fragment = true;  // SPM: text after the start or a special token gets ' '
    for (const Fragment& f : partition(s, text, parse_special)) {
      if (f.token != kNoToken) {
        out.push_back(f.token);
        starts_fragment = true;
        continue;
      }
      const std::string_view raw = text.substr(f.off, f.len);
      if (v.kind == VocabKind::kSpm) {
        detail::spm_encode(s, escape_spm(raw, v.add_space_prefix && starts_fragment), out);
      } else if (v.kind == VocabKind::kWpm) {
        detail::wpm_encode(s, raw, out);
      } else {
        detail::bpe_encode(s, raw, out);
      }
      starts_fragment = false;
    }
  }
  if (add_special && v.add_eos) out.push_back(v.eos);
  return out;
}

std::string Tokenizer::token_to_piece(int32_t id) const {
  const Vocab& v = state_->vocab;
  if (id < 0 || id >= v.size()) return {};
  const std::string& text = v.tokens[id];
  switch (v.types[id]) {
    case TokenType::kControl:
    case TokenType::kUnknown:
    case TokenType::kUserDefined:
      return text;
    case TokenType::kNormal:
      return v.kind == VocabKind::kBpe ? byte_level::decode(text) : unescape_spm(text);
    case TokenType::kByte: {
      if (v.kind == VocabKind::kBpe) return byte_level::decode(text);
      const int b = parse_byte_token(text);
      return b < 0 ? text : std::string(1, static_cast<char>(b));
    }
    case TokenType::kUnused:
    case TokenType::kUndefined:
      break;
  }
  return {};
}

std::string Tokenizer::decode(std::span<const int32_t> ids, bool render_special) const {
  Detokenizer d(*this, {.render_special = render_special, .strip_space_prefix = true});
  std::string out;
  for (int32_t id : ids) out += d.push(id);
  out += d.finish();
  return out;
}

int32_t Tokenizer::bos() const {
  return state_->vocab.bos;
}
int32_t Tokenizer::eos() const {
  return state_->vocab.eos;
}
int32_t Tokenizer::n_vocab() const {
  return state_->vocab.size();
}
const Vocab& Tokenizer::vocab() const {
  return state_->vocab;
}

bool Tokenizer::is_eog(int32_t id) const {
  return id >= 0 && id < n_vocab() && state_->eog[id];
}

bool Tokenizer::is_special(int32_t id) const {
  if (id < 0 || id >= n_vocab()) return false;
  const TokenType t = state_->vocab.types[id];
  return t == TokenType::kControl || t == TokenType::kUnknown || t == TokenType::kUserDefined;
}

std::optional<int32_t> Tokenizer::find_special(std::string_view text) const {
  const int32_t id = state_->find(text);
  if (id == kNoToken || !is_special(id)) return std::nullopt;
  return id;
}

}  // namespace chorus::model
