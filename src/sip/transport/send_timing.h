// SPDX-License-Identifier: MIT
#pragma once

namespace sb::sip {

// Whether a sender must learn at once that its bytes left. The first transmission of a request
// must: a transport error ends its client transaction at once (RFC 3261 §8.1.3.1, §17.1.4). A
// response need not: a failure is only counted and logged, and the client retransmits its
// request (§17.1.2.2). Over UDP, a datagram that may wait and is sent while a batch of received
// datagrams is being handled leaves with everything else answered in that batch, in one
// sendmmsg.
enum class SendTiming { Now, WithReceivedBatch };

}  // namespace sb::sip
