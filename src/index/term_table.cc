#include "index/term_table.h"

#include <cstring>

namespace chorus::index {
namespace {

constexpr uint32_t kInitialCapacity = 1024;

// a[0, n) == b[0, n). Terms are a few bytes: word compares inline, where memcmp is a call.
bool same_bytes(const char* a, const char* b, size_t n) {
  for (; n >= 8; a += 8, b += 8, n -= 8) {
    uint64_t x, y;
    std::memcpy(&x, a, 8);
    std::memcpy(&y, b, 8);
    if (x != y) return false;
  }
  for (; n > 0; ++a, ++b, --n) {
    if (*a != *b) return false;
  }
  return true;
}

uint64_t slot_value(uint64_t hash, uint32_t id) {
  return (hash & 0xffffffff00000000ull) | (uint64_t{id} + 1);
}

}  // namespace

TermTable::Table::Table(uint32_t capacity)
    : mask(capacity - 1), slots(new std::atomic<uint64_t>[capacity]) {
  for (uint32_t i = 0; i < capacity; ++i) slots[i].store(0, std::memory_order_relaxed);
}

TermTable::TermTable() {
  tables_.push_back(std::make_unique<Table>(kInitialCapacity));
  table_.store(tables_.back().get(), std::memory_order_release);
  table_bytes_.store(kInitialCapacity * sizeof(uint64_t), std::memory_order_relaxed);
}

TermTable::~TermTable() = default;

uint32_t TermTable::probe(const Table& t, uint64_t hash) {
  return (hash ^ (hash >> 29)) & t.mask;
}

uint32_t TermTable::find(std::string_view term, uint64_t hash) const {
  const Table* t = table_.load(std::memory_order_acquire);
  const uint64_t tag = hash & 0xffffffff00000000ull;
  for (uint32_t i = probe(*t, hash);; i = (i + 1) & t->mask) {
    uint64_t v = t->slots[i].load(std::memory_order_acquire);
    if (v == 0) return kNotFound;
    if ((v & 0xffffffff00000000ull) != tag) continue;
    uint32_t id = static_cast<uint32_t>(v) - 1;
    const Entry& e = entries_[id];
    if (e.hash == hash && e.length == term.size() &&
        same_bytes(bytes_.chunk_ptr(e.offset), term.data(), term.size()))
      return id;
  }
}

void TermTable::prefetch(uint64_t hash) const {
  const Table* t = table_.load(std::memory_order_relaxed);
  __builtin_prefetch(&t->slots[probe(*t, hash)]);
}

std::string_view TermTable::term(uint32_t id) const {
  const Entry& e = entries_[id];
  return {bytes_.chunk_ptr(e.offset), e.length};
}

void TermTable::place(Table* t, uint64_t hash, uint32_t id) {
  uint32_t i = probe(*t, hash);
  while (t->slots[i].load(std::memory_order_relaxed) != 0) i = (i + 1) & t->mask;
  t->slots[i].store(slot_value(hash, id), std::memory_order_release);
}

void TermTable::grow() {
  const Table* old = table_.load(std::memory_order_relaxed);
  uint32_t capacity = (old->mask + 1) * 2;
  auto fresh = std::make_unique<Table>(capacity);
  uint32_t n = size_.load(std::memory_order_relaxed);
  for (uint32_t id = 0; id < n; ++id) place(fresh.get(), entries_[id].hash, id);
  table_.store(fresh.get(), std::memory_order_release);
  tables_.push_back(std::move(fresh));
  table_bytes_.fetch_add(size_t{capacity} * sizeof(uint64_t), std::memory_order_relaxed);
}

uint32_t TermTable::insert(std::string_view term, uint64_t hash, bool* inserted) {
  *inserted = false;
  uint32_t found = find(term, hash);
  if (found != kNotFound) return found;
  uint32_t id = size_.load(std::memory_order_relaxed);
  if (id >= (1u << 28) || term.size() > kMaxTermBytes) return kNotFound;
  // Terms never straddle an arena chunk.
  uint64_t chunk = decltype(bytes_)::kChunkSize;
  if (bytes_used_ / chunk != (bytes_used_ + term.size()) / chunk)
    bytes_used_ = (bytes_used_ / chunk + 1) * chunk;
  if (!bytes_.grow_to(bytes_used_ + term.size() + 1) || !entries_.grow_to(size_t{id} + 1))
    return kNotFound;
  char* dst = &bytes_.mut(bytes_used_);
  if (!term.empty()) std::memcpy(dst, term.data(), term.size());
  entries_.mut(id) = {static_cast<uint32_t>(bytes_used_), static_cast<uint32_t>(term.size()), hash};
  bytes_used_ += term.size();
  size_.store(id + 1, std::memory_order_release);
  Table* t = table_.load(std::memory_order_relaxed);
  if (uint64_t{id + 1} * 2 > uint64_t{t->mask} + 1) {
    grow();  // the new table already holds `id`
  } else {
    place(t, hash, id);
  }
  *inserted = true;
  return id;
}

size_t TermTable::memory_bytes() const {
  return table_bytes_.load(std::memory_order_relaxed) + entries_.allocated_bytes() +
         bytes_.allocated_bytes();
}

}  // namespace chorus::index
