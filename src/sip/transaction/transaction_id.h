// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>

namespace sb::sip {

// Strong ids for transactions. A lookup by a stale id (the transaction has ended) finds nothing;
// an id comes back only after 2^32 transactions have used the same table slot. 0 is never valid.
enum class ClientTransactionId : std::uint64_t {};
enum class ServerTransactionId : std::uint64_t {};

}  // namespace sb::sip
