// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <span>
#include <string_view>

#include "sip/message/message.h"

namespace sb::sip {

// The checks RFC 3261 §8.2.1-§8.2.2 asks of a UAS before it looks at a request parse() accepted,
// in this order: SIP version (505), Request-URI scheme (416, only sip and sips are served),
// method (501 with Allow when unknown, 405 with Allow when known but not in `allowed`), CSeq
// method equal to the request method (400, RFC 4475 §3.1.2.17), then Require (420 with
// Unsupported listing each option not in `supportedExtensions`; never for ACK or CANCEL,
// §8.2.2.3). Returns the error response to send, or nullopt when the request may proceed.
// A missing Max-Forwards is fine. An ACK is never answered (§17): the caller drops an ACK this
// function objects to instead of sending the response.
std::optional<Message> checkRequestSanity(const Message& request,
                                          std::span<const std::string_view> supportedExtensions,
                                          std::span<const Method> allowed);

}  // namespace sb::sip
