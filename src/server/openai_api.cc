// OpenAI-compatible routes: POST /v1/chat/completions, POST /v1/completions, GET /v1/models,
// POST /v1/embeddings. Streams are SSE: `data: {chunk}` events with one id per response, an
// optional usage chunk (stream_options.include_usage), then `data: [DONE]`. A streamed client
// that disconnects cancels its sequence (the next write fails).
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <random>

#include "server/http_util.h"
#include "server/openai_request.h"
#include "server/server.h"

namespace chorus::server {
namespace {

using nlohmann::json;

std::string new_id(const char* prefix) {
  static std::atomic<uint64_t> counter{0};
  static const uint64_t salt = std::random_device{}();
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s-%012llx%06llx", prefix,
                static_cast<unsigned long long>(salt & 0xffffffffffffULL),
                static_cast<unsigned long long>(counter.fetch_add(1) & 0xffffff));
  return buf;
}

int64_t unix_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

json usage_json(const Usage& u) {
  return {{"prompt_tokens", u.prompt_tokens},
          {"completion_tokens", u.completion_tokens},
          {"total_tokens", u.prompt_tokens + u.completion_tokens},
          {"prompt_tokens_details", {{"cached_tokens", u.cached_tokens}}}};
}

// Everything one response needs to format its chunks.
struct Reply {
  bool chat = true;
  std::string id;
  std::string model;
  int64_t created = 0;

  json chunk(const json& choice) const {
    return {{"id", id},
            {"object", chat ? "chat.completion.chunk" : "text_completion"},
            {"created", created},
            {"model", model},
            {"system_fingerprint", "chorus"},
            {"choices", json::array({choice})}};
  }
  json delta(const std::string& text, const json& finish) const {
    if (!chat)
      return chunk(
          {{"index", 0}, {"text", text}, {"logprobs", nullptr}, {"finish_reason", finish}});
    json d = text.empty() && !finish.is_null() ? json::object() : json{{"content", text}};
    return chunk({{"index", 0}, {"delta", d}, {"logprobs", nullptr}, {"finish_reason", finish}});
  }
  json whole(const std::string& text, const std::string& finish, const Usage& u) const {
    json choice =
        chat ? json{{"index", 0},
                    {"message", {{"role", "assistant"}, {"content", text}, {"refusal", nullptr}}},
                    {"logprobs", nullptr},
                    {"finish_reason", finish}}
             : json{{"index", 0}, {"text", text}, {"logprobs", nullptr}, {"finish_reason", finish}};
    return {{"id", id},
            {"object", chat ? "chat.completion" : "text_completion"},
            {"created", created},
            {"model", model},
            {"system_fingerprint", "chorus"},
            {"choices", json::array({choice})},
            {"usage", usage_json(u)}};
  }
};

std::string sse(const json& j) {
  return "data: " + dump(j) + "\n\n";
}

void count_tokens(Server& server, const Usage& u) {
  server.metrics().inc("chorus_tokens_generated_total", "Tokens generated", {},
                       static_cast<double>(u.completion_tokens));
  server.metrics().inc("chorus_prompt_tokens_total", "Prompt tokens evaluated or reused", {},
                       static_cast<double>(u.prompt_tokens));
}

void stream_reply(Server& server, httplib::Response& res, std::shared_ptr<GenerationStream> gen,
                  Reply reply, bool include_usage) {
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");
  struct State {
    bool started = false;
    bool finished = false;
    int idle_ms = 0;
  };
  auto state = std::make_shared<State>();
  res.set_chunked_content_provider(
      "text/event-stream",
      [&server, gen, reply, include_usage, state](size_t, httplib::DataSink& sink) {
        // A failed write (the client left) cancels the generation.
        auto write = [&](const std::string& data) {
          if (sink.write(data.data(), data.size())) return true;
          gen->cancel();
          return false;
        };
        if (!state->started) {
          state->started = true;
          // Sent at once, before any wait: a request queued for a sequence shows the client a
          // live stream from the start.
          if (reply.chat)
            return write(sse(reply.chunk({{"index", 0},
                                          {"delta", {{"role", "assistant"}, {"content", ""}}},
                                          {"logprobs", nullptr},
                                          {"finish_reason", nullptr}})));
        }
        std::string out;
        std::string text;
        const bool done = gen->wait(&text, 250);
        if (!text.empty()) {
          out += sse(reply.delta(text, nullptr));
          server.metrics().inc("chorus_stream_chunks_total", "SSE chunks of generated text sent");
        }
        if (done) {
          if (gen->status().is_ok()) {
            count_tokens(server, gen->usage());
            out += sse(reply.delta("", gen->finish_reason() == "cancelled"
                                           ? json("stop")
                                           : json(gen->finish_reason())));
            if (include_usage) {
              json u = reply.chunk(nullptr);
              u["choices"] = json::array();
              u["usage"] = usage_json(gen->usage());
              out += sse(u);
            }
          } else {
            const int code = http_status_for(gen->status());
            out += "data: " + error_json(code, gen->status().message()) + "\n\n";
          }
          out += "data: [DONE]\n\n";
        }
        if (out.empty()) {
          state->idle_ms += 250;
          if (state->idle_ms < 2000) return true;
          out = ": keep-alive\n\n";
        }
        state->idle_ms = 0;
        if (!write(out)) return false;
        if (done) {
          state->finished = true;
          sink.done();
        }
        return true;
      },
      [&server, gen, state](bool) {
        if (state->finished) return;
        gen->cancel();
        // The engine retires a cancelled sequence within a step; its usage then counts what was
        // generated before the client left.
        std::string ignored;
        for (int i = 0; i < 40 && !gen->wait(&ignored, 50); ++i) {
        }
        count_tokens(server, gen->usage());
      });
}

std::shared_ptr<ChatBackend> backend_or_error(Server& server, const std::string& model,
                                              httplib::Response& res) {
  auto b = server.chat_backend(model);
  if (b) return b;
  set_retry_after(res, 2);
  if (server.model_loading())
    send_error(res, 503, "the model is loading; retry shortly", "", "model_loading");
  else
    send_error(res, 503, "no model is configured: start chorus serve with --model or --llm-url",
               "model", "model_not_available");
  return nullptr;
}

void completions(Server& server, const httplib::Request& req, httplib::Response& res, bool chat) {
  OpenAiRequest r;
  ParseError err;
  if (!parse_openai_request(req.body, chat, &r, &err))
    return send_status(res, err.status, err.param);
  auto backend = backend_or_error(server, r.model, res);
  if (!backend) return;
  Result<std::shared_ptr<GenerationStream>> gen = backend->generate(r.generation);
  if (!gen.is_ok())
    return send_status(res, gen.status(),
                       gen.status().code() == StatusCode::kInvalidArgument ? "messages" : "");
  Reply reply{chat, new_id(chat ? "chatcmpl" : "cmpl"), backend->model_name(), unix_seconds()};
  std::shared_ptr<GenerationStream> stream = *gen;
  if (r.stream) {
    stream_reply(server, res, stream, reply, r.include_usage);
    return;
  }
  std::string text;
  while (!stream->wait(&text, 1000)) {
    if (server.stopping()) stream->cancel();
  }
  if (!stream->status().is_ok()) return send_status(res, stream->status());
  count_tokens(server, stream->usage());
  send_json(res, dump(reply.whole(text, stream->finish_reason(), stream->usage())));
}

void models(Server& server, httplib::Response& res) {
  json data = json::array();
  for (const std::string& name : server.chat_model_names())
    data.push_back({{"id", name}, {"object", "model"}, {"created", 0}, {"owned_by", "chorus"}});
  send_json(res, dump(json{{"object", "list"}, {"data", data}}));
}

void embeddings(Server& server, const httplib::Request& req, httplib::Response& res) {
  json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    return send_error(res, 400, "body: not a JSON object", "body");
  std::vector<std::string> inputs;
  const json& in = body.contains("input") ? body["input"] : json();
  if (in.is_string()) {
    inputs.push_back(in.get<std::string>());
  } else if (in.is_array() && !in.empty() &&
             std::all_of(in.begin(), in.end(), [](const json& x) { return x.is_string(); })) {
    for (const json& x : in) inputs.push_back(x.get<std::string>());
  } else {
    return send_error(res, 400, "input: expected a string or a non-empty array of strings",
                      "input");
  }
  if (inputs.size() > 256) return send_error(res, 400, "input: at most 256 items", "input");
  if (body.contains("encoding_format") && body["encoding_format"] != "float")
    return send_error(res, 400, "encoding_format: only float is supported", "encoding_format");
  const std::string model = body.value("model", "");
  auto backend = backend_or_error(server, model, res);
  if (!backend) return;
  json data = json::array();
  int64_t tokens = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].empty())
      return send_error(res, 400, "input[" + std::to_string(i) + "]: empty", "input");
    Result<Embedding> e = backend->embed(inputs[i]);
    if (!e.is_ok()) return send_status(res, e.status(), "input");
    tokens += e->tokens;
    data.push_back({{"object", "embedding"}, {"index", i}, {"embedding", e->vector}});
  }
  send_json(res, dump(json{{"object", "list"},
                           {"data", data},
                           {"model", backend->model_name()},
                           {"usage", {{"prompt_tokens", tokens}, {"total_tokens", tokens}}}}));
}

}  // namespace

void install_openai_api(Server& server) {
  server.add_route(Method::kPost, "/v1/chat/completions", Access::kRead,
                   [&server](const httplib::Request& req, httplib::Response& res) {
                     completions(server, req, res, true);
                   });
  server.add_route(Method::kPost, "/v1/completions", Access::kRead,
                   [&server](const httplib::Request& req, httplib::Response& res) {
                     completions(server, req, res, false);
                   });
  server.add_route(
      Method::kGet, "/v1/models", Access::kRead,
      [&server](const httplib::Request&, httplib::Response& res) { models(server, res); });
  server.add_route(Method::kPost, "/v1/embeddings", Access::kRead,
                   [&server](const httplib::Request& req, httplib::Response& res) {
                     embeddings(server, req, res);
                   });
}

}  // namespace chorus::server
