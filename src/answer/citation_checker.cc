#include "answer/citation_checker.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "answer/candidate.h"

namespace chorus::answer {
namespace {

struct Ref {
  size_t begin, end;    // byte range of the bracket group
  std::vector<int> ns;  // numbers in it
};

// "[1]", "[1, 2]", "[1,2,3]": digits, commas and spaces between brackets.
std::vector<Ref> find_refs(std::string_view s) {
  std::vector<Ref> out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '[') continue;
    size_t j = i + 1;
    Ref r{i, 0, {}};
    int n = -1;
    while (j < s.size() &&
           (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == ',' || s[j] == ' ')) {
      if (std::isdigit(static_cast<unsigned char>(s[j]))) {
        n = (n < 0 ? 0 : n) * 10 + (s[j] - '0');
        if (n > 100000) n = 100000;
      } else if (n >= 0) {
        r.ns.push_back(n), n = -1;
      }
      ++j;
    }
    if (j >= s.size() || s[j] != ']') continue;
    if (n >= 0) r.ns.push_back(n);
    if (r.ns.empty()) continue;
    r.end = j + 1;
    out.push_back(std::move(r));
    i = j;
  }
  return out;
}

bool is_boundary(std::string_view s, size_t i, size_t* len) {
  if (s[i] == '.' || s[i] == '!' || s[i] == '?' || s[i] == '\n') {
    *len = 1;
    return s[i] == '\n' || i + 1 >= s.size() || s[i + 1] == ' ' || s[i + 1] == '\n';
  }
  if (s.substr(i).starts_with("\u061F")) {  // Arabic question mark
    *len = 2;
    return true;
  }
  return false;
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\n");
  return std::string(s.substr(b, e - b + 1));
}

}  // namespace

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> out;
  for (size_t at = 0; at <= text.size();) {
    const size_t nl = std::min(text.find('\n', at), text.size());
    std::string line = trim(text.substr(at, nl - at));
    if (!line.empty()) out.push_back(std::move(line));
    at = nl + 1;
  }
  return out;
}

std::vector<std::string> split_sentences(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    size_t len = 0;
    if (!is_boundary(text, i, &len)) continue;
    size_t end = i + len;
    // Citations right after the full stop belong to this sentence: "... so far. [2]"
    while (end < text.size()) {
      size_t k = text.find_first_not_of(' ', end);
      if (k == std::string_view::npos || text[k] != '[') break;
      size_t close = text.find(']', k);
      if (close == std::string_view::npos || find_refs(text.substr(k, close - k + 1)).empty())
        break;
      end = close + 1;
    }
    std::string s = trim(text.substr(start, end - start));
    if (!s.empty()) out.push_back(std::move(s));
    start = end;
    i = end - 1;
  }
  std::string s = trim(text.substr(std::min(start, text.size())));
  if (!s.empty()) out.push_back(std::move(s));
  return out;
}

CitationReport check_citations(std::string_view answer, const std::vector<std::string>& sources,
                               const CitationCheckOptions& options) {
  CitationReport r;
  const int n_sources = static_cast<int>(sources.size());
  // Remove invalid numbers (a bracket group with no valid number disappears).
  size_t at = 0;
  for (const Ref& ref : find_refs(answer)) {
    r.cleaned_text.append(answer.substr(at, ref.begin - at));
    std::string kept;
    for (int n : ref.ns) {
      if (n >= 1 && n <= n_sources) {
        kept += "[" + std::to_string(n) + "]";
        if (std::find(r.cited.begin(), r.cited.end(), n) == r.cited.end()) r.cited.push_back(n);
      } else {
        r.invalid.push_back(n);
      }
    }
    r.cleaned_text += kept;
    at = ref.end;
  }
  r.cleaned_text.append(answer.substr(at));

  std::vector<std::vector<std::string>> source_terms;
  for (const std::string& s : sources) source_terms.push_back(similarity_terms(s));
  std::vector<std::string> sentences;
  if (options.lines_are_sentences) {
    sentences = split_lines(r.cleaned_text);
  } else {
    sentences = split_sentences(r.cleaned_text);
  }
  for (const std::string& sentence : sentences) {
    std::string plain;
    std::set<int> cited;
    size_t pos = 0;
    for (const Ref& ref : find_refs(sentence)) {
      plain.append(sentence.substr(pos, ref.begin - pos)).push_back(' ');
      for (int n : ref.ns) cited.insert(n);
      pos = ref.end;
    }
    plain.append(sentence.substr(pos));
    const std::vector<std::string> words = similarity_terms(plain);
    if (words.size() < options.min_content_words) continue;
    size_t found = 0;
    for (const std::string& w : words) {
      for (int n : cited) {
        const auto& t = source_terms[n - 1];
        if (std::binary_search(t.begin(), t.end(), w)) {
          ++found;
          break;
        }
      }
    }
    const double overlap = static_cast<double>(found) / static_cast<double>(words.size());
    if (overlap < options.min_overlap) r.unsupported_sentences.push_back(sentence);
  }
  return r;
}

std::string citation_check_failure(const Answer& a) {
  for (const std::string& f : a.audit.flags) {
    if (f.starts_with("invalid_citation") || f.starts_with("generation_failed") ||
        f == "no_current_story" || f == "no_citations")
      return f.substr(0, f.find(':'));
  }
  if (!a.unsupported_sentences.empty()) return "unsupported_sentence";
  return "";
}

}  // namespace chorus::answer
