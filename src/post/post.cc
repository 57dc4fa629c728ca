#include "post/post.h"

#include <simdjson.h>

#include "base/utf8.h"

namespace chorus {
namespace {

Status check_string(std::string_view field, std::string_view value, size_t max_bytes,
                    bool check_utf8) {
  if (value.size() > max_bytes)
    return invalid_argument(std::string(field) + ": " + std::to_string(value.size()) +
                            " bytes, more than the limit of " + std::to_string(max_bytes));
  // simdjson's vectorized check accepts exactly the well-formed UTF-8 that utf8::first_invalid
  // does (PostValidate.Utf8ChecksAgree); the scalar one then finds where a bad string breaks.
  if (!check_utf8 || simdjson::validate_utf8(value.data(), value.size())) return Status::ok();
  size_t bad = utf8::first_invalid(value);
  if (bad != value.size())
    return invalid_argument(std::string(field) + ": invalid UTF-8 at byte " + std::to_string(bad));
  return Status::ok();
}

Status validate_post(const Post& p, bool utf8) {
  if (p.id.empty()) return invalid_argument("id: missing");
  CHORUS_RETURN_IF_ERROR(check_string("id", p.id, kMaxIdBytes, utf8));
  if (p.created_at_ms <= 0) return invalid_argument("created_at: missing or not positive");
  if (p.created_at_ms > kMaxCreatedAtMs) return invalid_argument("created_at: beyond 2^53 ms");
  CHORUS_RETURN_IF_ERROR(check_string("text", p.text, kMaxTextBytes, utf8));
  CHORUS_RETURN_IF_ERROR(check_string("lang", p.lang, 16, utf8));
  CHORUS_RETURN_IF_ERROR(check_string("author.id", p.author.id, kMaxIdBytes, utf8));
  CHORUS_RETURN_IF_ERROR(check_string("author.handle", p.author.handle, kMaxIdBytes, utf8));
  CHORUS_RETURN_IF_ERROR(check_string("author.display_name", p.author.display_name, 1024, utf8));
  CHORUS_RETURN_IF_ERROR(check_string("reply_to", p.reply_to, kMaxIdBytes, utf8));
  CHORUS_RETURN_IF_ERROR(check_string("quote_of", p.quote_of, kMaxIdBytes, utf8));
  CHORUS_RETURN_IF_ERROR(check_string("repost_of", p.repost_of, kMaxIdBytes, utf8));
  CHORUS_RETURN_IF_ERROR(check_string("source", p.source, 64, utf8));
  for (const auto& h : p.hashtags)
    CHORUS_RETURN_IF_ERROR(check_string("hashtags[]", h, 1024, utf8));
  for (const auto& m : p.mentions)
    CHORUS_RETURN_IF_ERROR(check_string("mentions[]", m, 1024, utf8));
  for (const auto& u : p.urls) CHORUS_RETURN_IF_ERROR(check_string("urls[]", u, 8192, utf8));
  if (!(p.credibility >= 0.0f && p.credibility <= 1.0f))
    return invalid_argument("credibility: must be within [0, 1]");
  return Status::ok();
}

}  // namespace

Status validate(const Post& p) {
  return validate_post(p, /*utf8=*/true);
}
Status validate_except_utf8(const Post& p) {
  return validate_post(p, /*utf8=*/false);
}

}  // namespace chorus
