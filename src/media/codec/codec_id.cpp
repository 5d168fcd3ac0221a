// SPDX-License-Identifier: MIT
#include "media/codec/codec_id.h"

#include "base/text.h"

namespace sb::media {
namespace {

// Indexed by CodecId.
constexpr std::array<CodecInfo, 5> kInfos = {{
    {CodecId::Pcmu, "PCMU", 0, 8000, 1, 8000, 80, 160},
    {CodecId::Pcma, "PCMA", 8, 8000, 1, 8000, 80, 160},
    {CodecId::G722, "G722", 9, 8000, 1, 16000, 160, 160},
    {CodecId::G729, "G729", 18, 8000, 1, 8000, 80, 20},
    {CodecId::Opus, "opus", -1, 48000, 2, 48000, 480, 0},
}};

constexpr bool indexedById() {
  for (std::size_t i = 0; i < kInfos.size(); ++i) {
    if (static_cast<std::size_t>(kInfos[i].id) != i) return false;
  }
  return true;
}
static_assert(indexedById() && kInfos.size() == kAllCodecs.size());

}  // namespace

const CodecInfo& codecInfo(CodecId id) { return kInfos[static_cast<std::size_t>(id)]; }

std::string_view codecName(CodecId id) { return codecInfo(id).name; }

std::optional<CodecId> codecByName(std::string_view name) {
  for (const CodecInfo& info : kInfos) {
    if (text::iequals(info.name, name)) return info.id;
  }
  return std::nullopt;
}

}  // namespace sb::media
