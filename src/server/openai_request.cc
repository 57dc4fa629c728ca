#include "server/openai_request.h"

#include <nlohmann/json.hpp>

namespace chorus::server {
namespace {

using nlohmann::json;

struct Fail {
  std::string param;
  std::string message;
};

double number(const json& j, const char* name, double lo, double hi) {
  if (!j.is_number()) throw Fail{name, std::string(name) + ": expected a number"};
  const double v = j.get<double>();
  if (v < lo || v > hi)
    throw Fail{name, std::string(name) + ": must be in [" + json(lo).dump() + ", " +
                         json(hi).dump() + "]"};
  return v;
}

int64_t positive_int(const json& j, const char* name) {
  if (!j.is_number_integer() || j.get<int64_t>() < 1)
    throw Fail{name, std::string(name) + ": expected a positive integer"};
  return j.get<int64_t>();
}

std::string content_text(const json& c, size_t i) {
  const std::string param = "messages[" + std::to_string(i) + "].content";
  if (c.is_string()) return c.get<std::string>();
  if (c.is_null()) return "";
  if (!c.is_array()) throw Fail{param, param + ": expected a string or an array of parts"};
  std::string text;
  for (const json& part : c) {
    if (!part.is_object() || part.value("type", "") != "text" || !part.contains("text") ||
        !part["text"].is_string())
      throw Fail{param, param + ": only text parts are supported"};
    text += part["text"].get<std::string>();
  }
  return text;
}

void parse_messages(const json& body, GenerationRequest* g) {
  if (!body.contains("messages")) throw Fail{"messages", "messages: required"};
  const json& m = body["messages"];
  if (!m.is_array() || m.empty()) throw Fail{"messages", "messages: expected a non-empty array"};
  for (size_t i = 0; i < m.size(); ++i) {
    const std::string param = "messages[" + std::to_string(i) + "]";
    if (!m[i].is_object() || !m[i].contains("role") || !m[i]["role"].is_string())
      throw Fail{param + ".role", param + ".role: required string"};
    std::string role = m[i]["role"].get<std::string>();
    if (role == "developer") role = "system";
    if (role != "system" && role != "user" && role != "assistant")
      throw Fail{
          param + ".role",
          param + ".role: expected system, developer, user or assistant, got '" + role + "'"};
    g->messages.push_back({role, content_text(m[i].value("content", json()), i)});
  }
}

void parse_prompt(const json& body, GenerationRequest* g) {
  if (!body.contains("prompt")) throw Fail{"prompt", "prompt: required"};
  const json& p = body["prompt"];
  if (p.is_string()) {
    g->prompt = p.get<std::string>();
  } else if (p.is_array() && p.size() == 1 && p[0].is_string()) {
    g->prompt = p[0].get<std::string>();
  } else {
    throw Fail{"prompt", "prompt: expected a string (or an array of one string)"};
  }
  if (g->prompt.empty()) throw Fail{"prompt", "prompt: empty"};
}

void parse_sampling(const json& body, GenerationRequest* g) {
  model::SamplerParams& s = g->sampling;
  s = model::SamplerParams{};
  s.top_k = 0;  // OpenAI semantics: temperature and top_p only
  s.min_p = 0;
  s.temperature = 1.0f;
  s.top_p = 1.0f;
  if (body.contains("temperature") && !body["temperature"].is_null())
    s.temperature = static_cast<float>(number(body["temperature"], "temperature", 0, 2));
  if (body.contains("top_p") && !body["top_p"].is_null()) {
    s.top_p = static_cast<float>(number(body["top_p"], "top_p", 0, 1));
    if (s.top_p <= 0) throw Fail{"top_p", "top_p: must be > 0"};
  }
  if (body.contains("presence_penalty") && !body["presence_penalty"].is_null())
    s.presence_penalty =
        static_cast<float>(number(body["presence_penalty"], "presence_penalty", -2, 2));
  if (body.contains("frequency_penalty") && !body["frequency_penalty"].is_null())
    s.frequency_penalty =
        static_cast<float>(number(body["frequency_penalty"], "frequency_penalty", -2, 2));
  if (body.contains("seed") && !body["seed"].is_null()) {
    if (!body["seed"].is_number_integer()) throw Fail{"seed", "seed: expected an integer"};
    s.seed = static_cast<uint64_t>(body["seed"].get<int64_t>());
    g->seed_given = true;
  }
}

void parse_stop(const json& body, GenerationRequest* g) {
  if (!body.contains("stop") || body["stop"].is_null()) return;
  const json& s = body["stop"];
  if (s.is_string()) {
    if (!s.get<std::string>().empty()) g->stop.push_back(s.get<std::string>());
    return;
  }
  if (!s.is_array() || s.size() > 4)
    throw Fail{"stop", "stop: expected a string or up to 4 strings"};
  for (const json& x : s) {
    if (!x.is_string()) throw Fail{"stop", "stop: expected strings"};
    if (!x.get<std::string>().empty()) g->stop.push_back(x.get<std::string>());
  }
}

void parse_body(const json& body, bool chat, OpenAiRequest* out) {
  if (!body.is_object()) throw Fail{"", "body: expected a JSON object"};
  GenerationRequest& g = out->generation;
  g.is_chat = chat;
  if (body.contains("model")) {
    if (!body["model"].is_string()) throw Fail{"model", "model: expected a string"};
    out->model = body["model"].get<std::string>();
  }
  chat ? parse_messages(body, &g) : parse_prompt(body, &g);
  if (body.contains("max_completion_tokens") && !body["max_completion_tokens"].is_null())
    g.max_tokens = positive_int(body["max_completion_tokens"], "max_completion_tokens");
  else if (body.contains("max_tokens") && !body["max_tokens"].is_null())
    g.max_tokens = positive_int(body["max_tokens"], "max_tokens");
  parse_sampling(body, &g);
  parse_stop(body, &g);
  if (body.contains("ignore_eos") && !body["ignore_eos"].is_null()) {
    if (!body["ignore_eos"].is_boolean())
      throw Fail{"ignore_eos", "ignore_eos: expected a boolean"};
    g.ignore_eos = body["ignore_eos"].get<bool>();
  }
  if (body.contains("n") && !body["n"].is_null() && body["n"] != 1)
    throw Fail{"n", "n: only n=1 is supported"};
  if (body.contains("response_format") && !body["response_format"].is_null()) {
    const json& rf = body["response_format"];
    const std::string type = rf.is_object() ? rf.value("type", "") : "";
    if (type == "json_object") {
      g.json_object = true;
    } else if (type != "text") {
      throw Fail{"response_format", "response_format: type must be text or json_object"};
    }
  }
  if (body.contains("stream") && !body["stream"].is_null()) {
    if (!body["stream"].is_boolean()) throw Fail{"stream", "stream: expected a boolean"};
    out->stream = body["stream"].get<bool>();
  }
  if (body.contains("stream_options") && body["stream_options"].is_object())
    out->include_usage = body["stream_options"].value("include_usage", false);
}

}  // namespace

bool parse_openai_request(std::string_view text, bool chat, OpenAiRequest* out, ParseError* error) {
  json body = json::parse(text, nullptr, false);
  if (body.is_discarded()) {
    *error = {invalid_argument("body: not valid JSON"), ""};
    return false;
  }
  try {
    parse_body(body, chat, out);
  } catch (const Fail& f) {
    *error = {invalid_argument(f.message), f.param};
    return false;
  } catch (const json::exception& e) {
    *error = {invalid_argument(std::string("body: ") + e.what()), ""};
    return false;
  }
  return true;
}

}  // namespace chorus::server
