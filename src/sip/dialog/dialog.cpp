// SPDX-License-Identifier: MIT
#include "sip/dialog/dialog.h"

#include <algorithm>

namespace sb::sip {

namespace {

std::vector<NameAddr> recordRoutes(const Message& message) {
  std::vector<NameAddr> routes;
  for (auto value : message.valuesOf("Record-Route")) {
    if (auto route = NameAddr::parse(value)) routes.push_back(std::move(*route));
  }
  return routes;
}

std::optional<Uri> firstContact(const Message& message) {
  if (message.contacts().empty() || message.contacts().front().wildcard) return std::nullopt;
  return message.contacts().front().address.uri;
}

}  // namespace

Dialog Dialog::asUas(const Message& request, std::string localTag, const net::Flow& flow) {
  Dialog d;
  d.id_ = DialogId{request.callId(), std::move(localTag), std::string(request.from().tag().value_or(""))};
  d.remote_ = request.from();
  d.local_ = request.to();
  d.local_.params.set("tag", d.id_.localTag);
  // §12.1.1: the route set is the Record-Route list in order; the remote target the Contact.
  d.routeSet_ = recordRoutes(request);
  d.remoteTarget_ = firstContact(request).value_or(request.from().uri);
  d.remoteSeq_ = request.cseq().number;
  d.flow_ = flow;
  return d;
}

Dialog Dialog::asUac(const Message& request, const Message& response, const net::Flow& flow) {
  Dialog d;
  d.id_ = DialogId{request.callId(), std::string(request.from().tag().value_or("")),
                   std::string(response.to().tag().value_or(""))};
  d.local_ = request.from();
  d.remote_ = response.to();
  // §12.1.2: the route set is the response's Record-Route list in reverse order.
  d.routeSet_ = recordRoutes(response);
  std::reverse(d.routeSet_.begin(), d.routeSet_.end());
  d.remoteTarget_ = firstContact(response).value_or(request.requestUri());
  d.localSeq_ = request.cseq().number;
  d.flow_ = flow;
  return d;
}

Message Dialog::makeRequest(Method method, std::optional<std::uint32_t> cseq) {
  const std::string name(methodName(method));
  std::uint32_t number;
  if (cseq) {
    number = *cseq;
  } else {
    number = ++localSeq_;
  }
  // §12.2.1.1: with a loose first route (;lr) the Request-URI is the remote target and the route
  // set goes into Route as is; with a strict one the first route becomes the Request-URI and the
  // remote target goes last (RFC 2543 routing).
  const bool strict = !routeSet_.empty() && !routeSet_.front().uri.params.has("lr");
  Message request = Message::request(method, name, strict ? routeSet_.front().uri : remoteTarget_);
  const auto firstRoute = strict ? routeSet_.begin() + 1 : routeSet_.begin();
  for (auto it = firstRoute; it != routeSet_.end(); ++it) request.addHeader("Route", it->toString());
  if (strict) {
    NameAddr target;
    target.uri = remoteTarget_;
    request.addHeader("Route", target.toString());
  }
  request.setFrom(local_);
  request.setTo(remote_);
  request.setCallId(id_.callId);
  request.setCSeq(CSeq{number, name});
  request.setMaxForwards(70);
  return request;
}

bool Dialog::acceptRemoteCSeq(const Message& request) {
  if (request.method() == Method::Ack || request.method() == Method::Cancel) return true;
  const auto number = request.cseq().number;
  if (remoteSeq_ && number <= *remoteSeq_) return false;
  remoteSeq_ = number;
  return true;
}

void Dialog::refreshRemoteTarget(const Message& message) {
  if (auto target = firstContact(message)) remoteTarget_ = std::move(*target);
}

}  // namespace sb::sip
