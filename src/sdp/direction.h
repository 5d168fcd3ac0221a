// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string_view>

namespace sb::sdp {

struct MediaDescription;
struct SessionDescription;

// The four RFC 3264 §5.1 direction attributes, always from the point of view of the SDP's author:
// SendOnly means "I will send and do not want to receive".
enum class Direction { SendRecv, SendOnly, RecvOnly, Inactive };

std::string_view toString(Direction direction);  // "sendrecv", "sendonly", ...
// The attribute name as a Direction (any case); nullopt for any other attribute.
std::optional<Direction> directionFromName(std::string_view name);

bool sends(Direction direction);
bool receives(Direction direction);
Direction makeDirection(bool send, bool receive);
// The same stream seen from the other end: sendonly <-> recvonly.
Direction reversed(Direction direction);
// Only what both allow: send if both allow sending, receive if both allow receiving.
Direction intersect(Direction a, Direction b);

// RFC 3264 §6.1: the direction an answerer writes for an offered stream. The offer's direction
// reversed (sendonly -> recvonly, recvonly -> sendonly, inactive -> inactive), narrowed by what
// we want (SendOnly or Inactive when we hold the peer).
Direction answerDirection(Direction offered, Direction wanted);

// The direction a media section really has, from its author's point of view:
//  1. its own direction attribute, else the session-level one, else sendrecv (RFC 3264 §5.1);
//  2. a port of 0 disables the stream (RFC 3264 §5.1, §8.2): Inactive;
//  3. RFC 2543 hold, still sent by the Cisco 7960 and other old phones: a connection address of
//     0.0.0.0 (or "::" for IP6) means "send me nothing" (RFC 3264 §8.4: neither RTP nor RTCP is
//     to be sent to the peer), so the receive half is removed: sendrecv -> sendonly,
//     recvonly -> inactive, sendonly and inactive stay as they are.
Direction effectiveDirection(const MediaDescription& media, const SessionDescription& session);

}  // namespace sb::sdp
