// check: supporting and contradicting evidence for a post or a claim, and a verdict.
#include <algorithm>
#include <cctype>
#include <cstdio>

#include "answer/answer_work.h"
#include "answer/answerer.h"
#include "answer/extractive.h"
#include "text/analyzer.h"

namespace chorus::answer {
namespace {

constexpr size_t kPerSide = 4;

// Openings that ask about a claim rather than state it.
constexpr std::string_view kClaimPrefixes[] = {"is it true that",
                                               "is it true",
                                               "is it really true that",
                                               "check that",
                                               "check:",
                                               "fact check:",
                                               "verify that",
                                               "did",
                                               "هل صحيح أن",
                                               "هل صحيح ان",
                                               "هل صحيح",
                                               "هل حقا أن",
                                               "est-ce vrai que",
                                               "est-il vrai que"};

std::string strip_claim(std::string_view q) {
  std::string s(q);
  while (!s.empty() && (s.back() == '?' || s.back() == ' ')) s.pop_back();
  if (s.ends_with("\u061F")) s.resize(s.size() - 2);
  std::string lower = s;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view p : kClaimPrefixes) {
    if (lower.starts_with(p) && (lower.size() == p.size() || lower[p.size()] == ' ')) {
      s = s.substr(std::min(s.size(), p.size() + 1));
      break;
    }
  }
  return s;
}

std::string verdict_text(const Verdict& v, const std::vector<Candidate>& c,
                         const std::vector<int>& sources, size_t excluded_coordinated) {
  char head[96];
  std::snprintf(head, sizeof head, "\nVerdict: %s (confidence %.2f).", v.label.c_str(),
                v.confidence);
  std::string out = std::string(kExtractiveLabel) + head;
  for (size_t k = 0; k < sources.size(); ++k) {
    const Candidate& x = c[sources[k]];
    const bool contra = std::find(v.contradicting.begin(), v.contradicting.end(), x.post.id) !=
                        v.contradicting.end();
    out += std::string("\n- ") + (contra ? "Contradicting: " : "Supporting: ") +
           quote_line(x, static_cast<int>(k) + 1, snippet_of(x.post, 240));
  }
  if (excluded_coordinated > 0) {
    out += "\nNote: " + std::to_string(excluded_coordinated) +
           " posts pushing this from coordinated or campaign accounts were not counted.";
  }
  return out;
}

}  // namespace

Result<Answer> Answerer::check(std::string_view input, int64_t now_ms,
                               const TextCallback& on_text) const {
  Work w;
  w.mode = Mode::kCheck;
  w.answer.question = std::string(input);
  std::string claim;
  Result<Post> subject = index_.get(input);
  if (subject.is_ok()) {
    claim = subject->text;
  } else if (subject.status().code() == StatusCode::kNotFound) {
    claim = strip_claim(input);
  } else {
    return subject.status();
  }
  w.plan = plan_question(claim, now_ms, PlanOptions{options_.context_window_ms});
  CHORUS_ASSIGN_OR_RETURN(w.retrieval, retriever_.retrieve(w.plan, now_ms));
  if (subject.is_ok()) {
    // The subject joins the candidates so that its campaign copies are recognized; its hashtags
    // bring in amplifications and contradictions that reuse them.
    retriever_.add_post(*subject, 1.0, w.plan, now_ms, &w.retrieval);
    for (const std::string& tag : subject->hashtags)
      CHORUS_RETURN_IF_ERROR(retriever_.add_search(w.plan, "#" + tag, now_ms, false, &w.retrieval));
  }
  prepare(&w, now_ms);
  std::vector<Candidate>& c = w.retrieval.candidates;
  if (subject.is_ok()) {
    Candidate& self = c[find_candidate(w.retrieval, subject->id)];
    if (self.trust.flags & (kSourceCampaign | kSourceCoordinated))
      w.answer.audit.flags.push_back("subject_coordinated");
    if (!self.excluded || *self.excluded == Exclusion::kDuplicate)
      self.excluded = Exclusion::kSubject;
  }
  std::vector<int> pool;
  size_t coordinated = 0;
  for (size_t i = 0; i < c.size(); ++i) {
    // Near-duplicates by other authors are independent voices: one vote per author.
    if (!c[i].excluded || *c[i].excluded == Exclusion::kDuplicate)
      pool.push_back(static_cast<int>(i));
    if (c[i].excluded == Exclusion::kCampaign || c[i].excluded == Exclusion::kCoordinated)
      ++coordinated;
  }
  const std::vector<std::string> claim_terms = similarity_terms(claim);
  Verdict v = weigh_claim(c, pool, claim_terms, options_.verdict);
  // Sources: the strongest contradicting posts, then the strongest supporting ones.
  for (const auto* side : {&v.contradicting, &v.supporting}) {
    for (size_t k = 0; k < side->size() && k < kPerSide; ++k)
      w.sources.push_back(find_candidate(w.retrieval, (*side)[k]));
  }
  const std::string text = verdict_text(v, c, w.sources, coordinated);
  w.answer.verdict = std::move(v);
  CHORUS_RETURN_IF_ERROR(finish(&w, text, on_text));
  return std::move(w.answer);
}

}  // namespace chorus::answer
