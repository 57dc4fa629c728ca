#include "model/tokenizer/pre_tokenizer.h"

#include <fmt/format.h>

#include <initializer_list>
#include <span>

#include "base/utf8.h"
#include "model/tokenizer/split_rules.h"
#include "model/tokenizer/unicode_props.h"

namespace chorus::model {
namespace {

using split_rules::SplitRule;

struct Alias {
  std::string_view name;
  PreTokenizer kind;
};

// tokenizer.ggml.pre values and the split rules they use (llama.cpp's table).
constexpr Alias kAliases[] = {
    {"default", PreTokenizer::kDefault},
    {"gpt-2", PreTokenizer::kGpt2},
    {"mpt", PreTokenizer::kGpt2},
    {"phi-2", PreTokenizer::kGpt2},
    {"olmo", PreTokenizer::kGpt2},
    {"jais", PreTokenizer::kGpt2},
    {"jina-es", PreTokenizer::kGpt2},
    {"jina-de", PreTokenizer::kGpt2},
    {"jina-v1-en", PreTokenizer::kGpt2},
    {"jina-v2-es", PreTokenizer::kGpt2},
    {"jina-v2-de", PreTokenizer::kGpt2},
    {"jina-v2-code", PreTokenizer::kGpt2},
    {"roberta-bpe", PreTokenizer::kGpt2},
    {"gigachat", PreTokenizer::kGpt2},
    {"llama3", PreTokenizer::kLlama3},
    {"llama-v3", PreTokenizer::kLlama3},
    {"llama-bpe", PreTokenizer::kLlama3},
    {"falcon3", PreTokenizer::kLlama3},
    {"dbrx", PreTokenizer::kLlama3},
    {"smaug-bpe", PreTokenizer::kLlama3},
    {"qwen2", PreTokenizer::kQwen2},
    {"deepseek-r1-qwen", PreTokenizer::kQwen2},
    {"stablelm2", PreTokenizer::kQwen2},
    {"megrez", PreTokenizer::kQwen2},
    {"deepseek-llm", PreTokenizer::kDeepseekLlm},
    {"deepseek-coder", PreTokenizer::kDeepseekCoder},
    {"falcon", PreTokenizer::kFalcon},
    {"starcoder", PreTokenizer::kStarcoder},
    {"refact", PreTokenizer::kStarcoder},
    {"command-r", PreTokenizer::kStarcoder},
    {"smollm", PreTokenizer::kStarcoder},
    {"codeshell", PreTokenizer::kStarcoder},
    {"exaone", PreTokenizer::kStarcoder},
    {"minerva-7b", PreTokenizer::kStarcoder},
};

std::span<const SplitRule> stages(PreTokenizer kind) {
  using namespace split_rules;  // NOLINT
  static constexpr SplitRule kDefaultRules[] = {default_punct, gpt2, numbers, ascii_digits3};
  static constexpr SplitRule kGpt2Rules[] = {gpt2};
  static constexpr SplitRule kLlama3Rules[] = {llama3};
  static constexpr SplitRule kQwen2Rules[] = {qwen2};
  static constexpr SplitRule kDeepseekLlmRules[] = {
      newline, deepseek_letters, deepseek_punct, trailing_space, cjk, numbers};
  static constexpr SplitRule kDeepseekCoderRules[] = {newline, space_letters, space_punct, cjk,
                                                      number};
  static constexpr SplitRule kFalconRules[] = {falcon_punct, gpt2, ascii_digits3};
  static constexpr SplitRule kStarcoderRules[] = {number, gpt2};
  switch (kind) {
    case PreTokenizer::kDefault:
      return kDefaultRules;
    case PreTokenizer::kGpt2:
      return kGpt2Rules;
    case PreTokenizer::kLlama3:
      return kLlama3Rules;
    case PreTokenizer::kQwen2:
      return kQwen2Rules;
    case PreTokenizer::kDeepseekLlm:
      return kDeepseekLlmRules;
    case PreTokenizer::kDeepseekCoder:
      return kDeepseekCoderRules;
    case PreTokenizer::kFalcon:
      return kFalconRules;
    case PreTokenizer::kStarcoder:
      return kStarcoderRules;
  }
  return kGpt2Rules;
}

// Splits each fragment (given by its end offset in `ends`, fragments being contiguous from 0) into
// the rule's matches and the unmatched runs between them.
std::vector<size_t> apply_rule(const std::vector<char32_t>& cps, SplitRule rule,
                               const std::vector<size_t>& ends) {
  std::vector<size_t> out;
  out.reserve(ends.size() * 2);
  size_t start = 0;
  for (const size_t end : ends) {
    size_t gap = start;
    size_t pos = start;
    while (pos < end) {
      const size_t n = rule(cps.data(), start, pos, end);
      if (n == 0) {
        ++pos;
        continue;
      }
      if (pos > gap) out.push_back(pos);
      pos += n;
      out.push_back(pos);
      gap = pos;
    }
    if (gap < end) out.push_back(end);
    start = end;
  }
  return out;
}

}  // namespace

Result<PreTokenizer> pre_tokenizer_for(std::string_view name) {
  for (const Alias& a : kAliases) {
    if (a.name == name) return a.kind;
  }
  return invalid_argument(
      fmt::format("metadata 'tokenizer.ggml.pre' = '{}' is not a known pre-tokenizer", name));
}

std::vector<std::string> pre_tokenize(PreTokenizer kind, std::string_view text) {
  const std::vector<char32_t> cps = unicode::to_codepoints(text, nullptr);
  if (cps.empty()) return {};
  std::vector<size_t> ends = {cps.size()};
  for (const SplitRule rule : stages(kind)) ends = apply_rule(cps, rule, ends);

  std::vector<std::string> words;
  words.reserve(ends.size());
  size_t start = 0;
  for (const size_t end : ends) {
    std::string& w = words.emplace_back();
    for (size_t i = start; i < end; ++i) utf8::append(w, cps[i]);
    start = end;
  }
  return words;
}

}  // namespace chorus::model
