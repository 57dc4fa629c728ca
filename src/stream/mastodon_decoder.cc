#include "stream/mastodon_decoder.h"

#include "stream/html_text.h"

namespace chorus::stream {
namespace {

std::string_view trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

Status parse_account(object status, StreamEvent* e) {
  object acc;
  bool found = false;
  CHORUS_RETURN_IF_ERROR(get_object(status, "account", "account", &acc, &found));
  if (!found) return Status::ok();
  Account& a = e->post.author;
  CHORUS_RETURN_IF_ERROR(get_string(acc, "id", "account.id", &a.id));
  CHORUS_RETURN_IF_ERROR(get_string(acc, "acct", "account.acct", &a.handle));
  if (a.handle.empty())
    CHORUS_RETURN_IF_ERROR(get_string(acc, "username", "account.username", &a.handle));
  CHORUS_RETURN_IF_ERROR(get_string(acc, "display_name", "account.display_name", &a.display_name));
  CHORUS_RETURN_IF_ERROR(get_time(acc, "created_at", "account.created_at", &a.created_at_ms));
  CHORUS_RETURN_IF_ERROR(get_int(acc, "followers_count", "account.followers_count", &a.followers));
  CHORUS_RETURN_IF_ERROR(get_int(acc, "following_count", "account.following_count", &a.following));
  return get_bool(acc, "bot", "account.bot", &e->author_bot);
}

// tags[].name and mentions[].acct.
Status parse_named_list(object status, std::string_view key, std::string_view name,
                        std::vector<std::string>* out) {
  array items;
  bool found = false;
  CHORUS_RETURN_IF_ERROR(get_array(status, key, key, &items, &found));
  if (!found) return Status::ok();
  std::string field = std::string(key) + "." + std::string(name);
  for (element item : items) {
    object obj;
    if (item.get_object().get(obj))
      return invalid_argument(std::string(key) + ": expected objects");
    std::string_view v;
    CHORUS_RETURN_IF_ERROR(get_string_view(obj, name, field, &v));
    add_unique(out, v);
  }
  return Status::ok();
}

Status parse_text(object status, Post* p) {
  std::string_view content, spoiler;
  CHORUS_RETURN_IF_ERROR(get_string_view(status, "content", "content", &content));
  CHORUS_RETURN_IF_ERROR(get_string_view(status, "spoiler_text", "spoiler_text", &spoiler));
  HtmlText html = html_to_text(content);
  p->text.clear();
  if (!spoiler.empty()) {
    decode_entities(spoiler, &p->text);
    if (!html.text.empty()) p->text.append("\n\n");
  }
  p->text.append(html.text);
  for (auto& link : html.links) add_unique(&p->urls, link);
  return Status::ok();
}

Status parse_metrics(object status, PostMetrics* m) {
  CHORUS_RETURN_IF_ERROR(get_int(status, "favourites_count", "favourites_count", &m->likes));
  CHORUS_RETURN_IF_ERROR(get_int(status, "reblogs_count", "reblogs_count", &m->reposts));
  CHORUS_RETURN_IF_ERROR(get_int(status, "replies_count", "replies_count", &m->replies));
  return get_int(status, "quotes_count", "quotes_count", &m->quotes);
}

}  // namespace

Status MastodonDecoder::decode_status(object status, EventKind kind, DecodeOutput* out) {
  StreamEvent e;
  e.kind = kind;
  Post& p = e.post;
  p.source = "mastodon";
  std::string_view id, reply_to, lang;
  CHORUS_RETURN_IF_ERROR(get_string_view(status, "id", "id", &id));
  if (id.empty()) return invalid_argument("id: missing");
  p.id = id_prefix_ + std::string(id);
  CHORUS_RETURN_IF_ERROR(get_time(status, "created_at", "created_at", &p.created_at_ms));
  CHORUS_RETURN_IF_ERROR(get_string_view(status, "language", "language", &lang));
  p.lang = lang;
  CHORUS_RETURN_IF_ERROR(get_string_view(status, "in_reply_to_id", "in_reply_to_id", &reply_to));
  if (!reply_to.empty()) p.reply_to = id_prefix_ + std::string(reply_to);
  CHORUS_RETURN_IF_ERROR(parse_account(status, &e));
  CHORUS_RETURN_IF_ERROR(parse_text(status, &p));
  CHORUS_RETURN_IF_ERROR(parse_named_list(status, "tags", "name", &p.hashtags));
  CHORUS_RETURN_IF_ERROR(parse_named_list(status, "mentions", "acct", &p.mentions));
  CHORUS_RETURN_IF_ERROR(parse_metrics(status, &p.metrics));
  object reblog, quote, quoted;
  bool found = false;
  CHORUS_RETURN_IF_ERROR(get_object(status, "reblog", "reblog", &reblog, &found));
  if (found) {
    std::string_view rid;
    CHORUS_RETURN_IF_ERROR(get_string_view(reblog, "id", "reblog.id", &rid));
    if (!rid.empty()) p.repost_of = id_prefix_ + std::string(rid);
    if (p.text.empty()) CHORUS_RETURN_IF_ERROR(parse_text(reblog, &p).with_context("reblog"));
  }
  CHORUS_RETURN_IF_ERROR(get_object(status, "quote", "quote", &quote, &found));
  if (found)
    CHORUS_RETURN_IF_ERROR(
        get_object(quote, "quoted_status", "quote.quoted_status", &quoted, &found));
  if (found) {
    std::string_view qid;
    CHORUS_RETURN_IF_ERROR(get_string_view(quoted, "id", "quote.quoted_status.id", &qid));
    if (!qid.empty()) p.quote_of = id_prefix_ + std::string(qid);
  }
  if (p.author.handle.size() > 1 && p.author.handle[0] == '@') p.author.handle.erase(0, 1);
  CHORUS_RETURN_IF_ERROR(validate(p));
  out->events.push_back(std::move(e));
  return Status::ok();
}

Status MastodonDecoder::decode_json(std::string_view json, EventKind kind, DecodeOutput* out) {
  CHORUS_ASSIGN_OR_RETURN(element root, dom_.parse(json));
  array page;
  if (!root.get_array().get(page)) {
    size_t index = 0;
    for (element item : page) {
      object status;
      Status st = item.get_object().get(status) ? invalid_argument("expected a Status object")
                                                : decode_status(status, kind, out);
      if (!st.is_ok()) {
        std::string reason = std::to_string(index);
        reason.insert(0, 1, '[').append("] ").append(st.message());
        out->item_errors.push_back(std::move(reason));
      }
      ++index;
    }
    return Status::ok();
  }
  object obj;
  if (root.get_object().get(obj)) return invalid_argument("expected a Status object or array");
  std::string_view event;
  element payload;
  CHORUS_RETURN_IF_ERROR(get_string_view(obj, "event", "event", &event));
  if (event.empty() || !find(obj, "payload", &payload)) return decode_status(obj, kind, out);
  std::string_view text;
  if (payload.get_string().get(text)) return invalid_argument("payload: expected a string");
  payload_.assign(text);  // the next parse reuses the DOM that `text` points into
  std::string type(event);
  return decode_event(type, payload_, out);
}

Status MastodonDecoder::decode_event(std::string_view event, std::string_view payload,
                                     DecodeOutput* out) {
  if (event == "update") return decode_json(payload, EventKind::kPost, out);
  if (event == "status.update") return decode_json(payload, EventKind::kEdit, out);
  if (event == "delete") {
    std::string_view id = trim(payload);
    if (id.size() >= 2 && id.front() == '"' && id.back() == '"') id = id.substr(1, id.size() - 2);
    if (id.empty()) return invalid_argument("delete: missing status id");
    StreamEvent e;
    e.kind = EventKind::kDelete;
    e.post.id = id_prefix_ + std::string(id);
    e.post.source = "mastodon";
    CHORUS_RETURN_IF_ERROR(validate_event(e));
    out->events.push_back(std::move(e));
    return Status::ok();
  }
  ++out->skipped;
  return Status::ok();
}

Status MastodonDecoder::decode(std::string_view record, DecodeOutput* out) {
  std::string_view r = trim(record);
  if (r.empty()) {
    pending_event_.clear();  // a blank line ends an SSE event
    return Status::ok();
  }
  if (r[0] == ':') return Status::ok();
  if (r.substr(0, 6) == "event:") {
    pending_event_ = trim(r.substr(6));
    return Status::ok();
  }
  if (r.substr(0, 5) == "data:") {
    std::string event = pending_event_.empty() ? "update" : pending_event_;
    pending_event_.clear();
    return decode_event(event, trim(r.substr(5)), out);
  }
  pending_event_.clear();
  return decode_json(r, EventKind::kPost, out);
}

}  // namespace chorus::stream
