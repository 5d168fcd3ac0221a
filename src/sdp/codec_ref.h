// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::sdp {

struct MediaDescription;

// One RTP payload format of a media section as the SDP describes it: the payload type number that
// SDP's author uses for it, and what it is. `clockRate` is the RTP clock rate written in SDP, which
// for G.722 is 8000 although it samples at 16 kHz (RFC 3551 §4.5.2).
struct CodecRef {
  std::uint8_t payloadType = 0;
  std::string name;  // encoding name as written ("PCMU", "opus", "telephone-event")
  std::uint32_t clockRate = 8000;
  std::uint32_t channels = 1;
  std::string fmtp;  // format parameters, "" when none

  bool operator==(const CodecRef&) const = default;
};

// The same codec: encoding names equal ignoring case (RFC 4566 §6: rtpmap names are
// case-insensitive), same clock rate, same channels. Payload types and fmtp are not compared.
bool sameCodec(const CodecRef& a, const CodecRef& b);
// RFC 4733 named telephone events (DTMF).
bool isTelephoneEvent(const CodecRef& codec);
// Formats that carry no voice of their own and so never count as "the" negotiated codec:
// telephone-event, comfort noise (CN, RFC 3389), redundancy (red), FEC (ulpfec, flexfec), rtx.
bool isAuxiliary(const CodecRef& codec);

// RFC 3551 §6 tables 4 and 5: the statically assigned payload types (audio and video), fmtp
// empty. nullopt for unassigned and dynamic numbers.
std::optional<CodecRef> staticPayloadType(std::uint8_t payloadType);

// The formats of an RTP media section as codecs, in m= order: from its a=rtpmap when it has one,
// else from the static table; a dynamic payload type without rtpmap is unusable and skipped.
// Each carries its a=fmtp. Empty for non-RTP sections.
std::vector<CodecRef> resolveCodecs(const MediaDescription& media);

// The offered codecs that we also speak, in *our* order of preference, each as offered (the
// offerer's payload type, name spelling and fmtp). Auxiliary formats are left out.
std::vector<CodecRef> matchCodecs(const std::vector<CodecRef>& offered, const std::vector<CodecRef>& ours);

}  // namespace sb::sdp
