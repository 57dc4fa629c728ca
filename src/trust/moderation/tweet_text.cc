#include "trust/moderation/tweet_text.h"

#include <cstdint>
#include <vector>

#include "base/utf8.h"

namespace chorus::trust {
namespace {

bool tw_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool tw_word_char(char c) {
  return tw_alnum(c) || c == '_';
}
bool tw_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool tw_lower(char c) {
  return c >= 'a' && c <= 'z';
}
bool tw_digit(char c) {
  return c >= '0' && c <= '9';
}
char tw_fold(char c) {
  return tw_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (tw_fold(s[i]) != prefix[i]) return false;
  }
  return true;
}

// The code point of an HTML entity at the start of `s` ("&amp;", "&#39;", "&#x1F602;") and its
// length, or 0 when `s` does not start with one this reader knows.
size_t html_entity(std::string_view s, char32_t* cp) {
  static const struct {
    std::string_view name;
    char32_t cp;
  } kNamed[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
  for (const auto& e : kNamed) {
    if (s.starts_with(e.name)) {
      *cp = e.cp;
      return e.name.size();
    }
  }
  if (!s.starts_with("&#")) return 0;
  size_t i = 2;
  const bool hex = i < s.size() && (s[i] == 'x' || s[i] == 'X');
  if (hex) ++i;
  uint32_t v = 0;
  const size_t first = i;
  for (; i < s.size() && i - first < 8; ++i) {
    const char c = s[i];
    uint32_t d;
    if (tw_digit(c)) {
      d = static_cast<uint32_t>(c - '0');
    } else if (hex && tw_fold(c) >= 'a' && tw_fold(c) <= 'f') {
      d = static_cast<uint32_t>(tw_fold(c) - 'a' + 10);
    } else {
      break;
    }
    v = v * (hex ? 16 : 10) + d;
  }
  if (i == first || i >= s.size() || s[i] != ';') return 0;
  if (v == 0 || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return 0;
  *cp = v;
  return i + 1;
}

// Entities decoded, invalid UTF-8 dropped.
std::string decode_entities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char32_t cp;
    size_t n = text[i] == '&' ? html_entity(text.substr(i), &cp) : 0;
    if (n > 0) {
      utf8::append(out, cp);
      i += n;
      continue;
    }
    n = utf8::decode(text.substr(i), &cp);
    if (n == 0) {
      ++i;
      continue;
    }
    out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

// The words of a hashtag body split at case changes, letter/digit changes and underscores,
// lower-cased: "BuildTheWall" -> build, the, wall; "MAGAWomen" -> maga, women.
std::vector<std::string> split_tag(std::string_view tag) {
  std::vector<std::string> parts;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) parts.push_back(cur);
    cur.clear();
  };
  for (size_t i = 0; i < tag.size(); ++i) {
    const char c = tag[i];
    if (c == '_') {
      flush();
      continue;
    }
    if (!cur.empty()) {
      const char p = tag[i - 1];
      const bool next_lower = i + 1 < tag.size() && tw_lower(tag[i + 1]);
      if ((tw_lower(p) && tw_upper(c)) || (tw_digit(p) != tw_digit(c)) ||
          (tw_upper(p) && tw_upper(c) && next_lower)) {
        flush();
      }
    }
    cur += tw_fold(c);
  }
  flush();
  return parts;
}

// Length of the ASCII token at the start of `s` made of word characters, with inner '.' or '-'
// followed by a word character also taken (handles such as "@alice.bsky.social").
size_t handle_length(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    if (tw_word_char(s[i])) {
      ++i;
    } else if ((s[i] == '.' || s[i] == '-') && i > 0 && i + 1 < s.size() &&
               tw_word_char(s[i + 1])) {
      ++i;
    } else {
      break;
    }
  }
  return i;
}

size_t url_length(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && s[i] != ' ' && s[i] != '\n' && s[i] != '\t' && s[i] != '\r') ++i;
  return i;
}

// Appends code points of `s` to `out`, squeezing a run of one code point to at most two.
class Squeezer {
 public:
  explicit Squeezer(std::string* out) : out_(out) {}
  void add(std::string_view cp_bytes) {
    if (cp_bytes == last_) {
      if (++run_ > 2) return;
    } else {
      last_.assign(cp_bytes);
      run_ = 1;
    }
    out_->append(cp_bytes);
  }
  void text(std::string_view s) {
    out_->append(s);
    last_.clear();
    run_ = 0;
  }

 private:
  std::string* out_;
  std::string last_;
  int run_ = 0;
};

}  // namespace

std::string normalize_tweet(std::string_view raw) {
  const std::string text = decode_entities(raw);
  std::string_view s = text;
  std::string out;
  out.reserve(s.size() + 16);
  Squeezer sq(&out);
  for (size_t i = 0; i < s.size();) {
    const bool boundary = out.empty() || !tw_word_char(out.back());
    const std::string_view rest = s.substr(i);
    if (boundary && s[i] == '@' && i + 1 < s.size() && tw_word_char(s[i + 1])) {
      sq.text("@user");
      i += 1 + handle_length(rest.substr(1));
      continue;
    }
    if (boundary && (starts_with_nocase(rest, "http://") || starts_with_nocase(rest, "https://") ||
                     starts_with_nocase(rest, "www."))) {
      sq.text("url");
      i += url_length(rest);
      continue;
    }
    if (boundary && s[i] == '#' && i + 1 < s.size() && tw_word_char(s[i + 1])) {
      size_t n = 1;
      while (n < rest.size() && tw_word_char(rest[n])) ++n;
      const std::string_view tag = rest.substr(1, n - 1);
      std::string words;
      const std::vector<std::string> parts = split_tag(tag);
      if (parts.size() >= 2) {
        for (const std::string& p : parts) words += " " + p;
      }
      sq.text(std::string(rest.substr(0, n)) + words);
      i += n;
      continue;
    }
    char32_t cp;
    const size_t len = utf8::decode(rest, &cp);  // the text is valid UTF-8 here
    sq.add(rest.substr(0, len == 0 ? 1 : len));
    i += len == 0 ? 1 : len;
  }
  return out;
}

std::string char_ngram_text(std::string_view normalized) {
  std::string out = " ";
  for (char c : normalized) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space) {
      if (out.back() != ' ') out += ' ';
    } else {
      out += tw_fold(c);
    }
  }
  if (out.back() != ' ') out += ' ';
  return out;
}

}  // namespace chorus::trust
