// SPDX-License-Identifier: MIT
#include "sip/transaction/transaction_table.h"

#include <cassert>
#include <utility>

namespace sb::sip {

TransactionTable::Reservation TransactionTable::reserve(Side side, std::string_view key) {
  assert(!contains(side, key));
  std::uint32_t index;
  if (!free_.empty()) {
    index = free_.top();
    free_.pop();
  } else {
    index = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Slot& slot = slots_[index];
  // A machine holds whole messages (kilobytes); it lives on the heap only while it is in use, so a
  // burst of transactions leaves small slots behind, not their peak memory.
  slot.machine = std::make_unique<Machine>();
  slot.key.assign(key);
  slot.side = side;
  slot.live = true;
  slot.generation = nextGeneration_;
  if (++nextGeneration_ == 0) nextGeneration_ = 1;  // an id is never 0
  indexFor(side).emplace(std::string_view(slot.key), index);
  ++live_;
  return Reservation{index, idOf(index), *slot.machine};
}

bool TransactionTable::contains(Side side, std::string_view key) const {
  return indexFor(side).contains(key);
}

TransactionTable::Machine* TransactionTable::find(Side side, std::string_view key) {
  Index& index = indexFor(side);
  auto it = index.find(key);
  return it == index.end() ? nullptr : slots_[it->second].machine.get();
}

TransactionTable::Machine* TransactionTable::find(std::uint64_t id) {
  return const_cast<Machine*>(std::as_const(*this).find(id));
}

const TransactionTable::Machine* TransactionTable::find(std::uint64_t id) const {
  const auto index = static_cast<std::uint32_t>(id & 0xFFFF'FFFFu);
  const auto generation = static_cast<std::uint32_t>(id >> 32);
  if (index >= slots_.size()) return nullptr;
  const Slot& slot = slots_[index];
  if (!slot.live || slot.generation != generation) return nullptr;
  return slot.machine.get();
}

std::optional<std::uint64_t> TransactionTable::idFor(Side side, std::string_view key) const {
  const Index& index = indexFor(side);
  auto it = index.find(key);
  if (it == index.end()) return std::nullopt;
  return idOf(it->second);
}

std::uint64_t TransactionTable::idOf(std::uint32_t slot) const {
  return (static_cast<std::uint64_t>(slots_[slot].generation) << 32) | slot;
}

void TransactionTable::release(std::uint32_t index) {
  Slot& slot = slots_[index];
  assert(slot.live);
  if (!slot.live) return;
  indexFor(slot.side).erase(std::string_view(slot.key));
  slot.live = false;
  --live_;
  released_.push_back(index);
}

void TransactionTable::settle() {
  while (!released_.empty()) {
    const std::uint32_t index = released_.back();
    released_.pop_back();
    slots_[index].machine.reset();
    slots_[index].key = std::string();  // a key kept for reuse would pin a heap page after a burst
    free_.push(index);
  }
}

void TransactionTable::trim() {
  if (!released_.empty()) return;
  const auto lastBlockIsFree = [this] {
    const std::uint32_t first = (slots_.blockCount() - 1) * SlotStore::kSlotsPerBlock;
    for (std::uint32_t i = first; i < slots_.size(); ++i) {
      if (slots_[i].live || slots_[i].machine) return false;
    }
    return true;
  };
  const std::uint32_t before = slots_.size();
  while (slots_.blockCount() > 0 && lastBlockIsFree()) slots_.popBlock();
  if (slots_.size() != before) {
    std::vector<std::uint32_t> free;
    for (std::uint32_t i = 0; i < slots_.size(); ++i) {
      if (!slots_[i].live && !slots_[i].machine) free.push_back(i);
    }
    free_ = decltype(free_)(std::greater<>{}, std::move(free));
  }
  for (Index* index : {&clientIndex_, &serverIndex_}) {
    if (index->bucket_count() > 4 * index->size() + 64) index->rehash(0);
  }
}

std::vector<std::uint64_t> TransactionTable::liveClientIds() const {
  std::vector<std::uint64_t> ids;
  for (std::uint32_t i = 0; i < slots_.size(); ++i) {
    if (slots_[i].live && slots_[i].side == Side::Client) ids.push_back(idOf(i));
  }
  return ids;
}

}  // namespace sb::sip
