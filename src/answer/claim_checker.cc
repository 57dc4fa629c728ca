#include "answer/claim_checker.h"

#include <algorithm>
#include <map>
#include <span>

#include "text/analyzer.h"

namespace chorus::answer {
namespace {

constexpr std::string_view kContradictionCues[] = {
    "false",  "fake",   "debunked", "debunk",      "not true",     "untrue",     "correction",
    "denied", "denies", "deny",     "no evidence", "hoax",         "fact check", "misleading",
    "rumour", "rumor",  "faux",     "fausse",      "vérification", "dément",     "démenti",
    "intox",  "infox",  "كاذب",     "كاذبة",       "غير صحيح",     "شائعة",      "الشائعة",
    "إشاعة",  "شائعات", "نفى",      "تنفي",        "ينفي",         "تدقيق",      "مزيف",
    "مزيفا",  "مفبرك",  "لا صحة",   "تضليل"};

constexpr std::string_view kDoubtCues[] = {
    "any source", "can anyone confirm", "not sure",  "une source",
    "pas sûr",    "ما المصدر",          "لست متأكدا"};

const text::Analyzer& plain() {
  static const text::Analyzer a(text::AnalyzerOptions{.stem = false});
  return a;
}

std::vector<std::vector<std::string>> compile(std::span<const std::string_view> phrases) {
  std::vector<std::vector<std::string>> out;
  for (std::string_view p : phrases) out.push_back(plain().terms(p));
  return out;
}

bool contains_any(const std::vector<std::string>& terms,
                  const std::vector<std::vector<std::string>>& runs) {
  for (const auto& run : runs) {
    if (!run.empty() &&
        std::search(terms.begin(), terms.end(), run.begin(), run.end()) != terms.end())
      return true;
  }
  return false;
}

double about(const Candidate& c, const std::vector<std::string>& claim_terms) {
  if (claim_terms.empty()) return 0;
  size_t found = 0;
  for (const std::string& t : claim_terms)
    found += std::binary_search(c.terms.begin(), c.terms.end(), t) ? 1 : 0;
  return static_cast<double>(found) / static_cast<double>(claim_terms.size());
}

}  // namespace

bool has_contradiction_cue(std::string_view text) {
  static const auto runs = compile(kContradictionCues);
  return contains_any(plain().terms(text), runs);
}

Stance stance_of(const Candidate& c, const std::vector<std::string>& claim_terms,
                 const VerdictOptions& options) {
  if (about(c, claim_terms) < options.min_about) return Stance::kUnrelated;
  if (has_contradiction_cue(c.post.text)) return Stance::kContradicts;
  static const auto doubts = compile(kDoubtCues);
  const std::string& t = c.post.text;
  const bool question = t.find('?') != std::string::npos || t.find("\u061F") != std::string::npos;
  if (question || contains_any(plain().terms(t), doubts)) return Stance::kDoubts;
  return Stance::kSupports;
}

Verdict weigh_claim(const std::vector<Candidate>& cands, const std::vector<int>& pool,
                    const std::vector<std::string>& claim_terms, const VerdictOptions& options) {
  // author -> (weight, candidate) of its strongest post per side
  std::map<std::string, std::pair<double, int>> support, contradict;
  for (int i : pool) {
    const Candidate& c = cands[i];
    const Stance s = stance_of(c, claim_terms, options);
    if (s != Stance::kSupports && s != Stance::kContradicts) continue;
    auto& side = s == Stance::kSupports ? support : contradict;
    auto [it, fresh] = side.try_emplace(c.post.author.handle, c.trust.credibility, i);
    if (!fresh && c.trust.credibility > it->second.first) it->second = {c.trust.credibility, i};
  }
  auto total = [](const auto& side, std::vector<std::pair<double, int>>* ranked) {
    double w = 0;
    for (const auto& [author, v] : side) w += v.first, ranked->push_back(v);
    std::sort(ranked->begin(), ranked->end(), [](auto& a, auto& b) { return a.first > b.first; });
    return w;
  };
  std::vector<std::pair<double, int>> sup, con;
  const double s = total(support, &sup), c = total(contradict, &con);
  Verdict v;
  for (const auto& [w, i] : sup) v.supporting.push_back(cands[i].post.id);
  for (const auto& [w, i] : con) v.contradicting.push_back(cands[i].post.id);
  if (c >= options.min_dispute && c >= options.dispute_ratio * s) {
    v.label = "disputed";
    v.confidence = c / (s + c);
  } else if (s >= options.min_support && support.size() >= options.min_support_authors) {
    v.label = "supported";
    v.confidence = s / (s + c + 1);
  } else {
    v.label = "unverified";
    v.confidence = 1 / (1 + s + c);
  }
  return v;
}

}  // namespace chorus::answer
