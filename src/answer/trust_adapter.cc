#include "answer/trust_adapter.h"

#if CHORUS_ANSWER_HAVE_TRUST
#include "trust/scores/trust_scorer.h"
#endif

namespace chorus::answer {

#if CHORUS_ANSWER_HAVE_TRUST
struct TrustAdapter::Impl {
  trust::TrustScorer scorer;
};

bool trust_available() {
  return true;
}

TrustAdapter::TrustAdapter() : impl_(std::make_unique<Impl>()) {}

SourceAssessment TrustAdapter::observe(const Post& post) {
  const trust::PostTrust t = impl_->scorer.assess(post);
  SourceAssessment a;
  a.credibility = t.credibility;
  if (t.flags & trust::kFlagAutomated) a.flags |= kSourceAutomated;
  if (t.flags & trust::kFlagCampaign) a.flags |= kSourceCampaign;
  if (t.flags & trust::kFlagCoordinated) a.flags |= kSourceCoordinated;
  if (t.credibility < impl_->scorer.options().evidence_min_credibility)
    a.flags |= kSourceLowCredibility;
  if (looks_like_injection(post.text)) a.flags |= kSourceInjection;
  recorded_.record(post.id, a);
  return a;
}
#else
struct TrustAdapter::Impl {};

bool trust_available() {
  return false;
}

TrustAdapter::TrustAdapter() = default;

SourceAssessment TrustAdapter::observe(const Post& post) {
  SourceAssessment a = fallback_.assess(post);
  recorded_.record(post.id, a);
  return a;
}
#endif

TrustAdapter::~TrustAdapter() = default;

}  // namespace chorus::answer
