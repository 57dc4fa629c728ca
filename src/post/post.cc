#include "post/post.h"

#include "base/utf8.h"

namespace chorus {
namespace {

Status check_string(std::string_view field, std::string_view value, size_t max_bytes) {
  if (value.size() > max_bytes)
    return invalid_argument(std::string(field) + ": " + std::to_string(value.size()) +
                            " bytes, more than the limit of " + std::to_string(max_bytes));
  size_t bad = utf8::first_invalid(value);
  if (bad != value.size())
    return invalid_argument(std::string(field) + ": invalid UTF-8 at byte " + std::to_string(bad));
  return Status::ok();
}

}  // namespace

Status validate(const Post& p) {
  if (p.id.empty()) return invalid_argument("id: missing");
  CHORUS_RETURN_IF_ERROR(check_string("id", p.id, kMaxIdBytes));
  if (p.created_at_ms <= 0) return invalid_argument("created_at: missing or not positive");
  if (p.created_at_ms > kMaxCreatedAtMs) return invalid_argument("created_at: beyond 2^53 ms");
  CHORUS_RETURN_IF_ERROR(check_string("text", p.text, kMaxTextBytes));
  CHORUS_RETURN_IF_ERROR(check_string("lang", p.lang, 16));
  CHORUS_RETURN_IF_ERROR(check_string("author.id", p.author.id, kMaxIdBytes));
  CHORUS_RETURN_IF_ERROR(check_string("author.handle", p.author.handle, kMaxIdBytes));
  CHORUS_RETURN_IF_ERROR(check_string("author.display_name", p.author.display_name, 1024));
  CHORUS_RETURN_IF_ERROR(check_string("reply_to", p.reply_to, kMaxIdBytes));
  CHORUS_RETURN_IF_ERROR(check_string("quote_of", p.quote_of, kMaxIdBytes));
  CHORUS_RETURN_IF_ERROR(check_string("repost_of", p.repost_of, kMaxIdBytes));
  CHORUS_RETURN_IF_ERROR(check_string("source", p.source, 64));
  for (const auto& h : p.hashtags) CHORUS_RETURN_IF_ERROR(check_string("hashtags[]", h, 1024));
  for (const auto& m : p.mentions) CHORUS_RETURN_IF_ERROR(check_string("mentions[]", m, 1024));
  for (const auto& u : p.urls) CHORUS_RETURN_IF_ERROR(check_string("urls[]", u, 8192));
  if (!(p.credibility >= 0.0f && p.credibility <= 1.0f))
    return invalid_argument("credibility: must be within [0, 1]");
  return Status::ok();
}

}  // namespace chorus
