// SPDX-License-Identifier: MIT
#include "sdp/codec_catalog.h"

namespace sb::sdp::codecs {

CodecRef pcmu() { return {0, "PCMU", 8000, 1, ""}; }
CodecRef pcma() { return {8, "PCMA", 8000, 1, ""}; }
CodecRef g722() { return {9, "G722", 8000, 1, ""}; }
// Without the parameter Annex B (silence suppression) is on (RFC 4856); we say no, as the
// Cisco 7960 does, so that a G.729 leg carries continuous audio the relay can count on.
CodecRef g729() { return {18, "G729", 8000, 1, "annexb=no"}; }
// RFC 7587 §7: always opus/48000/2 in SDP, whatever is really sent.
CodecRef opus() { return {111, "opus", 48000, 2, "useinbandfec=1"}; }
// RFC 4733 §3.2: 0-15 are the DTMF digits, 16 is flash.
CodecRef telephoneEvent() { return {101, "telephone-event", 8000, 1, "0-16"}; }

std::vector<CodecRef> catalog() { return {opus(), g722(), pcmu(), pcma(), g729(), telephoneEvent()}; }

std::optional<CodecRef> find(const CodecRef& codec) {
  for (CodecRef& c : catalog())
    if (sameCodec(c, codec)) return std::move(c);
  return std::nullopt;
}

}  // namespace sb::sdp::codecs
