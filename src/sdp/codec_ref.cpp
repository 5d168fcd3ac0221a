// SPDX-License-Identifier: MIT
#include "sdp/codec_ref.h"

#include <array>

#include "base/text.h"
#include "sdp/session_description.h"

namespace sb::sdp {
namespace {

struct StaticEntry {
  std::uint8_t payloadType;
  std::string_view name;
  std::uint32_t clockRate;
  std::uint32_t channels;
};

// RFC 3551 §6, table 4 (audio) and table 5 (video). G722's 8000 is the RTP clock rate SDP carries,
// kept at 8000 by an error in RFC 1890 that §4.5.2 preserves for compatibility.
constexpr std::array<StaticEntry, 24> kStatic{{
    {0, "PCMU", 8000, 1},   {3, "GSM", 8000, 1},    {4, "G723", 8000, 1},   {5, "DVI4", 8000, 1},
    {6, "DVI4", 16000, 1},  {7, "LPC", 8000, 1},    {8, "PCMA", 8000, 1},   {9, "G722", 8000, 1},
    {10, "L16", 44100, 2},  {11, "L16", 44100, 1},  {12, "QCELP", 8000, 1}, {13, "CN", 8000, 1},
    {14, "MPA", 90000, 1},  {15, "G728", 8000, 1},  {16, "DVI4", 11025, 1}, {17, "DVI4", 22050, 1},
    {18, "G729", 8000, 1},  {25, "CelB", 90000, 1}, {26, "JPEG", 90000, 1}, {28, "nv", 90000, 1},
    {31, "H261", 90000, 1}, {32, "MPV", 90000, 1},  {33, "MP2T", 90000, 1}, {34, "H263", 90000, 1},
}};

}  // namespace

bool sameCodec(const CodecRef& a, const CodecRef& b) {
  return a.clockRate == b.clockRate && a.channels == b.channels && text::iequals(a.name, b.name);
}

bool isTelephoneEvent(const CodecRef& codec) { return text::iequals(codec.name, "telephone-event"); }

bool isAuxiliary(const CodecRef& codec) {
  for (std::string_view name : {"telephone-event", "CN", "red", "ulpfec", "flexfec", "rtx"})
    if (text::iequals(codec.name, name)) return true;
  return false;
}

std::optional<CodecRef> staticPayloadType(std::uint8_t payloadType) {
  for (const StaticEntry& e : kStatic)
    if (e.payloadType == payloadType)
      return CodecRef{payloadType, std::string(e.name), e.clockRate, e.channels, {}};
  return std::nullopt;
}

std::vector<CodecRef> resolveCodecs(const MediaDescription& media) {
  std::vector<CodecRef> out;
  if (!media.isRtp()) return out;
  for (std::uint8_t pt : media.payloadTypes()) {
    std::optional<CodecRef> codec;
    if (auto map = media.rtpmap(pt))
      codec = CodecRef{pt, map->encodingName, map->clockRate, map->channels, {}};
    else
      codec = staticPayloadType(pt);
    if (!codec) continue;
    if (auto fmtp = media.fmtp(pt)) codec->fmtp = std::string(*fmtp);
    out.push_back(std::move(*codec));
  }
  return out;
}

std::vector<CodecRef> matchCodecs(const std::vector<CodecRef>& offered, const std::vector<CodecRef>& ours) {
  std::vector<CodecRef> out;
  for (const CodecRef& mine : ours) {
    if (isAuxiliary(mine)) continue;
    for (const CodecRef& theirs : offered) {
      if (!sameCodec(mine, theirs)) continue;
      bool already = false;
      for (const CodecRef& o : out) already = already || o.payloadType == theirs.payloadType;
      if (!already) out.push_back(theirs);
      break;
    }
  }
  return out;
}

}  // namespace sb::sdp
