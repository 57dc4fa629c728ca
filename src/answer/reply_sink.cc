#include "answer/reply_sink.h"

#include <nlohmann/json.hpp>

#include "answer/answer_json.h"
#include "base/time_util.h"

namespace chorus::answer {
namespace {

using nlohmann::json;

std::string dump_line(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

json payload_of(const Reply& r) {
  json citations = json::array();
  for (const Citation& c : r.answer.citations) citations.push_back(citation_json(c));
  return {{"id", r.id},
          {"in_reply_to", r.mention_id},
          {"mention_author", r.mention_author},
          {"mention_text", r.mention_text},
          {"thread", r.thread},
          {"mode", mode_name(r.answer.mode)},
          {"created_at", format_time_iso(r.created_at_ms)},
          {"text", r.text},
          {"citations", std::move(citations)}};
}

Status ensure_parent_dir(Env* env, const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos || slash == 0) return Status::ok();
  return env->create_dirs(path.substr(0, slash));
}

}  // namespace

std::string reply_payload_json(const Reply& r) {
  return dump_line(payload_of(r));
}

std::string reply_to_json(const Reply& r) {
  json j = payload_of(r);
  j["answer"] = json::parse(answer_to_json(r.answer));
  json deliveries = json::array();
  for (const Delivery& d : r.deliveries) {
    deliveries.push_back({{"sink", d.sink},
                          {"ok", d.ok},
                          {"remote_id", d.remote_id},
                          {"error", d.error},
                          {"attempts", d.attempts}});
  }
  j["deliveries"] = std::move(deliveries);
  return dump_line(j);
}

Status append_line(Env* env, const std::string& path, const std::string& line) {
  CHORUS_RETURN_IF_ERROR(ensure_parent_dir(env, path));
  CHORUS_ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> f, env->open_append(path));
  CHORUS_RETURN_IF_ERROR(f->append(line + "\n"));
  CHORUS_RETURN_IF_ERROR(f->sync());
  return f->close();
}

Result<std::string> JsonlReplySink::deliver(const Reply& reply) {
  if (!file_) {
    CHORUS_RETURN_IF_ERROR(ensure_parent_dir(env_, path_));
    CHORUS_ASSIGN_OR_RETURN(file_, env_->open_append(path_));
  }
  CHORUS_RETURN_IF_ERROR(file_->append(reply_payload_json(reply) + "\n"));
  CHORUS_RETURN_IF_ERROR(file_->sync());
  return std::string();
}

}  // namespace chorus::answer
