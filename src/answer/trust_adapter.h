// TrustAdapter: the trust layer seen from the answer module. Feed every post in stream order at
// ingest (observe); it runs trust::TrustScorer, records the post's SourceAssessment in a
// RecordedAssessor for answers, and returns the credibility to store in Post::credibility.
// Built only when the trust module is (CHORUS_ANSWER_HAVE_TRUST); trust_available() says so.
// Not thread-safe: one ingest thread owns it; assessor() may be read from any thread.
#pragma once

#include <memory>

#include "answer/source_assessor.h"
#include "post/post.h"

namespace chorus::answer {

bool trust_available();

class TrustAdapter {
 public:
  TrustAdapter();
  ~TrustAdapter();
  // Assesses `post` (without the trust module: PostFieldAssessor) and records the result.
  SourceAssessment observe(const Post& post);
  const RecordedAssessor& assessor() const { return recorded_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  RecordedAssessor recorded_;
  PostFieldAssessor fallback_;
};

}  // namespace chorus::answer
