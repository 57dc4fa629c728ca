// Schedule: the simulator's agenda of posts due at known times (automated accounts' regular
// posts, campaign waves, amplifications, contradictions, corrections), earliest first. Items
// due at the same millisecond come out in the order they were pushed, so the output depends
// only on the seed. Not thread-safe.
#pragma once

#include <cstdint>
#include <limits>
#include <queue>
#include <vector>

namespace chorus::sim {

inline constexpr int64_t kSecondMs = 1000;
inline constexpr int64_t kMinuteMs = 60 * kSecondMs;

enum class ItemKind : uint8_t {
  kBotPost,        // a: account
  kCampaignPost,   // a: claim, b: account (a member of the claim's group)
  kAmplification,  // a: claim
  kContradiction,  // a: claim
  kEventFollowup,  // a: event, b: fact version (a correction or an update by a credible account)
  kEventWitness,   // a: event, b: 1 + the witness's language, or 0 for any: a first report
};

struct Item {
  int64_t t_ms = 0;
  ItemKind kind = ItemKind::kBotPost;
  uint32_t a = 0;
  uint32_t b = 0;
  uint64_t order = 0;  // set by Schedule::push
};

class Schedule {
 public:
  void push(Item item) {
    item.order = pushed_++;
    heap_.push(item);
  }
  bool empty() const { return heap_.empty(); }
  // Due time of the earliest item; max int64 when empty.
  int64_t next_ms() const {
    return heap_.empty() ? std::numeric_limits<int64_t>::max() : heap_.top().t_ms;
  }
  Item pop() {
    Item top = heap_.top();
    heap_.pop();
    return top;
  }
  size_t size() const { return heap_.size(); }

 private:
  struct Later {
    bool operator()(const Item& x, const Item& y) const {
      return x.t_ms != y.t_ms ? x.t_ms > y.t_ms : x.order > y.order;
    }
  };
  std::priority_queue<Item, std::vector<Item>, Later> heap_;
  uint64_t pushed_ = 0;
};

}  // namespace chorus::sim
