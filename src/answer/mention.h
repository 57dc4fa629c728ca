// Mentions: posts in the stream that address Chorus by its handle ("@chorus is this true?"),
// and what each one asks for.
//
// A post is a mention of `handle` when its `mentions` list or its text (as an "@handle" word,
// case-insensitive) names it, unless Chorus wrote it or it is a repost. Its request:
//   reply to a post       check the parent post (reply_to)
//   quote of a post       explain the quoted post (quote_of)
//   otherwise             ask: the text minus the handle is the question
// A mention with nothing left to ask and no post to look at is skipped (reason "empty").
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "answer/answer_types.h"
#include "post/post.h"

namespace chorus::answer {

struct MentionRequest {
  bool answerable = false;
  std::string skip_reason;  // when not answerable: "not_mentioned", "own_post", "repost", "empty"
  Mode mode = Mode::kAsk;
  std::string input;   // the Answerer input: a question or a post id
  std::string thread;  // the thread key for rate limits: the parent/quoted id, else the post's
};

// True when `post` names `handle` (without '@'; "" never matches).
bool mentions_handle(const Post& post, std::string_view handle);
// `text` without every "@handle" word, whitespace collapsed and trimmed.
std::string strip_handle(std::string_view text, std::string_view handle);
MentionRequest plan_mention(const Post& post, std::string_view handle);

}  // namespace chorus::answer
