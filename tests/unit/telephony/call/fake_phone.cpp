// SPDX-License-Identifier: MIT
#include "fake_phone.h"

#include <algorithm>
#include <stdexcept>

#include "sip/message/response_builder.h"

namespace sb::call::testing {

namespace {

bool answers(const sip::Message& response, const sip::Message& request) {
  return response.isResponse() && response.callId() == request.callId() &&
         response.cseq().number == request.cseq().number && response.cseq().method == request.cseq().method;
}

std::string ipOf(const net::SocketAddress& address) { return address.ip.to_string(); }

}  // namespace

FakePhone::FakePhone(PhoneNetwork& network, std::string number, net::SocketAddress address,
                     net::SocketAddress pbx, std::uint16_t rtpPort)
    : network_(network), number_(std::move(number)), address_(address), pbx_(pbx), rtpPort_(rtpPort) {}

net::Flow FakePhone::flow() const {
  if (tcp_) return net::Flow{net::TransportKind::Tcp, address_, pbx_, 1000u + address_.port};
  return net::Flow{net::TransportKind::Udp, address_, pbx_};
}

std::string FakePhone::contactUri() const {
  return "sip:" + number_ + "@" + ipOf(address_) + ":" + std::to_string(address_.port);
}

net::SocketAddress FakePhone::rtp() const {
  return *net::SocketAddress::parse(ipOf(address_) + ":" + std::to_string(rtpPort_));
}

std::string FakePhone::sdp(std::string_view direction, std::string_view codecs) {
  const std::string ip = ipOf(address_);
  std::string out = "v=0\r\no=phone" + number_ + " 4711 " + std::to_string(sdpVersion_++) + " IN IP4 " + ip +
                    "\r\ns=-\r\nc=IN IP4 " + ip + "\r\nt=0 0\r\nm=audio " + std::to_string(rtpPort_) + " RTP/AVP " +
                    std::string(codecs) + "\r\n";
  std::string_view rest = codecs;
  while (!rest.empty()) {
    const auto space = rest.find(' ');
    const auto pt = rest.substr(0, space);
    rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
    if (pt == "0") out += "a=rtpmap:0 PCMU/8000\r\n";
    if (pt == "8") out += "a=rtpmap:8 PCMA/8000\r\n";
    if (pt == "3") out += "a=rtpmap:3 GSM/8000\r\n";
    if (pt == "9") out += "a=rtpmap:9 G722/8000\r\n";
    if (pt == "101") out += "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n";
  }
  if (!direction.empty()) out += "a=" + std::string(direction) + "\r\n";
  return out;
}

std::vector<Sent> FakePhone::received() const {
  std::vector<Sent> out;
  for (const auto& s : network_.sent()) {
    if (s.to.remote == address_) out.push_back(s);
  }
  return out;
}

std::vector<sip::Message> FakePhone::requests(sip::Method method) const {
  std::vector<sip::Message> out;
  for (const auto& s : network_.sent()) {
    if (s.to.remote == address_ && s.msg.isRequest() && s.msg.method() == method &&
        s.path != Sent::Path::Retransmission) {
      out.push_back(s.msg);
    }
  }
  return out;
}

sip::Message FakePhone::last(sip::Method method) const {
  auto all = requests(method);
  if (all.empty()) {
    throw std::runtime_error("phone " + number_ + " at " + address_.toString() + " received no " +
                             std::string(sip::methodName(method)));
  }
  return all.back();
}

SteadyTime FakePhone::firstAt(sip::Method method) const {
  for (const auto& s : network_.sent()) {
    if (s.to.remote == address_ && s.msg.isRequest() && s.msg.method() == method) return s.at;
  }
  throw std::runtime_error("phone " + number_ + " received no " + std::string(sip::methodName(method)));
}

std::vector<sip::Message> FakePhone::responsesTo(const sip::Message& request) const {
  std::vector<sip::Message> out;
  for (const auto& s : network_.sent()) {
    if (s.to.remote == address_ && answers(s.msg, request) && s.path != Sent::Path::Retransmission) {
      out.push_back(s.msg);
    }
  }
  return out;
}

std::vector<int> FakePhone::statusesTo(const sip::Message& request) const {
  std::vector<int> out;
  for (const auto& r : responsesTo(request)) out.push_back(r.statusCode());
  return out;
}

sip::Message FakePhone::finalTo(const sip::Message& request) const {
  for (const auto& r : responsesTo(request)) {
    if (r.statusCode() >= 200) return r;
  }
  throw std::runtime_error("phone " + number_ + " got no final response to its " + request.methodName() +
                           " (CSeq " + std::to_string(request.cseq().number) + ")");
}

std::vector<Sent> FakePhone::sendsOf(const sip::Message& request, int status) const {
  std::vector<Sent> out;
  for (const auto& s : network_.sent()) {
    if (s.to.remote == address_ && answers(s.msg, request) && s.msg.statusCode() == status) out.push_back(s);
  }
  return out;
}

const std::string& FakePhone::tagFor(const std::string& callId) {
  auto& tag = tags_[callId];
  if (tag.empty()) tag = "tag-" + number_ + "-" + std::to_string(address_.port) + "-" + std::to_string(++counter_);
  return tag;
}

sip::Via FakePhone::newVia() {
  sip::Via via;
  via.transport = tcp_ ? "TCP" : "UDP";
  via.host = ipOf(address_);
  via.port = address_.port;
  via.params.set("branch", "z9hG4bK-" + number_ + "-" + ipOf(address_) + "-" + std::to_string(++counter_));
  return via;
}

sip::Contact FakePhone::contact() const {
  sip::Contact c;
  c.address.uri = *sip::Uri::parse(contactUri() + (tcp_ ? ";transport=tcp" : ""));
  return c;
}

void FakePhone::put(const sip::Message& message) { network_.fromPhone(message, flow()); }

void FakePhone::respond(const sip::Message& request, int status, const std::string& body,
                        const ExtraHeaders& headers) {
  const bool invite = request.method() == sip::Method::Invite;
  const bool initial = invite && !request.to().tag();
  auto response = sip::makeResponse(request, status, sip::reasonPhrase(status),
                                    initial && status > 100 ? tagFor(request.callId()) : std::string{});
  if (invite && status > 100 && status < 300) response.setContacts({contact()});
  for (const auto& [name, value] : headers) response.addHeader(name, value);
  if (!body.empty()) response.setBody(body, "application/sdp");
  if (initial && status >= 200 && status < 300 && !dialogs_.count(request.callId())) {
    // RFC 3261 §12.1.1: the UAS side of the dialog.
    PhoneDialog d;
    d.callId = request.callId();
    d.local = response.to();
    d.remote = request.from();
    if (!request.contacts().empty()) d.remoteTarget = request.contacts().front().address.uri;
    d.cseq = 1000;
    dialogs_[d.callId] = d;
  }
  put(response);
}

sip::Message FakePhone::call(const std::string& dialled, const std::string& body, const ExtraHeaders& headers,
                             std::string_view contentType) {
  auto invite = sip::Message::request(sip::Method::Invite, "INVITE", *sip::Uri::parse("sip:" + dialled + "@" +
                                                                                      ipOf(pbx_)));
  invite.setVias({newVia()});
  sip::NameAddr from;
  from.uri = *sip::Uri::parse("sip:" + number_ + "@pbx.example");
  from.params.set("tag", "from-" + number_ + "-" + std::to_string(++counter_));
  invite.setFrom(from);
  sip::NameAddr to;
  to.uri = *sip::Uri::parse("sip:" + dialled + "@pbx.example");
  invite.setTo(to);
  invite.setCallId("call-" + number_ + "-" + std::to_string(++counter_) + "@" + ipOf(address_));
  invite.setCSeq(sip::CSeq{1, "INVITE"});
  invite.setContacts({contact()});
  invite.setMaxForwards(70);
  for (const auto& [name, value] : headers) invite.addHeader(name, value);
  if (!body.empty()) invite.setBody(body, contentType);
  put(invite);
  return invite;
}

void FakePhone::ack(const sip::Message& invite) {
  std::optional<sip::Message> ok;
  for (const auto& r : responsesTo(invite)) {
    if (r.statusCode() >= 200 && r.statusCode() < 300) ok = r;
  }
  if (!ok) throw std::runtime_error("phone " + number_ + " has no 2xx to ACK for " + invite.callId());
  if (!dialogs_.count(invite.callId())) {
    // RFC 3261 §12.1.2: the UAC side of the dialog, from our INVITE and its 2xx.
    PhoneDialog d;
    d.callId = invite.callId();
    d.local = invite.from();
    d.remote = ok->to();
    if (!ok->contacts().empty()) d.remoteTarget = ok->contacts().front().address.uri;
    d.cseq = invite.cseq().number;
    dialogs_[d.callId] = d;
  }
  auto& d = dialogs_.at(invite.callId());
  if (!ok->contacts().empty()) d.remoteTarget = ok->contacts().front().address.uri;
  // §13.2.2.4: the ACK of a 2xx is a new transaction-less request with the INVITE's CSeq number.
  auto ack = sip::Message::request(sip::Method::Ack, "ACK", d.remoteTarget);
  ack.setVias({newVia()});
  ack.setFrom(d.local);
  ack.setTo(d.remote);
  ack.setCallId(d.callId);
  ack.setCSeq(sip::CSeq{invite.cseq().number, "ACK"});
  ack.setMaxForwards(70);
  put(ack);
}

sip::Message FakePhone::cancel(const sip::Message& invite) {
  auto cancel = sip::Message::request(sip::Method::Cancel, "CANCEL", invite.requestUri());
  cancel.setVias({invite.vias().front()});
  cancel.setFrom(invite.from());
  cancel.setTo(invite.to());
  cancel.setCallId(invite.callId());
  cancel.setCSeq(sip::CSeq{invite.cseq().number, "CANCEL"});
  cancel.setMaxForwards(70);
  put(cancel);
  return cancel;
}

const PhoneDialog& FakePhone::dialog(const std::string& callId) const {
  auto it = dialogs_.find(callId);
  if (it == dialogs_.end()) throw std::runtime_error("phone " + number_ + " has no dialog " + callId);
  return it->second;
}

sip::Message FakePhone::send(const std::string& callId, sip::Method method, const std::string& body,
                             const ExtraHeaders& headers, std::string_view contentType) {
  auto it = dialogs_.find(callId);
  if (it == dialogs_.end()) throw std::runtime_error("phone " + number_ + " has no dialog " + callId);
  auto& d = it->second;
  const std::string name(sip::methodName(method));
  auto request = sip::Message::request(method, name, d.remoteTarget);
  request.setVias({newVia()});
  request.setFrom(d.local);
  request.setTo(d.remote);
  request.setCallId(d.callId);
  request.setCSeq(sip::CSeq{++d.cseq, name});
  request.setMaxForwards(70);
  const bool ownContact =
      std::any_of(headers.begin(), headers.end(), [](const auto& h) { return h.first == "Contact"; });
  if ((method == sip::Method::Invite || method == sip::Method::Refer) && !ownContact) {
    request.setContacts({contact()});
  }
  for (const auto& [header, value] : headers) request.addHeader(header, value);
  if (!body.empty()) request.setBody(body, contentType);
  put(request);
  return request;
}

sip::Message FakePhone::refer(const std::string& callId, const std::string& referTo) {
  return send(callId, sip::Method::Refer, {},
              {{"Refer-To", referTo}, {"Referred-By", "<sip:" + number_ + "@pbx.example>"}});
}

}  // namespace sb::call::testing
