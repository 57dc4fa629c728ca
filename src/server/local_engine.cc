#include "server/local_engine.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "model/runtime/sampler.h"
#include "model/runtime/stop_strings.h"
#include "server/json_prefix.h"

namespace chorus::server {

struct LocalEngine::Job {
  std::vector<int32_t> prompt;
  int64_t max_tokens = 0;
  model::SamplerParams sampling;
  std::vector<std::string> stop;
  bool json_object = false;
  bool ignore_eos = false;
  std::shared_ptr<GenerationStream> out;
};

// A session and the request it serves. `busy` is guarded by mu_; the rest belongs to the
// scheduler thread.
struct LocalEngine::Slot {
  std::unique_ptr<model::Session> session;
  bool busy = false;
  bool running = false;
  std::shared_ptr<GenerationStream> out;
  std::unique_ptr<model::Sampler> sampler;
  std::unique_ptr<model::StopStrings> stops;
  std::unique_ptr<model::Detokenizer> detok;
  JsonPrefix json;
  bool json_object = false;
  bool ignore_eos = false;
  std::span<const float> logits;
  int64_t max_tokens = 0;
  Usage usage;
  std::vector<float> masked;
};

namespace {

std::string default_name(const std::string& path) {
  std::string name = path.substr(path.find_last_of('/') + 1);
  if (name.ends_with(".gguf")) name.resize(name.size() - 5);
  return name.empty() ? "local" : name;
}

Result<model::ChatFormat> model_chat_format(const model::GgufFile& f) {
  std::string_view tmpl;
  if (f.find("tokenizer.chat_template") != nullptr) {
    CHORUS_ASSIGN_OR_RETURN(tmpl, f.get_string("tokenizer.chat_template"));
  }
  return model::detect_chat_format(tmpl, false);
}

}  // namespace

Result<std::unique_ptr<LocalEngine>> LocalEngine::load(const LocalEngineOptions& o) {
  model::ModelOptions mo;
  mo.threads = o.threads;
  CHORUS_ASSIGN_OR_RETURN(auto m, model::Model::load(o.path, mo));
  CHORUS_ASSIGN_OR_RETURN(model::Tokenizer tok, model::Tokenizer::from_gguf(m->file()));
  CHORUS_ASSIGN_OR_RETURN(model::ChatFormat format, model_chat_format(m->file()));
  int64_t context = std::min<int64_t>(o.context, m->config().context_length);
  if (context <= 0) context = o.context;
  return std::unique_ptr<LocalEngine>(
      new LocalEngine(std::move(m), std::move(tok), format, o, context));
}

LocalEngine::LocalEngine(std::unique_ptr<model::Model> model, model::Tokenizer tokenizer,
                         model::ChatFormat format, const LocalEngineOptions& o, int64_t context)
    : model_(std::move(model)),
      tokenizer_(std::move(tokenizer)),
      format_(format),
      name_(o.name.empty() ? default_name(o.path) : o.name),
      context_(context),
      max_queue_(o.max_queue),
      batch_(*model_) {
  pieces_.resize(static_cast<size_t>(tokenizer_.n_vocab()));
  for (int32_t id = 0; id < tokenizer_.n_vocab(); ++id) {
    if (!tokenizer_.is_special(id))
      pieces_[static_cast<size_t>(id)] = tokenizer_.token_to_piece(id);
    if (tokenizer_.is_eog(id)) eog_ids_.push_back(id);
  }
  for (int i = 0; i < o.parallel; ++i) {
    auto slot = std::make_unique<Slot>();
    slot->session = std::make_unique<model::Session>(*model_, context_);
    slots_.push_back(std::move(slot));
  }
  embedder_ = std::make_unique<model::Embedder>(*model_, o.threads, context_);
  scheduler_ = std::thread([this] { loop(); });
}

LocalEngine::~LocalEngine() {
  stop();
}

void LocalEngine::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (scheduler_.joinable()) scheduler_.join();
}

std::optional<BatchStats> LocalEngine::batch_stats() const {
  return BatchStats{decode_passes(), decode_rows(), last_batch_size()};
}

size_t LocalEngine::queue_depth() const {
  std::lock_guard<std::mutex> lock(mu_);
  return waiting_.size();
}

Result<std::shared_ptr<GenerationStream>> LocalEngine::generate(const GenerationRequest& r) {
  CHORUS_RETURN_IF_ERROR(r.sampling.validate());
  Job job;
  if (r.is_chat) {
    CHORUS_ASSIGN_OR_RETURN(std::string text, model::render_chat(format_, r.messages, true));
    job.prompt = tokenizer_.encode(text, true, true);
    job.stop = model::chat_stop_strings(format_);
  } else {
    job.prompt = tokenizer_.encode(r.prompt, true, false);
  }
  if (job.prompt.empty()) return invalid_argument("prompt: empty");
  const int64_t n = static_cast<int64_t>(job.prompt.size());
  if (n >= context_)
    return invalid_argument("messages: the prompt has " + std::to_string(n) +
                            " tokens; this model's context holds " + std::to_string(context_));
  job.max_tokens = r.max_tokens > 0 ? std::min(r.max_tokens, context_ - n) : context_ - n;
  job.sampling = r.sampling;
  if (!r.seed_given) job.sampling.seed = std::random_device{}();
  job.stop.insert(job.stop.end(), r.stop.begin(), r.stop.end());
  job.json_object = r.json_object;
  job.ignore_eos = r.ignore_eos;
  job.out = std::make_shared<GenerationStream>();
  auto out = job.out;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return unavailable("the server is shutting down");
    size_t free = 0;
    for (const auto& s : slots_) free += s->busy ? 0 : 1;
    if (waiting_.size() >= free + static_cast<size_t>(max_queue_))
      return resource_exhausted("too many requests waiting for the model (" +
                                std::to_string(waiting_.size()) + " queued)");
    waiting_.push_back(std::move(job));
  }
  cv_.notify_all();
  return out;
}

Result<Embedding> LocalEngine::embed(const std::string& text) {
  std::vector<int32_t> ids = tokenizer_.encode(text, true, false);
  std::lock_guard<std::mutex> lock(embed_mu_);
  CHORUS_ASSIGN_OR_RETURN(std::vector<float> v, embedder_->embed(ids));
  return Embedding{std::move(v), static_cast<int64_t>(ids.size())};
}

bool LocalEngine::wait_for_work(std::vector<std::pair<Job, Slot*>>* admitted) {
  std::unique_lock<std::mutex> lock(mu_);
  auto has_free = [&] {
    return std::any_of(slots_.begin(), slots_.end(), [](const auto& s) { return !s->busy; });
  };
  cv_.wait(lock,
           [&] { return stopping_ || active_.load() > 0 || (!waiting_.empty() && has_free()); });
  if (stopping_) {
    for (Job& j : waiting_) j.out->fail(unavailable("the server is shutting down"));
    waiting_.clear();
    return false;
  }
  while (!waiting_.empty() && has_free()) {
    Job& job = waiting_.front();
    Slot* best = nullptr;
    size_t best_common = 0;
    for (auto& s : slots_) {
      if (s->busy) continue;
      const auto& toks = s->session->tokens();
      size_t c = 0;
      while (c < toks.size() && c < job.prompt.size() && toks[c] == job.prompt[c]) ++c;
      if (best == nullptr || c > best_common) best = s.get(), best_common = c;
    }
    best->busy = true;
    admitted->emplace_back(std::move(job), best);
    waiting_.pop_front();
  }
  return true;
}

void LocalEngine::loop() {
  std::vector<std::pair<Job, Slot*>> admitted;
  std::vector<model::SeqStep> steps;
  std::vector<Slot*> stepping;
  for (;;) {
    admitted.clear();
    if (!wait_for_work(&admitted)) break;
    for (auto& [job, slot] : admitted) start(std::move(job), slot);
    steps.clear();
    stepping.clear();
    for (auto& s : slots_) {
      int32_t id;
      if (s->running && advance(*s, &id)) {
        steps.push_back({s->session.get(), id});
        stepping.push_back(s.get());
      }
    }
    if (!steps.empty()) decode(steps, stepping);
  }
  for (auto& s : slots_)
    if (s->running) {
      s->out->fail(unavailable("the server is shutting down"));
      retire(*s, "");
    }
}

void LocalEngine::decode(std::span<const model::SeqStep> steps, std::span<Slot* const> slots) {
  Result<std::span<const float>> logits = batch_.decode(steps);
  if (!logits.is_ok()) {
    for (Slot* s : slots) {
      s->out->fail(logits.status());
      retire(*s, "");
    }
    return;
  }
  decode_passes_.fetch_add(1, std::memory_order_relaxed);
  decode_rows_.fetch_add(steps.size(), std::memory_order_relaxed);
  last_batch_.store(steps.size(), std::memory_order_relaxed);
  const size_t vocab = logits->size() / steps.size();
  for (size_t i = 0; i < slots.size(); ++i) slots[i]->logits = logits->subspan(i * vocab, vocab);
}

void LocalEngine::start(Job job, Slot* slot) {
  Slot& s = *slot;
  s.out = job.out;
  if (s.out->cancelled()) {
    cancelled_.fetch_add(1);
    std::lock_guard<std::mutex> lock(mu_);
    s.busy = false;
    return;
  }
  Result<std::span<const float>> logits = s.session->prefill(job.prompt);
  if (!logits.is_ok()) {
    s.out->fail(logits.status());
    std::lock_guard<std::mutex> lock(mu_);
    s.busy = false;
    return;
  }
  s.logits = *logits;
  s.sampler = std::make_unique<model::Sampler>(job.sampling);
  for (int32_t id : job.prompt) s.sampler->accept(id);
  s.stops = std::make_unique<model::StopStrings>(job.stop);
  s.detok = std::make_unique<model::Detokenizer>(tokenizer_);
  s.json = JsonPrefix();
  s.json_object = job.json_object;
  s.ignore_eos = job.ignore_eos;
  s.max_tokens = job.max_tokens;
  s.usage = Usage{static_cast<int64_t>(job.prompt.size()), 0, s.session->reused_tokens()};
  reused_tokens_.fetch_add(static_cast<uint64_t>(s.session->reused_tokens()));
  s.running = true;
  active_.fetch_add(1);
}

int32_t LocalEngine::sample(Slot& s) {
  if (!s.json_object && !s.ignore_eos) return s.sampler->sample(s.logits);
  s.masked.assign(s.logits.begin(), s.logits.end());
  if (s.ignore_eos) {
    for (int32_t id : eog_ids_) s.masked[static_cast<size_t>(id)] = -INFINITY;
    if (!s.json_object) return s.sampler->sample(s.masked);
  }
  bool any = false;
  for (size_t id = 0; id < s.masked.size(); ++id) {
    const int32_t tid = static_cast<int32_t>(id);
    bool ok;
    if (tokenizer_.is_eog(tid)) {
      ok = s.json.complete() && !s.ignore_eos;
    } else if (id >= pieces_.size() || pieces_[id].empty()) {
      ok = false;
    } else {
      JsonPrefix probe = s.json;
      ok = probe.feed(pieces_[id]);
    }
    if (!ok) s.masked[id] = -INFINITY;
    any |= ok;
  }
  if (!any) return -1;
  return s.sampler->sample(s.masked);
}

bool LocalEngine::advance(Slot& s, int32_t* next) {
  if (s.out->cancelled()) {
    cancelled_.fetch_add(1);
    retire(s, "cancelled");
    return false;
  }
  const int32_t id = sample(s);
  if (id < 0 || tokenizer_.is_eog(id)) {
    retire(s, "stop");
    return false;
  }
  s.sampler->accept(id);
  ++s.usage.completion_tokens;
  tokens_generated_.fetch_add(1, std::memory_order_relaxed);
  if (s.json_object && static_cast<size_t>(id) < pieces_.size())
    s.json.feed(pieces_[static_cast<size_t>(id)]);
  s.out->push(s.stops->feed(s.detok->push(id)));
  if (s.stops->stopped() || (s.json_object && s.json.complete())) {
    retire(s, "stop");
    return false;
  }
  if (s.usage.completion_tokens >= s.max_tokens || s.session->size() >= s.session->context()) {
    retire(s, "length");
    return false;
  }
  *next = id;
  return true;
}

void LocalEngine::retire(Slot& s, const std::string& reason) {
  if (!reason.empty() && reason != "cancelled") {
    if (!s.stops->stopped()) s.out->push(s.stops->feed(s.detok->finish()) + s.stops->finish());
    s.out->finish(reason, s.usage);
  } else if (reason == "cancelled") {
    s.out->finish(reason, s.usage);
  }
  s.running = false;
  s.out.reset();
  active_.fetch_sub(1);
  std::lock_guard<std::mutex> lock(mu_);
  s.busy = false;
}

}  // namespace chorus::server
