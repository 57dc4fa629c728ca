#include "answer/mention.h"

#include <cctype>

namespace chorus::answer {
namespace {

bool handle_iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

// A handle character (ASCII letters, digits, '_', '.', '-'), as the analyzer reads mentions.
bool mention_handle_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
}

// Byte offset of the next "@handle" word at or after `from`, or npos. A match must not be
// preceded by a handle character (an e-mail address) nor followed by one, except a final '.'.
size_t find_handle_word(std::string_view text, std::string_view handle, size_t from) {
  for (size_t at = text.find('@', from); at != std::string_view::npos;
       at = text.find('@', at + 1)) {
    if (at > 0 && mention_handle_char(text[at - 1])) continue;
    size_t end = at + 1;
    while (end < text.size() && mention_handle_char(text[end])) ++end;
    std::string_view word = text.substr(at + 1, end - at - 1);
    while (!word.empty() && (word.back() == '.' || word.back() == '-')) word.remove_suffix(1);
    if (handle_iequal(word, handle)) return at;
  }
  return std::string_view::npos;
}

}  // namespace

bool mentions_handle(const Post& post, std::string_view handle) {
  if (handle.empty()) return false;
  for (const std::string& m : post.mentions)
    if (handle_iequal(m, handle)) return true;
  return find_handle_word(post.text, handle, 0) != std::string_view::npos;
}

std::string strip_handle(std::string_view text, std::string_view handle) {
  std::string kept;
  size_t pos = 0;
  while (!handle.empty()) {
    const size_t at = find_handle_word(text, handle, pos);
    if (at == std::string_view::npos) break;
    kept.append(text.substr(pos, at - pos)).push_back(' ');
    pos = at + 1 + handle.size();
  }
  kept.append(text.substr(pos));
  std::string out;
  for (char c : kept) {
    const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    if (space && (out.empty() || out.back() == ' ')) continue;
    out.push_back(space ? ' ' : c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  // Leading punctuation left by "@chorus, is this true?".
  size_t lead = 0;
  while (lead < out.size() && (out[lead] == ',' || out[lead] == ':' || out[lead] == ' ')) ++lead;
  return out.substr(lead);
}

MentionRequest plan_mention(const Post& post, std::string_view handle) {
  MentionRequest r;
  if (!mentions_handle(post, handle)) {
    r.skip_reason = "not_mentioned";
  } else if (handle_iequal(post.author.handle, handle)) {
    r.skip_reason = "own_post";
  } else if (!post.repost_of.empty()) {
    r.skip_reason = "repost";
  } else if (!post.reply_to.empty()) {
    r = {true, "", Mode::kCheck, post.reply_to, post.reply_to};
  } else if (!post.quote_of.empty()) {
    r = {true, "", Mode::kExplain, post.quote_of, post.quote_of};
  } else if (std::string q = strip_handle(post.text, handle); !q.empty()) {
    r = {true, "", Mode::kAsk, std::move(q), post.id};
  } else {
    r.skip_reason = "empty";
  }
  return r;
}

}  // namespace chorus::answer
