// SPDX-License-Identifier: MIT
#include "telephony/registrar/binding_request.h"

#include "base/random.h"

namespace sb::registrar {

sip::Message requestToBinding(sip::Method method, std::string_view methodName, const Binding& binding,
                              const std::string& domain, const std::string& userAgent, net::RouteSource& routes) {
  auto target = sip::Uri::parse(binding.contactUri);
  auto request = sip::Message::request(method, std::string(methodName),
                                       target ? *target : sip::Uri::parse("sip:" + binding.aor + "@" + domain).value());
  sip::Via via;
  via.transport = std::string(net::transportName(binding.flow.transport));
  auto local = binding.flow.local;
  if (local.ip.is_unspecified()) local.ip = routes.sourceFor(binding.flow.remote.ip);
  via.host = local.ip.is_v6() ? "[" + local.ip.to_string() + "]" : net::ipText(local.ip);
  via.port = local.port;
  via.params.set("branch", "z9hG4bK" + random::token(20));
  via.params.set("rport", std::nullopt);
  request.setVias({via});
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
