// Claim checking: the stance of each evidence post towards a claim, weighed into a verdict.
//
// A post is about the claim when it contains at least min_about of the claim's content terms.
// Its stance: contradicts when it carries a contradiction cue ("false", "fake", "debunked",
// "not true", "correction", "denied", "no evidence", "hoax", "fact check"; French "faux",
// "vérification", "dément"; Arabic "كاذب", "غير صحيح", "شائعة", "نفى", "تدقيق" ...), doubts (a
// question or "any source?": no weight) or else supports. Weights: credibility, one vote per
// author (its strongest), posts flagged campaign/coordinated carry none (they are excluded
// before). Verdict:
//   disputed    contradicting weight >= min_dispute and >= dispute_ratio x supporting weight
//   supported   supporting weight >= min_support from >= min_support_authors distinct authors
//               and contradicting weight < dispute_ratio x supporting weight
//   unverified  otherwise
// Confidence: the winning side's share of the total weight (plus a prior of 1 for unverified).
// Stateless and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "answer/answer_types.h"
#include "answer/candidate.h"

namespace chorus::answer {

enum class Stance { kUnrelated, kSupports, kContradicts, kDoubts };

struct VerdictOptions {
  double min_about = 0.3;
  double min_dispute = 0.8;
  double dispute_ratio = 0.3;
  double min_support = 1.5;
  size_t min_support_authors = 2;
};

bool has_contradiction_cue(std::string_view text);
Stance stance_of(const Candidate& c, const std::vector<std::string>& claim_terms,
                 const VerdictOptions& options = {});

// Weighs the usable candidates `pool` (indices) for the claim with terms `claim_terms`
// (similarity_terms of the claim). Fills supporting/contradicting with post ids, strongest first.
Verdict weigh_claim(const std::vector<Candidate>& cands, const std::vector<int>& pool,
                    const std::vector<std::string>& claim_terms,
                    const VerdictOptions& options = {});

}  // namespace chorus::answer
