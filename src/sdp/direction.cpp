// SPDX-License-Identifier: MIT
#include "sdp/direction.h"

#include "base/text.h"
#include "sdp/session_description.h"

namespace sb::sdp {

std::string_view toString(Direction direction) {
  switch (direction) {
    case Direction::SendRecv: return "sendrecv";
    case Direction::SendOnly: return "sendonly";
    case Direction::RecvOnly: return "recvonly";
    case Direction::Inactive: return "inactive";
  }
  return "sendrecv";
}

std::optional<Direction> directionFromName(std::string_view name) {
  for (Direction d : {Direction::SendRecv, Direction::SendOnly, Direction::RecvOnly, Direction::Inactive})
    if (text::iequals(name, toString(d))) return d;
  return std::nullopt;
}

bool sends(Direction direction) {
  return direction == Direction::SendRecv || direction == Direction::SendOnly;
}

bool receives(Direction direction) {
  return direction == Direction::SendRecv || direction == Direction::RecvOnly;
}

Direction makeDirection(bool send, bool receive) {
  if (send && receive) return Direction::SendRecv;
  if (send) return Direction::SendOnly;
  if (receive) return Direction::RecvOnly;
  return Direction::Inactive;
}

Direction reversed(Direction direction) { return makeDirection(receives(direction), sends(direction)); }

Direction intersect(Direction a, Direction b) {
  return makeDirection(sends(a) && sends(b), receives(a) && receives(b));
}

Direction answerDirection(Direction offered, Direction wanted) {
  return intersect(reversed(offered), wanted);
}

Direction effectiveDirection(const MediaDescription& media, const SessionDescription& session) {
  if (media.port == 0) return Direction::Inactive;
  Direction d = media.direction().value_or(session.direction().value_or(Direction::SendRecv));
  if (const Connection* c = session.connectionFor(media); c != nullptr && c->isHoldAddress())
    d = makeDirection(sends(d), false);
  return d;
}

}  // namespace sb::sdp
