// Topic codes of the ground truth: the kTopicCount background topics of vocab.h, then
// "breaking" (event posts), "news" and "promotion" (automated feeds and spam), then one
// subject per claim kind.
#pragma once

#include <string_view>

#include "stream/sim/vocab.h"

namespace chorus::sim {

inline constexpr int kTopicChatter = 6;  // topic_name(6) == "chatter"
inline constexpr int kTopicBreaking = kTopicCount;
inline constexpr int kTopicNews = kTopicCount + 1;
inline constexpr int kTopicPromotion = kTopicCount + 2;
inline constexpr int kTopicClaimFirst = kTopicCount + 3;

// The subject of a claim kind as a topic code.
constexpr int claim_topic(int claim_kind) {
  return kTopicClaimFirst + claim_kind;
}

inline std::string_view topic_label(int code) {
  constexpr std::string_view kExtra[] = {"breaking", "news", "promotion"};
  constexpr std::string_view kClaim[kClaimKindCount] = {"health", "elections", "travel", "security",
                                                        "economy"};
  if (code < kTopicCount) return topic_name(code);
  if (code < kTopicClaimFirst) return kExtra[code - kTopicCount];
  return kClaim[code - kTopicClaimFirst];
}

}  // namespace chorus::sim
