// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "net/socket_address.h"

namespace sb::security {

enum class RequestFailure : std::uint8_t {
  FailedToAuthenticate,  // wrong secret
  NoMatchingEndpoint,    // unknown account
};

// The NOTICE that res_pjsip's distributor writes for a failed request, a second path (besides
// the security log) by which fail2ban's stock asterisk filter finds the source:
//   Request 'REGISTER' from '<sip:100@dom>' failed for '1.2.3.4:5060' (callid: X) - Failed to authenticate
// Only the text after "file: "; `from` is the From header value, `flow.remote` the packet source.
// Attacker-supplied parts lose the characters that could end their field early or start a
// second fail2ban match: quotes, parentheses in the Call-ID, control characters, ": ".
std::string requestFailureNotice(std::string_view method, std::string_view from,
                                 const net::Flow& flow, std::string_view callId,
                                 RequestFailure failure);

// Writes that text to the messages log as NOTICE under res_pjsip's file name
// (res_pjsip/pjsip_distributor.c), the name fail2ban users know from Asterisk.
void logRequestFailure(std::string_view method, std::string_view from, const net::Flow& flow,
                       std::string_view callId, RequestFailure failure);

}  // namespace sb::security
