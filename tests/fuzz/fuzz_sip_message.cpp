// SPDX-License-Identifier: MIT
// libFuzzer target for the SIP message parser: parse() on both transports, frameLength(), and
// the promises the stack builds on: what parse() accepts serializes to a message that parses
// again to the same text, and the answers built from it (makeResponse, ResponseWriter, the
// sanity checks) are themselves readable. A broken promise aborts, which the fuzzer reports as a crash.
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

#include "sip/message/message.h"
#include "sip/message/request_sanity.h"
#include "sip/message/response_builder.h"
#include "require.h"

namespace {

using sb::sip::Message;
using sb::sip::ParseResult;

constexpr std::array<std::string_view, 2> kSupported{"replaces", "timer"};
constexpr std::array<sb::sip::Method, 6> kAllowed{
    sb::sip::Method::Invite, sb::sip::Method::Ack,     sb::sip::Method::Bye,
    sb::sip::Method::Cancel, sb::sip::Method::Options, sb::sip::Method::Register};

// Names the broken promise before aborting, so a reproducer explains itself.
// Touches every typed view so that the sanitizers see them read.
std::size_t touch(const Message& m) {
  std::size_t n = m.serialize().size() + m.requestUri().toString().size() + m.from().toString().size() +
                  m.to().toString().size() + m.cseq().toString().size() + m.callId().size();
  for (const auto& via : m.vias()) n += via.toString().size() + via.branch().size();
  for (const auto& c : m.contacts()) n += c.address.toString().size() + c.address.uri.userUnescaped().size();
  for (auto v : m.valuesOf("Require")) n += v.size();
  return n;
}

void checkAccepted(const Message& m) {
  const std::string wire = m.serialize();
  const ParseResult again = sb::sip::parse(wire, true);
  SB_REQUIRE(again.kind == ParseResult::Kind::Ok);
  SB_REQUIRE(again.message->serialize() == wire);
  SB_REQUIRE(sb::sip::frameLength(wire) == wire.size());
  if (m.isRequest()) {
    if (auto answer = sb::sip::checkRequestSanity(m, kSupported, kAllowed)) touch(*answer);
    const Message ok = sb::sip::makeResponse(m, 200, {}, "fuzz");
    const ParseResult okParsed = sb::sip::parse(ok.serialize());
    SB_REQUIRE(okParsed.kind == ParseResult::Kind::Ok);
    SB_REQUIRE(okParsed.message->to().tag().has_value());
    // The registrar's answers are written without a Message (ResponseWriter): they must read
    // back as the same answer makeResponse builds.
    sb::sip::ResponseWriter writer(m, 401, {}, "fuzz");
    writer.header("WWW-Authenticate", "Digest realm=\"fuzz\", nonce=\"n\"");
    const ParseResult written = sb::sip::parse(std::move(writer).finish());
    SB_REQUIRE(written.kind == ParseResult::Kind::Ok);
    SB_REQUIRE(written.message->statusCode() == 401);
    SB_REQUIRE(written.message->to().tag().has_value());
    SB_REQUIRE(written.message->callId() == ok.callId());
    SB_REQUIRE(written.message->vias().size() == ok.vias().size());
    SB_REQUIRE(written.message->cseq().toString() == ok.cseq().toString());
  }
  touch(m);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  for (bool stream : {false, true}) {
    const ParseResult r = sb::sip::parse(input, stream);
    switch (r.kind) {
      case ParseResult::Kind::Ok:
        SB_REQUIRE(r.message.has_value());
        checkAccepted(*r.message);
        break;
      case ParseResult::Kind::BadRequest:
        SB_REQUIRE(r.message.has_value() && r.message->isRequest() && !r.error.empty());
        touch(sb::sip::makeResponse(*r.message, 400, r.error));
        break;
      case ParseResult::Kind::Drop:
        SB_REQUIRE(!r.error.empty());
        break;
    }
  }
  if (const auto length = sb::sip::frameLength(input); length && *length > 0) {
    SB_REQUIRE(*length <= size);
    (void)sb::sip::parse(input.substr(0, *length), true);
  }
  return 0;
}
