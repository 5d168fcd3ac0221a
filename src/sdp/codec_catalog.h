// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string_view>
#include <vector>

#include "sdp/codec_ref.h"

// The codecs Switchboard speaks, as it offers them: payload type (static, or the dynamic number it
// offers), SDP clock rate, channels and the fmtp it writes. Copy one and change the payload type
// or fmtp to taste; offers and answers take lists of these.
namespace sb::sdp::codecs {

CodecRef pcmu();            // PCMU/8000, PT 0 (RFC 3551)
CodecRef pcma();            // PCMA/8000, PT 8
CodecRef g722();            // G722/8000, PT 9: SDP says 8000 although it samples at 16 kHz
CodecRef g729();            // G729/8000, PT 18, "annexb=no" (RFC 4856: absent means yes)
CodecRef opus();            // opus/48000/2, dynamic PT 111, "useinbandfec=1" (RFC 7587 §7)
CodecRef telephoneEvent();  // telephone-event/8000, dynamic PT 101, events "0-16" (RFC 4733)

// All six in Switchboard's default order of preference (telephone-event last).
std::vector<CodecRef> catalog();
// The catalog entry for this codec (sameCodec), if Switchboard speaks it.
std::optional<CodecRef> find(const CodecRef& codec);

}  // namespace sb::sdp::codecs
