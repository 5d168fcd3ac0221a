// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string_view>

namespace sb::sip {

// The request methods the stack knows (RFC 3261 and extensions). Anything else is Unknown and
// keeps its name in Message::methodName(); the core answers it with 501 and Allow.
enum class Method : std::uint8_t {
  Invite, Ack, Bye, Cancel, Register, Options, Info, Update, Prack,
  Subscribe, Notify, Refer, Message, Publish, Unknown,
};

Method methodFromName(std::string_view name);  // case-sensitive, as RFC 3261 §7.1 says
std::string_view methodName(Method m);

}  // namespace sb::sip
