#include "index/id_map.h"

#include "base/hash.h"

namespace chorus::index {
namespace {

uint64_t key_of(uint64_t hash) {
  return hash == 0 ? 1 : hash;
}

}  // namespace

IdMap::Table::Table(size_t n)
    : mask(n - 1), keys(n), docs(n) {}  // value-initialized: all slots empty

IdMap::IdMap() : live_(std::make_unique<Table>(1024)) {
  table_.store(live_.get());
  bytes_.store(1024 * kSlotBytes);
}

IdMap::~IdMap() = default;

std::optional<uint32_t> IdMap::probe(const Table& t, uint64_t hash) {
  const uint64_t key = key_of(hash);
  for (size_t i = mix64(key) & t.mask;; i = (i + 1) & t.mask) {
    uint64_t k = t.keys[i].load(std::memory_order_acquire);
    if (k == 0) return std::nullopt;
    if (k == key) return t.docs[i].load(std::memory_order_acquire);
  }
}

std::optional<uint32_t> IdMap::find(uint64_t hash) const {
  readers_.fetch_add(1);
  std::optional<uint32_t> found = probe(*table_.load(), hash);
  readers_.fetch_sub(1);
  return found;
}

void IdMap::reserve(size_t n) {
  if (size_.load(std::memory_order_relaxed) != 0) return;
  size_t slots = live_->mask + 1;
  while (n * 4 > slots * 3) slots *= 2;
  if (slots == live_->mask + 1) return;
  auto fresh = std::make_unique<Table>(slots);
  table_.store(fresh.get());  // seq_cst, as in grow()
  bytes_.store(slots * kSlotBytes, std::memory_order_relaxed);
  retired_.push_back(std::move(live_));
  live_ = std::move(fresh);
  free_retired();
}

bool IdMap::insert(uint64_t hash, uint64_t doc) {
  if (!retired_.empty()) free_retired();
  uint64_t key = key_of(hash);
  Table* t = live_.get();
  size_t i = mix64(key) & t->mask;
  for (;; i = (i + 1) & t->mask) {
    uint64_t k = t->keys[i].load(std::memory_order_relaxed);
    if (k == key) return false;
    if (k == 0) break;
  }
  t->docs[i].store(static_cast<uint32_t>(doc), std::memory_order_relaxed);
  t->keys[i].store(key, std::memory_order_release);
  size_t n = size_.load(std::memory_order_relaxed) + 1;
  size_.store(n, std::memory_order_relaxed);
  if (n * 4 > (t->mask + 1) * 3) grow();
  return true;
}

bool IdMap::assign(uint64_t hash, uint64_t doc) {
  uint64_t key = key_of(hash);
  Table* t = live_.get();
  for (size_t i = mix64(key) & t->mask;; i = (i + 1) & t->mask) {
    uint64_t k = t->keys[i].load(std::memory_order_relaxed);
    if (k == 0) return false;
    if (k == key) {
      t->docs[i].store(static_cast<uint32_t>(doc), std::memory_order_release);
      return true;
    }
  }
}

void IdMap::grow() {
  const Table& old = *live_;
  auto fresh = std::make_unique<Table>((old.mask + 1) * 2);
  for (size_t j = 0; j <= old.mask; ++j) {
    uint64_t k = old.keys[j].load(std::memory_order_relaxed);
    if (k == 0) continue;
    size_t i = mix64(k) & fresh->mask;
    while (fresh->keys[i].load(std::memory_order_relaxed) != 0) i = (i + 1) & fresh->mask;
    fresh->docs[i].store(old.docs[j].load(std::memory_order_relaxed), std::memory_order_relaxed);
    fresh->keys[i].store(k, std::memory_order_relaxed);
  }
  table_.store(fresh.get());  // seq_cst: ordered before the readers_ check in free_retired()
  bytes_.store((fresh->mask + 1) * kSlotBytes, std::memory_order_relaxed);
  retired_.push_back(std::move(live_));
  live_ = std::move(fresh);
  free_retired();
}

void IdMap::free_retired() {
  if (readers_.load() == 0) retired_.clear();
}

}  // namespace chorus::index
