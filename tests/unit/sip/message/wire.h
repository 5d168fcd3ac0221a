// SPDX-License-Identifier: MIT
#pragma once
#include <initializer_list>
#include <string>
#include <string_view>

namespace sb::sip::testing {

// Joins lines with CRLF and ends the header section; `body` follows the empty line.
inline std::string wire(std::initializer_list<std::string_view> lines, std::string_view body = {}) {
  std::string out;
  for (auto line : lines) {
    out += line;
    out += "\r\n";
  }
  out += "\r\n";
  out += body;
  return out;
}

// A typical phone REGISTER, about 500 bytes.
inline std::string registerRequest() {
  return wire({
      "REGISTER sip:pbx.example.com SIP/2.0",
      "Via: SIP/2.0/UDP 192.168.1.20:5060;branch=z9hG4bK-524287-1---7f2e1c;rport",
      "Max-Forwards: 70",
      "Contact: <sip:100@192.168.1.20:5060;rinstance=6e1a2b3c4d5e6f70;transport=UDP>",
      "To: <sip:100@pbx.example.com>",
      "From: \"Front Desk\" <sip:100@pbx.example.com>;tag=8a7b6c5d",
      "Call-ID: NmQ4ZjZiZDYwYTdiYWU0ZjQyOTFhM2E1YmY3ZDY4NTk",
      "CSeq: 2 REGISTER",
      "Expires: 3600",
      "Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, MESSAGE, OPTIONS, INFO, SUBSCRIBE",
      "Supported: replaces, norefersub, extended-refer, timer, outbound, path, X-cisco-serviceuri",
      "User-Agent: Z 5.5.12 v2.10.19.9",
      "Allow-Events: presence, kpml, talk",
      "Content-Length: 0",
  });
}

}  // namespace sb::sip::testing
