#include "stream/jetstream_decoder.h"

namespace chorus::stream {
namespace {

// "en-US" -> "en".
std::string primary_language(std::string_view tag) {
  std::string out(tag.substr(0, tag.find_first_of("-_")));
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The text a facet spans (UTF-8 byte offsets), or "" when the offsets are out of range.
std::string_view facet_text(const Post& p, object facet) {
  object index;
  bool found = false;
  if (!get_object(facet, "index", "facets.index", &index, &found).is_ok() || !found) return {};
  int64_t start = -1, end = -1;
  if (!get_int(index, "byteStart", "", &start).is_ok() ||
      !get_int(index, "byteEnd", "", &end).is_ok())
    return {};
  if (start < 0 || end <= start || static_cast<size_t>(end) > p.text.size()) return {};
  return std::string_view(p.text).substr(start, end - start);
}

Status add_feature(object feature, std::string_view spanned, Post* p) {
  std::string_view type;
  CHORUS_RETURN_IF_ERROR(get_string_view(feature, "$type", "facets.features.$type", &type));
  std::string_view value;
  if (type == "app.bsky.richtext.facet#tag") {
    CHORUS_RETURN_IF_ERROR(get_string_view(feature, "tag", "facets.features.tag", &value));
    if (!value.empty() && value[0] == '#') value.remove_prefix(1);
    add_unique(&p->hashtags, value);
  } else if (type == "app.bsky.richtext.facet#mention") {
    CHORUS_RETURN_IF_ERROR(get_string_view(feature, "did", "facets.features.did", &value));
    if (spanned.size() > 1 && spanned[0] == '@') value = spanned.substr(1);
    add_unique(&p->mentions, value);
  } else if (type == "app.bsky.richtext.facet#link") {
    CHORUS_RETURN_IF_ERROR(get_string_view(feature, "uri", "facets.features.uri", &value));
    add_unique(&p->urls, value);
  }
  return Status::ok();
}

Status parse_facets(object record, Post* p) {
  array facets;
  bool found = false;
  CHORUS_RETURN_IF_ERROR(get_array(record, "facets", "record.facets", &facets, &found));
  if (!found) return Status::ok();
  for (element f : facets) {
    object facet;
    if (f.get_object().get(facet)) return invalid_argument("record.facets: expected objects");
    array features;
    CHORUS_RETURN_IF_ERROR(
        get_array(facet, "features", "record.facets.features", &features, &found));
    if (!found) continue;
    std::string_view spanned = facet_text(*p, facet);
    for (element fe : features) {
      object feature;
      if (fe.get_object().get(feature))
        return invalid_argument("record.facets.features: expected objects");
      CHORUS_RETURN_IF_ERROR(add_feature(feature, spanned, p));
    }
  }
  return Status::ok();
}

// A strong ref {"uri":...,"cid":...} under obj[key]; "" when absent.
Status ref_uri(object obj, std::string_view key, std::string_view field, std::string* out) {
  object ref;
  bool found = false;
  CHORUS_RETURN_IF_ERROR(get_object(obj, key, field, &ref, &found));
  if (!found) return Status::ok();
  return get_string(ref, "uri", std::string(field) + ".uri", out);
}

Status parse_embed(object record, Post* p) {
  object embed;
  bool found = false;
  CHORUS_RETURN_IF_ERROR(get_object(record, "embed", "record.embed", &embed, &found));
  if (!found) return Status::ok();
  std::string_view type;
  CHORUS_RETURN_IF_ERROR(get_string_view(embed, "$type", "record.embed.$type", &type));
  if (type == "app.bsky.embed.record")
    return ref_uri(embed, "record", "record.embed.record", &p->quote_of);
  if (type == "app.bsky.embed.recordWithMedia") {
    object outer;
    CHORUS_RETURN_IF_ERROR(get_object(embed, "record", "record.embed.record", &outer, &found));
    if (found) return ref_uri(outer, "record", "record.embed.record.record", &p->quote_of);
    return Status::ok();
  }
  if (type == "app.bsky.embed.external") {
    object external;
    CHORUS_RETURN_IF_ERROR(
        get_object(embed, "external", "record.embed.external", &external, &found));
    std::string_view uri;
    if (found)
      CHORUS_RETURN_IF_ERROR(get_string_view(external, "uri", "record.embed.external.uri", &uri));
    add_unique(&p->urls, uri);
  }
  return Status::ok();
}

Status parse_record(object record, int64_t time_us, Post* p) {
  CHORUS_RETURN_IF_ERROR(get_string(record, "text", "record.text", &p->text));
  element created;
  if (find(record, "createdAt", &created)) {
    if (!created.is_string()) return invalid_argument("record.createdAt: expected a string");
    if (!get_time(record, "createdAt", "record.createdAt", &p->created_at_ms).is_ok())
      p->created_at_ms = 0;  // unparsable client time: fall back to the event time below
  }
  if (p->created_at_ms <= 0) p->created_at_ms = time_us / 1000;
  std::vector<std::string> langs;
  CHORUS_RETURN_IF_ERROR(get_string_array(record, "langs", "record.langs", &langs));
  if (!langs.empty()) p->lang = primary_language(langs[0]);
  object reply;
  bool found = false;
  CHORUS_RETURN_IF_ERROR(get_object(record, "reply", "record.reply", &reply, &found));
  if (found) CHORUS_RETURN_IF_ERROR(ref_uri(reply, "parent", "record.reply.parent", &p->reply_to));
  CHORUS_RETURN_IF_ERROR(parse_facets(record, p));
  return parse_embed(record, p);
}

}  // namespace

Status JetstreamDecoder::decode(std::string_view json, DecodeOutput* out) {
  CHORUS_ASSIGN_OR_RETURN(element root, dom_.parse(json));
  object ev;
  if (root.get_object().get(ev)) return invalid_argument("event: expected a JSON object");
  std::string_view kind, did;
  int64_t time_us = 0;
  CHORUS_RETURN_IF_ERROR(get_string_view(ev, "kind", "kind", &kind));
  CHORUS_RETURN_IF_ERROR(get_int(ev, "time_us", "time_us", &time_us));
  CHORUS_RETURN_IF_ERROR(get_string_view(ev, "did", "did", &did));
  if (kind.empty()) return invalid_argument("kind: missing");
  object commit;
  bool found = false;
  if (kind == "commit") CHORUS_RETURN_IF_ERROR(get_object(ev, "commit", "commit", &commit, &found));
  std::string_view collection, operation, rkey;
  if (found) {
    CHORUS_RETURN_IF_ERROR(get_string_view(commit, "collection", "commit.collection", &collection));
    CHORUS_RETURN_IF_ERROR(get_string_view(commit, "operation", "commit.operation", &operation));
    CHORUS_RETURN_IF_ERROR(get_string_view(commit, "rkey", "commit.rkey", &rkey));
  } else if (kind == "commit") {
    return invalid_argument("commit: missing");
  }
  if (kind != "commit" || collection != kPostCollection) {
    ++out->skipped;
    last_cursor_ = time_us;
    return Status::ok();
  }
  if (did.empty()) return invalid_argument("did: missing");
  if (rkey.empty()) return invalid_argument("commit.rkey: missing");
  StreamEvent e;
  if (operation == "create")
    e.kind = EventKind::kPost;
  else if (operation == "update")
    e.kind = EventKind::kEdit;
  else if (operation == "delete")
    e.kind = EventKind::kDelete;
  else
    return invalid_argument("commit.operation: unknown '" + std::string(operation) + "'");
  e.cursor = time_us;
  Post& p = e.post;
  p.id.reserve(did.size() + rkey.size() + 26);
  p.id.append("at://").append(did).append("/").append(kPostCollection).append("/").append(rkey);
  p.source = "jetstream";
  if (e.kind != EventKind::kDelete) {
    object record;
    CHORUS_RETURN_IF_ERROR(get_object(commit, "record", "commit.record", &record, &found));
    if (!found) return invalid_argument("commit.record: missing");
    p.author.id = did;
    CHORUS_RETURN_IF_ERROR(parse_record(record, time_us, &p));
  }
  CHORUS_RETURN_IF_ERROR(validate_event(e));
  out->events.push_back(std::move(e));
  last_cursor_ = time_us;
  return Status::ok();
}

}  // namespace chorus::stream
