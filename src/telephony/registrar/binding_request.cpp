// SPDX-License-Identifier: MIT
#include "telephony/registrar/binding_request.h"

#include "base/random.h"
#include "sip/dialog/outgoing_via.h"

namespace sb::registrar {

sip::Message requestToBinding(sip::Method method, std::string_view methodName, const Binding& binding,
                              const std::string& domain, const std::string& userAgent, net::RouteSource& routes) {
  auto target = sip::Uri::parse(binding.contactUri);
  auto request = sip::Message::request(method, std::string(methodName),
                                       target ? *target : sip::Uri::parse("sip:" + binding.aor + "@" + domain).value());
  request.setVias({sip::outgoingVia(binding.flow, routes)});
  sip::NameAddr from;
  from.uri = sip::Uri::parse("sip:switchboard@" + domain).value();
  from.params.set("tag", random::token(12));
  request.setFrom(from);
  sip::NameAddr to;
  to.uri = sip::Uri::parse("sip:" + binding.aor + "@" + domain).value();
  request.setTo(to);
  request.setCallId(random::token(22) + "@" + domain);
  request.setCSeq(sip::CSeq{1, std::string(methodName)});
  request.setMaxForwards(70);
  request.addHeader("User-Agent", userAgent);
  return request;
}

}  // namespace sb::registrar
