#include "stream/xv2_decoder.h"

namespace chorus::stream {
namespace {

std::string x_id(std::string_view id) {
  std::string out(Xv2Decoder::kIdPrefix);
  out.append(id);
  return out;
}

// The object in includes[list] whose "id" is `id`.
bool find_included(object includes, std::string_view list, std::string_view id, object* out) {
  array items;
  bool found = false;
  if (!get_array(includes, list, list, &items, &found).is_ok() || !found) return false;
  for (element item : items) {
    object obj;
    std::string_view item_id;
    if (item.get_object().get(obj)) continue;
    if (!get_string_view(obj, "id", "", &item_id).is_ok() || item_id != id) continue;
    *out = obj;
    return true;
  }
  return false;
}

Status parse_user(object user, Account* a) {
  CHORUS_RETURN_IF_ERROR(get_string(user, "username", "includes.users.username", &a->handle));
  CHORUS_RETURN_IF_ERROR(get_string(user, "name", "includes.users.name", &a->display_name));
  CHORUS_RETURN_IF_ERROR(
      get_time(user, "created_at", "includes.users.created_at", &a->created_at_ms));
  CHORUS_RETURN_IF_ERROR(get_bool(user, "verified", "includes.users.verified", &a->verified));
  object m;
  bool found = false;
  CHORUS_RETURN_IF_ERROR(
      get_object(user, "public_metrics", "includes.users.public_metrics", &m, &found));
  if (!found) return Status::ok();
  CHORUS_RETURN_IF_ERROR(get_int(m, "followers_count",
                                 "includes.users.public_metrics.followers_count", &a->followers));
  return get_int(m, "following_count", "includes.users.public_metrics.following_count",
                 &a->following);
}

// entities[list][].key appended to out.
Status parse_entities(object entities, std::string_view list, std::string_view key,
                      std::string_view fallback_key, std::vector<std::string>* out) {
  array items;
  bool found = false;
  std::string field = "entities." + std::string(list);
  CHORUS_RETURN_IF_ERROR(get_array(entities, list, field, &items, &found));
  if (!found) return Status::ok();
  for (element item : items) {
    object obj;
    if (item.get_object().get(obj)) return invalid_argument(field + ": expected objects");
    std::string_view v;
    CHORUS_RETURN_IF_ERROR(get_string_view(obj, key, field + "." + std::string(key), &v));
    if (v.empty() && !fallback_key.empty())
      CHORUS_RETURN_IF_ERROR(
          get_string_view(obj, fallback_key, field + "." + std::string(fallback_key), &v));
    add_unique(out, v);
  }
  return Status::ok();
}

Status parse_references(object tweet, Post* p) {
  array refs;
  bool found = false;
  CHORUS_RETURN_IF_ERROR(get_array(tweet, "referenced_tweets", "referenced_tweets", &refs, &found));
  if (!found) return Status::ok();
  for (element item : refs) {
    object ref;
    if (item.get_object().get(ref)) return invalid_argument("referenced_tweets: expected objects");
    std::string_view type, id;
    CHORUS_RETURN_IF_ERROR(get_string_view(ref, "type", "referenced_tweets.type", &type));
    CHORUS_RETURN_IF_ERROR(get_string_view(ref, "id", "referenced_tweets.id", &id));
    if (id.empty()) continue;
    if (type == "replied_to")
      p->reply_to = x_id(id);
    else if (type == "quoted")
      p->quote_of = x_id(id);
    else if (type == "retweeted")
      p->repost_of = x_id(id);
  }
  return Status::ok();
}

Status parse_metrics(object tweet, PostMetrics* m) {
  object pm;
  bool found = false;
  CHORUS_RETURN_IF_ERROR(get_object(tweet, "public_metrics", "public_metrics", &pm, &found));
  if (!found) return Status::ok();
  CHORUS_RETURN_IF_ERROR(get_int(pm, "like_count", "public_metrics.like_count", &m->likes));
  CHORUS_RETURN_IF_ERROR(get_int(pm, "retweet_count", "public_metrics.retweet_count", &m->reposts));
  CHORUS_RETURN_IF_ERROR(get_int(pm, "reply_count", "public_metrics.reply_count", &m->replies));
  CHORUS_RETURN_IF_ERROR(get_int(pm, "quote_count", "public_metrics.quote_count", &m->quotes));
  return get_int(pm, "impression_count", "public_metrics.impression_count", &m->views);
}

Status errors_status(object root) {
  array errors;
  bool found = false;
  CHORUS_RETURN_IF_ERROR(get_array(root, "errors", "errors", &errors, &found));
  if (!found) return invalid_argument("data: missing");
  std::string reason = "errors:";
  for (element item : errors) {
    object err;
    std::string_view title, detail;
    if (!item.get_object().get(err)) {
      (void)get_string_view(err, "title", "", &title);
      (void)get_string_view(err, "detail", "", &detail);
    }
    reason.append(" ").append(title.empty() ? "error" : title);
    if (!detail.empty()) reason.append(": ").append(detail);
    break;
  }
  return invalid_argument(reason);
}

// An edited tweet (edit_history_tweet_ids = [original, ..., this]) becomes a kEdit of the
// original id, so that the index replaces the earlier version.
Status edit_of(object tweet, std::string_view id, StreamEvent* e) {
  array history;
  bool found = false;
  CHORUS_RETURN_IF_ERROR(
      get_array(tweet, "edit_history_tweet_ids", "edit_history_tweet_ids", &history, &found));
  if (!found) return Status::ok();
  std::string_view original;
  for (element item : history) {
    if (item.get_string().get(original))
      return invalid_argument("edit_history_tweet_ids: expected strings");
    break;
  }
  if (original.empty() || original == id) return Status::ok();
  e->kind = EventKind::kEdit;
  e->post.id = x_id(original);
  return Status::ok();
}

}  // namespace

Status Xv2Decoder::decode_compliance(object data, bool* handled, DecodeOutput* out) {
  *handled = false;
  element del;
  if (!find(data, "delete", &del)) {
    for (std::string_view kind : {"tweet_edit", "withheld", "drop", "undrop", "scrub_geo"}) {
      element ignored;
      if (!find(data, kind, &ignored)) continue;
      *handled = true;
      ++out->skipped;  // compliance events that carry no post
      return Status::ok();
    }
    return Status::ok();
  }
  *handled = true;
  object d, tweet;
  bool found = false;
  if (del.get_object().get(d)) return invalid_argument("data.delete: expected an object");
  CHORUS_RETURN_IF_ERROR(get_object(d, "tweet", "data.delete.tweet", &tweet, &found));
  if (!found) return invalid_argument("data.delete.tweet: missing");
  std::string_view id;
  CHORUS_RETURN_IF_ERROR(get_string_view(tweet, "id", "data.delete.tweet.id", &id));
  if (id.empty()) return invalid_argument("data.delete.tweet.id: missing");
  StreamEvent e;
  e.kind = EventKind::kDelete;
  e.post.id = x_id(id);
  e.post.source = "xv2";
  CHORUS_RETURN_IF_ERROR(validate_event(e));
  out->events.push_back(std::move(e));
  return Status::ok();
}

Status Xv2Decoder::decode_tweet(object tweet, object includes, bool has_includes,
                                DecodeOutput* out) {
  StreamEvent e;
  Post& p = e.post;
  p.source = "xv2";
  std::string_view id, author_id;
  CHORUS_RETURN_IF_ERROR(get_string_view(tweet, "id", "id", &id));
  if (id.empty()) return invalid_argument("id: missing");
  p.id = x_id(id);
  CHORUS_RETURN_IF_ERROR(get_string(tweet, "text", "text", &p.text));
  CHORUS_RETURN_IF_ERROR(get_time(tweet, "created_at", "created_at", &p.created_at_ms));
  CHORUS_RETURN_IF_ERROR(get_string(tweet, "lang", "lang", &p.lang));
  if (p.lang == "und") p.lang.clear();
  CHORUS_RETURN_IF_ERROR(get_string_view(tweet, "author_id", "author_id", &author_id));
  p.author.id = author_id;
  object user;
  if (has_includes && !author_id.empty() && find_included(includes, "users", author_id, &user))
    CHORUS_RETURN_IF_ERROR(parse_user(user, &p.author));
  object entities;
  bool found = false;
  CHORUS_RETURN_IF_ERROR(get_object(tweet, "entities", "entities", &entities, &found));
  if (found) {
    CHORUS_RETURN_IF_ERROR(parse_entities(entities, "hashtags", "tag", "", &p.hashtags));
    CHORUS_RETURN_IF_ERROR(parse_entities(entities, "mentions", "username", "", &p.mentions));
    CHORUS_RETURN_IF_ERROR(parse_entities(entities, "urls", "expanded_url", "url", &p.urls));
  }
  CHORUS_RETURN_IF_ERROR(parse_references(tweet, &p));
  CHORUS_RETURN_IF_ERROR(parse_metrics(tweet, &p.metrics));
  CHORUS_RETURN_IF_ERROR(edit_of(tweet, id, &e));
  CHORUS_RETURN_IF_ERROR(validate(p));
  out->events.push_back(std::move(e));
  return Status::ok();
}

Status Xv2Decoder::decode(std::string_view record, DecodeOutput* out) {
  CHORUS_ASSIGN_OR_RETURN(element root_el, dom_.parse(record));
  object root;
  if (root_el.get_object().get(root)) return invalid_argument("expected a JSON object");
  object includes;
  bool has_includes = false;
  CHORUS_RETURN_IF_ERROR(get_object(root, "includes", "includes", &includes, &has_includes));
  element data;
  if (!find(root, "data", &data)) return errors_status(root);
  object tweet;
  if (!data.get_object().get(tweet)) {
    bool handled = false;
    CHORUS_RETURN_IF_ERROR(decode_compliance(tweet, &handled, out));
    return handled ? Status::ok() : decode_tweet(tweet, includes, has_includes, out);
  }
  array page;
  if (data.get_array().get(page)) return invalid_argument("data: expected an object or an array");
  size_t index = 0;
  for (element item : page) {
    Status st = item.get_object().get(tweet) ? invalid_argument("expected a tweet object")
                                             : decode_tweet(tweet, includes, has_includes, out);
    if (!st.is_ok())
      out->item_errors.push_back("data[" + std::to_string(index) + "]: " + st.message());
    ++index;
  }
  return Status::ok();
}

}  // namespace chorus::stream
