// SPDX-License-Identifier: MIT
#include "sip/message/request_sanity.h"

#include <algorithm>

#include "base/text.h"
#include "sip/message/response_builder.h"

namespace sb::sip {
namespace {

std::string allowList(std::span<const Method> allowed) {
  std::string out;
  for (Method m : allowed) {
    if (m == Method::Unknown) continue;
    if (!out.empty()) out += ", ";
    out += methodName(m);
  }
  return out;
}

}  // namespace

std::optional<Message> checkRequestSanity(const Message& request,
                                          std::span<const std::string_view> supportedExtensions,
                                          std::span<const Method> allowed) {
  // §8.2.1 and §16.3: versions are compared as text; only SIP/2.0 is spoken.
  if (!text::iequals(request.version(), "SIP/2.0")) return makeResponse(request, 505);

  // §8.2.2.1 / §8.2.1 order: the scheme before the method (RFC 4475 §3.3.2).
  if (!request.requestUri().isSip()) return makeResponse(request, 416);

  if (request.method() == Method::Unknown) {
    Message r = makeResponse(request, 501);
    r.addHeader("Allow", allowList(allowed));
    return r;
  }
  if (std::find(allowed.begin(), allowed.end(), request.method()) == allowed.end()) {
    Message r = makeResponse(request, 405);
    r.addHeader("Allow", allowList(allowed));
    return r;
  }

  if (request.cseq().method != request.methodName())
    return makeResponse(request, 400, "CSeq Method Does Not Match");

  if (request.method() != Method::Ack && request.method() != Method::Cancel) {
    std::string unsupported;
    for (std::string_view option : request.valuesOf("Require")) {
      const bool known = std::any_of(supportedExtensions.begin(), supportedExtensions.end(),
                                     [&](std::string_view s) { return text::iequals(s, option); });
      if (known) continue;
      if (!unsupported.empty()) unsupported += ", ";
      unsupported += option;
    }
    if (!unsupported.empty()) {
      Message r = makeResponse(request, 420);
      r.addHeader("Unsupported", unsupported);
      return r;
    }
  }
  return std::nullopt;
}

}  // namespace sb::sip
