// SPDX-License-Identifier: MIT
#pragma once
#include <string_view>

#include "sip/message/message.h"

namespace sb::sip {

// RFC 3261 §8.2.6.2: a response copies Via (all, in order), From, To, Call-ID and CSeq from the
// request; a To tag is added when the request had none and the status is above 100.
Message makeResponse(const Message& request, int statusCode, std::string_view reason = {},
                     std::string_view toTag = {});

// The standard reason phrase for a status code ("OK", "Unauthorized", ...).
std::string_view reasonPhrase(int statusCode);

}  // namespace sb::sip
