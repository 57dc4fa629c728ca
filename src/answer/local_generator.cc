#include <algorithm>

#include "answer/generator.h"
#include "model/runtime/generate.h"
#include "model/runtime/model.h"
#include "model/runtime/sampler.h"
#include "model/runtime/session.h"
#include "model/tokenizer/tokenizer.h"

namespace chorus::answer {

struct LocalGenerator::State {
  std::unique_ptr<model::Model> model;
  std::unique_ptr<model::Tokenizer> tokenizer;
  std::unique_ptr<model::Session> session;
  model::ChatFormat format = model::ChatFormat::kChatML;
  model::SamplerParams sampling;
};

LocalGenerator::LocalGenerator(std::unique_ptr<State> state, std::string name)
    : state_(std::move(state)), name_(std::move(name)) {}
LocalGenerator::~LocalGenerator() = default;

Result<std::unique_ptr<LocalGenerator>> LocalGenerator::load(const std::string& path,
                                                             const LocalGeneratorOptions& o) {
  auto s = std::make_unique<State>();
  model::ModelOptions mo;
  mo.threads = o.threads;
  CHORUS_ASSIGN_OR_RETURN(s->model, model::Model::load(path, mo));
  CHORUS_ASSIGN_OR_RETURN(model::Tokenizer tok, model::Tokenizer::from_gguf(s->model->file()));
  s->tokenizer = std::make_unique<model::Tokenizer>(std::move(tok));
  std::string_view tmpl;
  if (s->model->file().find("tokenizer.chat_template") != nullptr) {
    CHORUS_ASSIGN_OR_RETURN(tmpl, s->model->file().get_string("tokenizer.chat_template"));
  }
  CHORUS_ASSIGN_OR_RETURN(s->format, model::detect_chat_format(tmpl, false));
  CHORUS_ASSIGN_OR_RETURN(
      s->session, s->model->new_session(std::min(o.context, s->model->config().context_length)));
  s->sampling.temperature = o.temperature;
  s->sampling.seed = o.seed;
  CHORUS_RETURN_IF_ERROR(s->sampling.validate());
  return std::unique_ptr<LocalGenerator>(new LocalGenerator(std::move(s), "local:" + path));
}

Result<std::vector<int32_t>> LocalGenerator::encode(
    const std::vector<model::ChatMessage>& messages) const {
  CHORUS_ASSIGN_OR_RETURN(std::string text, model::render_chat(state_->format, messages, true));
  // Special tokens are parsed: the template's markers must become tokens. Sources cannot spell
  // them, as prompt_builder neutralizes their angle and square brackets.
  return state_->tokenizer->encode(text, true, true);
}

int64_t LocalGenerator::prompt_tokens(const std::vector<model::ChatMessage>& messages) const {
  Result<std::vector<int32_t>> ids = encode(messages);
  return ids.is_ok() ? static_cast<int64_t>(ids->size()) : -1;
}

int64_t LocalGenerator::context() const {
  return state_->session->context();
}

Result<std::string> LocalGenerator::generate(const std::vector<model::ChatMessage>& messages,
                                             int64_t max_tokens, const TextCallback& on_text) {
  CHORUS_ASSIGN_OR_RETURN(std::vector<int32_t> prompt, encode(messages));
  model::GenerateOptions go;
  go.max_tokens = std::max<int64_t>(1, std::min(max_tokens, context() - (int64_t)prompt.size()));
  go.stop = model::chat_stop_strings(state_->format);
  model::Sampler sampler(state_->sampling);
  auto sink = [&](std::string_view t) { return on_text ? on_text(t) : true; };
  CHORUS_ASSIGN_OR_RETURN(
      model::GenerateResult r,
      model::generate(*state_->session, sampler, *state_->tokenizer, prompt, go, sink));
  return std::move(r.text);
}

}  // namespace chorus::answer
