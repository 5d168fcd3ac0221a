// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <string_view>

#include "sip/message/message.h"

namespace sb::sip {

// RFC 3261 §8.1.1.7: branches that start with this were built by RFC 3261 elements and are
// unique, so they alone (with sent-by and method) identify a transaction.
inline constexpr std::string_view kMagicCookie = "z9hG4bK";

bool hasMagicCookie(std::string_view branch);

// The compact strings transactions are indexed by. Each writes into `out` (reusing its capacity,
// so matching a message allocates nothing) and returns false when the message lacks what the
// match needs, i.e. it cannot belong to any transaction.

// RFC 3261 §17.2.3: the server transaction a request belongs to. `method` is the request's own
// method, except that an ACK, or a CANCEL looking for its INVITE, passes "INVITE".
// With the magic cookie: branch + top Via sent-by + method. Without it (RFC 2543 peers) a
// simplified key: Request-URI, From tag, Call-ID, CSeq number, method and top Via sent-by and
// transport. The To tag is left out: within one Call-ID, From tag and CSeq number it is constant
// for retransmissions, and leaving it out lets the ACK of a non-2xx (which carries our tag) find
// its INVITE without a second lookup.
bool serverTransactionKey(const Message& request, std::string_view method, std::string& out);

// RFC 3261 §17.1.3: the client transaction a response belongs to: top Via branch + CSeq method.
bool clientTransactionKeyForResponse(const Message& response, std::string& out);
// The same key for the request that creates the client transaction (top Via branch + method).
bool clientTransactionKeyForRequest(const Message& request, std::string& out);

}  // namespace sb::sip
