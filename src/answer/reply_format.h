// Reply text: an Answer turned into one post that fits a network's limit, with links to the
// posts it cites.
//
// Layout: "@author " + body + "\n" + one "[n] LINK" line per citation kept. The body is the
// verdict ("Verdict: disputed (80%).") in check mode, then the answer text without the
// extractive label, cut at a line, sentence or word boundary (with "…") so that the whole reply
// fits `max_length`. Only the first `max_links` citations get a link; their [n] markers are the
// only ones left in the body. LINK is `link_prefix` + the post id (the server's
// /api/posts/{id}), or the post id alone without a prefix.
// Lengths are counted in code points (Mastodon counts characters) or, with `graphemes`, in
// extended grapheme clusters (Bluesky's 300-grapheme limit). Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "answer/answer_types.h"

namespace chorus::answer {

struct ReplyFormat {
  size_t max_length = 500;
  bool graphemes = false;
  size_t max_links = 3;
  std::string link_prefix;
};

// The format of a network: "mastodon" (500 characters), "bluesky" (300 graphemes); anything
// else gets the Mastodon limit.
ReplyFormat reply_format_for(std::string_view network, std::string link_prefix);

// Length of valid UTF-8 `s` in code points, or grapheme clusters with `graphemes`.
size_t text_length(std::string_view s, bool graphemes);

// The longest prefix of `s` of at most `max` units (as text_length counts), cut at a boundary.
std::string cut_to_length(std::string_view s, size_t max, bool graphemes);

std::string format_reply(const Answer& answer, std::string_view to_handle,
                         const ReplyFormat& format);

}  // namespace chorus::answer
