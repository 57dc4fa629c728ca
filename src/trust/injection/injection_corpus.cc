#include "trust/injection/injection_corpus.h"

#include "base/utf8.h"

namespace chorus::trust {
namespace {

std::string unescape_newlines(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == 'n') {
      out += '\n';
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

Result<std::vector<InjectionExample>> parse_injection_corpus(std::string_view tsv,
                                                             std::string_view source) {
  std::vector<InjectionExample> out;
  size_t start = 0, line_no = 0;
  while (start < tsv.size()) {
    size_t end = tsv.find('\n', start);
    if (end == std::string_view::npos) end = tsv.size();
    std::string_view line = tsv.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    const std::string where = std::string(source) + ":" + std::to_string(line_no) + ": ";
    if (!utf8::valid(line)) return invalid_argument(where + "not valid UTF-8");
    const size_t t1 = line.find('\t');
    const size_t t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string_view::npos) return invalid_argument(where + "expected label\tlang\ttext");
    InjectionExample ex;
    const std::string_view label = line.substr(0, t1);
    if (label != "injection" && label != "benign") {
      return invalid_argument(where + "label \"" + std::string(label) +
                              "\" is not injection or benign");
    }
    ex.injection = label == "injection";
    ex.lang = std::string(line.substr(t1 + 1, t2 - t1 - 1));
    ex.text = unescape_newlines(line.substr(t2 + 1));
    ex.line = line_no;
    ex.index = out.size();
    out.push_back(std::move(ex));
  }
  return out;
}

Result<std::vector<InjectionExample>> load_injection_corpus(Env* env, const std::string& path) {
  CHORUS_ASSIGN_OR_RETURN(std::string data, env->read_file(path));
  return parse_injection_corpus(data, path);
}

InjectionEval evaluate_injection(const InjectionDetector& detector,
                                 const std::vector<InjectionExample>& corpus, CorpusHalf half) {
  InjectionEval e;
  for (const InjectionExample& ex : corpus) {
    if (half == CorpusHalf::kTune && ex.index % 2 != 0) continue;
    if (half == CorpusHalf::kHeldOut && ex.index % 2 != 1) continue;
    const bool flagged = detector.detect(ex.text).is_injection;
    if (ex.injection && flagged) ++e.tp;
    if (ex.injection && !flagged) ++e.fn, e.false_negatives.push_back(&ex);
    if (!ex.injection && flagged) ++e.fp, e.false_positives.push_back(&ex);
    if (!ex.injection && !flagged) ++e.tn;
  }
  e.precision = e.tp + e.fp ? static_cast<double>(e.tp) / static_cast<double>(e.tp + e.fp) : 0.0;
  e.recall = e.tp + e.fn ? static_cast<double>(e.tp) / static_cast<double>(e.tp + e.fn) : 0.0;
  e.f1 = e.precision + e.recall > 0 ? 2 * e.precision * e.recall / (e.precision + e.recall) : 0.0;
  return e;
}

}  // namespace chorus::trust
