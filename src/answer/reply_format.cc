#include "answer/reply_format.h"

#include <utf8proc.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "answer/extractive.h"

namespace chorus::answer {
namespace {

// Byte length of the first `units` units of `s` (all of it when shorter).
size_t prefix_bytes(std::string_view s, size_t units, bool graphemes) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  size_t pos = 0, count = 0;
  utf8proc_int32_t prev = -1, state = 0;
  while (pos < s.size()) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n =
        utf8proc_iterate(p + pos, static_cast<utf8proc_ssize_t>(s.size() - pos), &cp);
    if (n <= 0) return pos;  // invalid UTF-8: stop before it
    const bool starts_unit =
        !graphemes || prev < 0 || utf8proc_grapheme_break_stateful(prev, cp, &state);
    if (starts_unit) {
      if (count == units) return pos;
      ++count;
    }
    prev = cp;
    pos += static_cast<size_t>(n);
  }
  return pos;
}

// The body lines: verdict first in check mode, then the answer without its extractive label
// and verdict line.
std::string reply_body(const Answer& a) {
  std::string text = a.text;
  if (text.starts_with(kExtractiveLabel)) text.erase(0, kExtractiveLabel.size());
  std::string body;
  if (a.verdict) {
    body = "Verdict: " + a.verdict->label + " (" +
           std::to_string(static_cast<int>(std::lround(a.verdict->confidence * 100))) + "%).";
  } else if (a.extractive) {
    body = "From the posts (no model):";
  }
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line = std::string_view(text).substr(start, end - start);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (!line.empty() && !line.starts_with("Verdict:")) {
      if (!body.empty()) body += '\n';
      body += line;
    }
    start = end + 1;
  }
  return body;
}

// Removes "[n]" markers whose n is not in `keep`; returns the numbers kept, in order.
std::string filter_markers(std::string_view body, const std::set<int>& keep,
                           std::vector<int>* kept) {
  std::string out;
  for (size_t i = 0; i < body.size();) {
    size_t j = i + 1;
    while (body[i] == '[' && j < body.size() && j - i <= 4 &&
           std::isdigit(static_cast<unsigned char>(body[j])))
      ++j;
    if (body[i] == '[' && j > i + 1 && j < body.size() && body[j] == ']') {
      const int n = std::stoi(std::string(body.substr(i + 1, j - i - 1)));
      if (keep.count(n)) {
        out.append(body.substr(i, j + 1 - i));
        if (std::find(kept->begin(), kept->end(), n) == kept->end()) kept->push_back(n);
      } else if (!out.empty() && out.back() == ' ') {
        out.pop_back();
      }
      i = j + 1;
      continue;
    }
    out.push_back(body[i++]);
  }
  return out;
}

}  // namespace

ReplyFormat reply_format_for(std::string_view network, std::string link_prefix) {
  ReplyFormat f;
  if (network == "bluesky") {
    f.max_length = 300;
    f.graphemes = true;
  }
  f.link_prefix = std::move(link_prefix);
  return f;
}

size_t text_length(std::string_view s, bool graphemes) {
  size_t n = 0;
  for (size_t pos = 0; pos < s.size(); ++n) {
    const size_t step = prefix_bytes(s.substr(pos), 1, graphemes);
    if (step == 0) break;
    pos += step;
  }
  return n;
}

std::string cut_to_length(std::string_view s, size_t max, bool graphemes) {
  if (text_length(s, graphemes) <= max) return std::string(s);
  if (max == 0) return "";
  const std::string_view head = s.substr(0, prefix_bytes(s, max - 1, graphemes));
  // Prefer a line end, then a sentence end, then a space, in the second half of the room.
  size_t cut = std::string_view::npos;
  for (std::string_view sep : {"\n", ". ", " "}) {
    const size_t at = head.rfind(sep);
    if (at != std::string_view::npos && at >= head.size() / 2) {
      cut = sep == ". " ? at + 1 : at;
      break;
    }
  }
  std::string out(head.substr(0, cut == std::string_view::npos ? head.size() : cut));
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  return out + "\u2026";
}

std::string format_reply(const Answer& answer, std::string_view to_handle,
                         const ReplyFormat& format) {
  const std::string head = to_handle.empty() ? "" : "@" + std::string(to_handle) + " ";
  std::set<int> linkable;
  std::string links;
  for (const Citation& c : answer.citations) {
    if (linkable.size() >= format.max_links) break;
    linkable.insert(c.n);
    links += "\n[" + std::to_string(c.n) + "] " + format.link_prefix + c.post_id;
  }
  std::vector<int> kept;
  const std::string body = filter_markers(reply_body(answer), linkable, &kept);
  const size_t fixed = text_length(head, format.graphemes) + text_length(links, format.graphemes);
  const size_t room = format.max_length > fixed ? format.max_length - fixed : 0;
  const std::string cut = cut_to_length(body, room, format.graphemes);
  // Links only for the markers the cut body still holds.
  kept.clear();
  const std::string final_body = filter_markers(cut, linkable, &kept);
  std::string out = head + final_body;
  for (const Citation& c : answer.citations)
    if (std::find(kept.begin(), kept.end(), c.n) != kept.end())
      out += "\n[" + std::to_string(c.n) + "] " + format.link_prefix + c.post_id;
  return cut_to_length(out, format.max_length, format.graphemes);
}

}  // namespace chorus::answer
