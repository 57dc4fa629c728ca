// SourceAssessor: the answer module's view of the trust layer — how credible a post is and which
// flags keep it out of an answer's evidence. The trust layer (src/trust) scores posts at ingest
// in stream order; its verdicts reach answers through a RecordedAssessor filled at ingest
// (trust_adapter.h when the trust module is built). Without it, PostFieldAssessor reads
// Post::credibility and detects prompt injections itself; coordination is then inferred from the
// retrieved posts (see story_grouper.h).
// Thread-safety: assess() may be called from several threads; RecordedAssessor::record takes a
// lock.
#pragma once

#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "post/post.h"

namespace chorus::answer {

enum SourceFlag : uint32_t {
  kSourceLowCredibility = 1u << 0,
  kSourceCoordinated = 1u << 1,  // the author takes part in coordinated campaigns
  kSourceCampaign = 1u << 2,     // the post belongs to a campaign cluster
  kSourceModerated = 1u << 3,    // moderation policy hides it
  kSourceInjection = 1u << 4,    // it tries to instruct an assistant
  kSourceAutomated = 1u << 5,    // posted by an automated account (kept, weighed down)
};

struct SourceAssessment {
  double credibility = 1;  // in [0, 1]
  uint32_t flags = 0;      // SourceFlag bits
};

class SourceAssessor {
 public:
  virtual ~SourceAssessor() = default;
  virtual SourceAssessment assess(const Post& post) const = 0;
};

// Post::credibility, kSourceLowCredibility under `low_credibility`, and kSourceInjection when
// looks_like_injection(text).
class PostFieldAssessor final : public SourceAssessor {
 public:
  explicit PostFieldAssessor(double low_credibility = 0.2) : low_(low_credibility) {}
  SourceAssessment assess(const Post& post) const override;

 private:
  double low_;
};

// Assessments recorded by id (at ingest); unknown posts go to PostFieldAssessor. The injection
// check always runs, so a recorded assessment cannot hide an injection.
class RecordedAssessor final : public SourceAssessor {
 public:
  void record(const std::string& post_id, SourceAssessment a);
  SourceAssessment assess(const Post& post) const override;
  size_t size() const;

 private:
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, SourceAssessment> by_id_;
  PostFieldAssessor fallback_;
};

// True when `text` addresses an AI assistant with instructions ("ignore previous instructions",
// "system override", a leading "assistant:", chat-template tokens; English, French and Arabic
// forms). Benign look-alikes ("ignore the instructions on the box") are not matched.
bool looks_like_injection(std::string_view text);

}  // namespace chorus::answer
