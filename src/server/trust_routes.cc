// The trust layer on the server (a RouteModule, see route_module.h). install() creates the
// TrustState (options from CHORUS_TRUST_* variables, trust_state.h), hooks it into the
// IngestQueue so that every post is scored before it is indexed (its credibility becomes the
// ranking factor; policy "drop" refuses it), and adds:
//   GET  /api/trust/post/{id}          PostReport JSON (trust_report.h); 404 unknown post
//   GET  /api/trust/account/{id|@handle} AccountReport JSON; 404 unknown account
//   GET  /api/trust/audit              {"audit":[AuditEntry...]} newest moderation actions
//   POST /api/notes    {"id","post_id","author","text"} -> {"note":{...}}       (write key)
//   POST /api/ratings  {"rater","note_id","helpful":0|0.5|1} -> the rating echoed (write key)
//   GET  /api/notes?post_id=ID         {"post_id","notes":[...]} with current statuses
// Bad bodies are 400 naming the field; unknown posts or notes 404; a note id reused with other
// content 409. Moderation actions are logged (spdlog, warn for drops) and kept in the audit.
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>

#include "server/http_util.h"
#include "server/server.h"
#include "trust/state/trust_state.h"

namespace chorus::server {
namespace {

using nlohmann::json;

std::string dump_json(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// The body as a JSON object, or a 400 sent and nullopt.
std::optional<json> body_object(const httplib::Request& req, httplib::Response& res) {
  json j = json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    send_error(res, 400, "body: expected a JSON object", "body");
    return std::nullopt;
  }
  return j;
}

// Reads string field `name`; sends a 400 and returns false when absent or not a string.
bool string_field(const json& j, const char* name, std::string* out, httplib::Response& res) {
  auto it = j.find(name);
  if (it == j.end() || !it->is_string()) {
    send_error(res, 400, std::string(name) + ": expected a string", name);
    return false;
  }
  *out = it->get<std::string>();
  return true;
}

void send_trust_status(httplib::Response& res, const Status& s, std::string_view param) {
  if (s.code() == StatusCode::kAlreadyExists) return send_error(res, 409, s.message(), param);
  send_status(res, s, param);
}

class TrustModule final : public RouteModule {
 public:
  std::string name() const override { return "trust"; }

  Status install(Server& server) override {
    trust::TrustStateOptions options;
    CHORUS_ASSIGN_OR_RETURN(options, trust::trust_options_from_env(server.env(), std::getenv));
    // Every action is kept for GET /api/trust/audit; the log gets drops at info, the rest
    // (labels on a busy stream: a line every few posts) at debug.
    options.on_audit = [](const trust::AuditEntry& e) {
      spdlog::log(
          e.action == trust::ModerationAction::kDrop ? spdlog::level::info : spdlog::level::debug,
          "moderation: {}", e.to_json());
    };
    CHORUS_ASSIGN_OR_RETURN(state_, trust::TrustState::create(std::move(options)));
    std::shared_ptr<trust::TrustState> state = state_;  // outlives the module if need be
    server.ingest().set_enrich([state](Post* post) { return state->ingest(post); });
    server.ingest().set_prepare([state](const Post& post) { state->prepare(post); });
    install_explain_routes(server);
    install_note_routes(server);
    return Status::ok();
  }

 private:
  void install_explain_routes(Server& server) {
    server.add_route(Method::kGet, "/api/trust/post/([^/]+)", Access::kRead,
                     [s = state_](const httplib::Request& req, httplib::Response& res) {
                       auto r = s->explain_post(req.matches[1].str());
                       if (!r.is_ok()) return send_status(res, r.status(), "id");
                       send_json(res, r->to_json());
                     });
    server.add_route(Method::kGet, "/api/trust/account/([^/]+)", Access::kRead,
                     [s = state_](const httplib::Request& req, httplib::Response& res) {
                       auto r = s->explain_account(req.matches[1].str());
                       if (!r.is_ok()) return send_status(res, r.status(), "id");
                       send_json(res, r->to_json());
                     });
    server.add_route(Method::kGet, "/api/trust/audit", Access::kRead,
                     [s = state_](const httplib::Request&, httplib::Response& res) {
                       json entries = json::array();
                       for (const trust::AuditEntry& e : s->audit())
                         entries.push_back(json::parse(e.to_json(), nullptr, false));
                       send_json(res, dump_json({{"audit", entries}}));
                     });
  }

  void install_note_routes(Server& server) {
    server.add_route(Method::kPost, "/api/notes", Access::kWrite,
                     [s = state_, &server](const httplib::Request& req, httplib::Response& res) {
                       post_note(*s, server, req, res);
                     });
    server.add_route(Method::kPost, "/api/ratings", Access::kWrite,
                     [s = state_](const httplib::Request& req, httplib::Response& res) {
                       post_rating(*s, req, res);
                     });
    server.add_route(Method::kGet, "/api/notes", Access::kRead,
                     [s = state_](const httplib::Request& req, httplib::Response& res) {
                       const std::string post_id = req.get_param_value("post_id");
                       if (post_id.empty())
                         return send_error(res, 400, "post_id: required", "post_id");
                       std::string out = "{\"post_id\":" + dump_json(post_id) + ",\"notes\":[";
                       bool first = true;
                       for (const trust::NoteView& v : s->notes_for_post(post_id)) {
                         out += (first ? "" : ",") + trust::note_view_json(v);
                         first = false;
                       }
                       send_json(res, out + "]}");
                     });
  }

  static void post_note(trust::TrustState& s, Server& server, const httplib::Request& req,
                        httplib::Response& res) {
    std::optional<json> body = body_object(req, res);
    if (!body) return;
    trust::Note note;
    if (!string_field(*body, "id", &note.id, res) ||
        !string_field(*body, "post_id", &note.post_id, res) ||
        !string_field(*body, "author", &note.author, res) ||
        !string_field(*body, "text", &note.text, res))
      return;
    if (!s.knows_post(note.post_id) && !server.index().get(note.post_id).is_ok())
      return send_error(res, 404, "no post with id " + note.post_id, "post_id");
    const std::string post_id = note.post_id, id = note.id;
    Status st = s.notes().add_note(std::move(note));
    if (!st.is_ok()) return send_trust_status(res, st, "");
    for (const trust::NoteView& v : s.notes_for_post(post_id))
      if (v.note.id == id) return send_json(res, "{\"note\":" + trust::note_view_json(v) + "}");
    send_error(res, 500, "note " + id + " vanished after it was added");
  }

  static void post_rating(trust::TrustState& s, const httplib::Request& req,
                          httplib::Response& res) {
    std::optional<json> body = body_object(req, res);
    if (!body) return;
    trust::Rating rating;
    if (!string_field(*body, "rater", &rating.rater_id, res) ||
        !string_field(*body, "note_id", &rating.note_id, res))
      return;
    auto h = body->find("helpful");
    const double v = h != body->end() && h->is_number() ? h->get<double>() : -1;
    if (v == 1.0) {
      rating.helpfulness = trust::Helpfulness::kHelpful;
    } else if (v == 0.5) {
      rating.helpfulness = trust::Helpfulness::kSomewhatHelpful;
    } else if (v == 0.0) {
      rating.helpfulness = trust::Helpfulness::kNotHelpful;
    } else {
      return send_error(res, 400, "helpful: expected 0, 0.5 or 1", "helpful");
    }
    json echo = {{"rater", rating.rater_id}, {"note_id", rating.note_id}, {"helpful", v}};
    Status st = s.notes().add_rating(std::move(rating));
    if (!st.is_ok()) return send_trust_status(res, st, "");
    send_json(res, dump_json(echo));
  }

  std::shared_ptr<trust::TrustState> state_;
};

CHORUS_ROUTE_MODULE(TrustModule);

}  // namespace
}  // namespace chorus::server
