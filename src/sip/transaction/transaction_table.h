// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/unordered/unordered_flat_map.hpp>

#include "sip/transaction/client_invite_transaction.h"
#include "sip/transaction/client_non_invite_transaction.h"
#include "sip/transaction/server_invite_transaction.h"
#include "sip/transaction/server_non_invite_transaction.h"

namespace sb::sip {

// Owns the transaction machines and finds them by key or by id. Machines live in reusable slots
// (blocks, so their addresses never move while timers point at them); a slot's key string keeps
// its capacity across reuse and the indexes hold views of it, so starting a transaction costs no
// allocation in the table once it has warmed up. Ids pair the slot with a generation,
// so a stale id finds nothing. It knows nothing of SIP matching rules: keys come from outside.
class TransactionTable {
 public:
  using Machine = std::variant<std::monostate, ClientInviteTransaction, ClientNonInviteTransaction,
                               ServerInviteTransaction, ServerNonInviteTransaction>;
  enum class Side : std::uint8_t { Client, Server };

  struct Reservation {
    std::uint32_t slot;
    std::uint64_t id;
    Machine& machine;  // empty: the caller emplaces the machine
  };

  TransactionTable() = default;
  TransactionTable(const TransactionTable&) = delete;
  TransactionTable& operator=(const TransactionTable&) = delete;

  // Takes a slot for a new transaction under `key`, which must not be indexed on that side yet.
  Reservation reserve(Side side, std::string_view key);
  bool contains(Side side, std::string_view key) const;
  Machine* find(Side side, std::string_view key);
  Machine* find(std::uint64_t id);
  const Machine* find(std::uint64_t id) const;
  std::optional<std::uint64_t> idFor(Side side, std::string_view key) const;
  std::uint64_t idOf(std::uint32_t slot) const;

  // The machine in `slot` is Terminated: unindex it now; it is destroyed by the next settle().
  void release(std::uint32_t slot);
  // Destroys released machines and makes their slots reusable. Only call when no machine code is
  // on the stack (the outermost TransactionContext::Scope does).
  void settle();
  // Gives back what a past burst left: whole blocks of free slots at the end, and index buckets
  // sized for the peak. For a housekeeping tick; call it when settled (no released machine waits).
  void trim();

  std::size_t live() const { return live_; }
  // Slots held, in use or free: what trim() gives back.
  std::size_t slotCount() const { return slots_.size(); }
  // Ids of the live client transactions, for sweeps such as transport failures.
  std::vector<std::uint64_t> liveClientIds() const;

 private:
  struct Slot {
    std::string key;
    std::uint32_t generation = 0;  // from nextGeneration_ when reserved: unique across trims
    Side side = Side::Client;
    bool live = false;
    std::unique_ptr<Machine> machine;  // null while the slot is free
  };
  // Open addressing: a lookup touches one group of slots instead of chasing a bucket's node
  // list, and an insert allocates nothing once the table has grown. Tens of thousands of
  // transactions wait out Timer J, so nearly every lookup of a new request is a cache miss.
  using Index = boost::unordered_flat_map<std::string_view, std::uint32_t>;

  Index& indexFor(Side side) { return side == Side::Client ? clientIndex_ : serverIndex_; }
  const Index& indexFor(Side side) const {
    return side == Side::Client ? clientIndex_ : serverIndex_;
  }

  // Slots in blocks of kSlotsPerBlock: addresses stay put (the index holds views of their keys)
  // and a block is one large allocation, not hundreds of small ones pinning heap pages after a burst.
  class SlotStore {
   public:
    static constexpr std::uint32_t kSlotsPerBlock = 4096;
    std::uint32_t size() const { return size_; }
    std::uint32_t blockCount() const { return static_cast<std::uint32_t>(blocks_.size()); }
    void emplace_back() {
      if (size_ % kSlotsPerBlock == 0) blocks_.push_back(std::make_unique<Slot[]>(kSlotsPerBlock));
      ++size_;
    }
    // Drops the last block; the caller has checked that none of its slots is in use.
    void popBlock() {
      blocks_.pop_back();
      size_ = static_cast<std::uint32_t>(blocks_.size()) * kSlotsPerBlock;
    }
    Slot& operator[](std::uint32_t i) { return blocks_[i / kSlotsPerBlock][i % kSlotsPerBlock]; }
    const Slot& operator[](std::uint32_t i) const { return blocks_[i / kSlotsPerBlock][i % kSlotsPerBlock]; }

   private:
    std::vector<std::unique_ptr<Slot[]>> blocks_;
    std::uint32_t size_ = 0;
  };
  SlotStore slots_;
  // Lowest first, so live slots gather in the first blocks and trim() can free the last ones.
  std::priority_queue<std::uint32_t, std::vector<std::uint32_t>, std::greater<>> free_;
  std::vector<std::uint32_t> released_;
  Index clientIndex_;
  Index serverIndex_;
  std::size_t live_ = 0;
  std::uint32_t nextGeneration_ = 1;
};

}  // namespace sb::sip
