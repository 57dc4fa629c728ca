// The answer engine on the server (a RouteModule, see route_module.h):
//   POST /api/ask  {"question": TEXT|POST_ID, "mode": "ask"|"explain"|"check"} -> the answer
//                  object of docs/answers.md (400 on a bad request, 404 for an unknown post id);
//                  with "stream": true, Server-Sent Events (token pieces, then the answer)
//   model "chorus" on /v1/chat/completions: the last user message is answered as a question,
//                  the grounded answer streams as the completion, followed by its sources.
// Generation goes through the server's default chat backend (local scheduler or remote pool)
// when one is loaded; without one answers are extractive.
// Thread-safety: each request builds its own Answerer over the shared Index (searches are
// thread-safe); the grounded model runs each request on its own thread, joined at stop().
#include <httplib.h>

#include <atomic>
#include <list>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "answer/answer.h"
#include "base/time_util.h"
#include "server/answer_routes.h"
#include "server/http_util.h"
#include "server/server.h"

namespace chorus::server {
namespace {

// answer::Generator over a ChatBackend: the request is queued and its stream relayed.
class BackendGenerator final : public answer::Generator {
 public:
  explicit BackendGenerator(std::shared_ptr<ChatBackend> backend) : backend_(std::move(backend)) {}

  Result<std::string> generate(const std::vector<model::ChatMessage>& messages, int64_t max_tokens,
                               const answer::TextCallback& on_text) override {
    GenerationRequest req;
    req.messages = messages;
    req.max_tokens = max_tokens;
    req.sampling.temperature = 0;
    CHORUS_ASSIGN_OR_RETURN(std::shared_ptr<GenerationStream> stream, backend_->generate(req));
    std::string all;
    bool done = false;
    while (!done) {
      std::string piece;
      done = stream->wait(&piece, 200);
      if (!piece.empty()) {
        all += piece;
        if (on_text && !on_text(piece)) {
          stream->cancel();
          return Status(StatusCode::kCancelled, "answer generation cancelled");
        }
      }
    }
    CHORUS_RETURN_IF_ERROR(stream->status());
    return all;
  }
  int64_t prompt_tokens(const std::vector<model::ChatMessage>&) const override { return -1; }
  int64_t context() const override { return -1; }
  std::string name() const override { return backend_->model_name(); }

 private:
  std::shared_ptr<ChatBackend> backend_;
};

Result<answer::Answer> run_answer(Server& server, answer::Mode mode, const std::string& input,
                                  const answer::TextCallback& on_text) {
  return run_grounded_answer(server, mode, input, server.env()->now_ms(), on_text);
}

std::string sources_block(const answer::Answer& a) {
  std::string out = "\n\nSources:";
  for (const answer::Citation& c : a.citations) {
    out += "\n[" + std::to_string(c.n) + "] @" + c.author + ", " +
           format_time_iso(c.created_at_ms) + ", post " + c.post_id +
           (c.url.empty() ? "" : ", " + c.url);
  }
  return out;
}

// The grounded "chorus" chat model.
class GroundedBackend final : public ChatBackend {
 public:
  explicit GroundedBackend(Server& server) : server_(server) {}
  ~GroundedBackend() override { stop(); }

  std::string model_name() const override { return "chorus"; }

  Result<std::shared_ptr<GenerationStream>> generate(const GenerationRequest& request) override {
    std::string question;
    for (const model::ChatMessage& m : request.messages)
      if (m.role == "user") question = m.content;
    if (question.empty()) return invalid_argument("messages: no user message to answer");
    auto stream = std::make_shared<GenerationStream>();
    std::lock_guard lock(mu_);
    if (stopped_) return unavailable("the grounded model is stopping");
    reap_finished();
    auto done = std::make_shared<std::atomic<bool>>(false);
    std::thread t([this, stream, question, done] {
      auto on_text = [&](std::string_view text) {
        stream->push(text);
        return !stream->cancelled() && !server_.stopping();
      };
      Result<answer::Answer> a = run_answer(server_, answer::Mode::kAsk, question, on_text);
      if (a.is_ok()) {
        stream->push(sources_block(*a));
        stream->finish("stop", Usage{});
      } else {
        stream->fail(a.status());
      }
      done->store(true);
    });
    workers_.push_back({std::move(t), done});
    return stream;
  }
  Result<Embedding> embed(const std::string&) override {
    return Status(StatusCode::kUnimplemented, "the chorus model has no embeddings");
  }
  size_t queue_depth() const override { return 0; }
  size_t active_sequences() const override {
    std::lock_guard lock(mu_);
    size_t n = 0;
    for (const Worker& w : workers_) n += w.done->load() ? 0 : 1;
    return n;
  }
  void stop() override {
    std::list<Worker> workers;
    {
      std::lock_guard lock(mu_);
      stopped_ = true;
      workers.swap(workers_);
    }
    for (Worker& w : workers) w.thread.join();
  }

 private:
  struct Worker {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  // Joins the threads of finished requests; mu_ held.
  void reap_finished() {
    for (auto it = workers_.begin(); it != workers_.end();) {
      if (it->done->load()) {
        it->thread.join();
        it = workers_.erase(it);
      } else {
        ++it;
      }
    }
  }

  Server& server_;
  mutable std::mutex mu_;
  bool stopped_ = false;
  std::list<Worker> workers_;
};

class AnswerModule final : public RouteModule {
 public:
  std::string name() const override { return "answer"; }

  Status install(Server& server) override {
    grounded_ = std::make_shared<GroundedBackend>(server);
    server.add_chat_model("chorus", grounded_);
    server.add_route(Method::kPost, "/api/ask", Access::kRead,
                     [&server](const httplib::Request& req, httplib::Response& res) {
                       handle_ask(server, req, res);
                     });
    return Status::ok();
  }
  void stop() override {
    if (grounded_) grounded_->stop();
  }

 private:
  static void handle_ask(Server& server, const httplib::Request& req, httplib::Response& res) {
    nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
      return send_error(res, 400, "body: expected a JSON object");
    if (!body.contains("question") || !body["question"].is_string())
      return send_error(res, 400, "question: expected a string", "question");
    std::string mode_name = "ask";
    if (body.contains("mode")) {
      if (!body["mode"].is_string()) return send_error(res, 400, "mode: expected a string", "mode");
      mode_name = body["mode"].get<std::string>();
    }
    Result<answer::Mode> mode = answer::mode_from_name(mode_name);
    if (!mode.is_ok()) return send_status(res, mode.status(), "mode");
    const std::string input = body["question"].get<std::string>();
    if (body.contains("stream") && body["stream"].is_boolean() && body["stream"].get<bool>())
      return stream_answer(server, *mode, input, res);
    Result<answer::Answer> a = run_answer(server, *mode, input, nullptr);
    if (!a.is_ok()) return send_status(res, a.status(), "question");
    send_json(res, answer::answer_to_json(*a));
  }

  // "stream": true — Server-Sent Events (format in docs/ui.md): `event: token` {"text"} for each
  // piece of answer text as it is produced, then `event: answer` with the answer JSON, or
  // `event: error` with an OpenAI-format error.
  static void stream_answer(Server& server, answer::Mode mode, std::string input,
                            httplib::Response& res) {
    res.set_header("Cache-Control", "no-cache");
    res.set_header("X-Accel-Buffering", "no");
    res.set_chunked_content_provider("text/event-stream", [&server, mode, input](
                                                              size_t, httplib::DataSink& sink) {
      auto event = [&sink](const char* name, const std::string& data) {
        const std::string frame = std::string("event: ") + name + "\ndata: " + data + "\n\n";
        return sink.write(frame.data(), frame.size());
      };
      auto on_text = [&](std::string_view text) {
        const nlohmann::json piece = {{"text", text}};
        return event("token",
                     piece.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) &&
               !server.stopping();
      };
      Result<answer::Answer> a = run_answer(server, mode, input, on_text);
      if (a.is_ok()) {
        event("answer", answer::answer_to_json(*a));
      } else {
        event("error", error_json(http_status_for(a.status()), a.status().message(), "question"));
      }
      sink.done();
      return true;
    });
  }

  std::shared_ptr<GroundedBackend> grounded_;
};

CHORUS_ROUTE_MODULE(AnswerModule);

}  // namespace

Result<answer::Answer> run_grounded_answer(Server& server, answer::Mode mode,
                                           const std::string& input, int64_t now_ms,
                                           const answer::TextCallback& on_text) {
  answer::PostFieldAssessor assessor;
  std::shared_ptr<ChatBackend> backend = server.chat_backend();
  std::unique_ptr<BackendGenerator> gen;
  if (backend) gen = std::make_unique<BackendGenerator>(backend);
  answer::Answerer answerer(server.index(), assessor, gen.get());
  return answerer.answer(mode, input, now_ms, on_text);
}
}  // namespace chorus::server
