// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/socket_address.h"
#include "sip/message/message.h"
#include "wire_log.h"

namespace sb::call::testing {

using ExtraHeaders = std::vector<std::pair<std::string, std::string>>;

// A dialog as the phone keeps it (RFC 3261 §12): enough to send requests in it.
struct PhoneDialog {
  std::string callId;
  sip::NameAddr local;   // with the phone's tag
  sip::NameAddr remote;  // with Switchboard's tag
  sip::Uri remoteTarget;
  std::uint32_t cseq = 0;
};

// A SIP phone on the bench, talking to Switchboard the way a real one would: as a registered
// contact it rings, answers, refuses and hangs up; as a caller it sends INVITE with an SDP offer,
// ACKs the 200, CANCELs, and sends BYE, re-INVITE, REFER, OPTIONS... in its dialogs. Everything
// it knows of Switchboard comes from the messages Switchboard sent to its address.
class FakePhone {
 public:
  FakePhone(PhoneNetwork& network, std::string number, net::SocketAddress address, net::SocketAddress pbx,
            std::uint16_t rtpPort);

  const std::string& number() const { return number_; }
  // From now on the phone talks over a TCP connection (RFC 3261 §18: a reliable transport).
  void useTcp() { tcp_ = true; }
  const net::SocketAddress& address() const { return address_; }
  // The flow as Switchboard sees it (remote: this phone).
  net::Flow flow() const;
  std::string contactUri() const;
  // Where this phone's SDP says it receives RTP.
  net::SocketAddress rtp() const;
  // An SDP description of this phone (PCMU, PCMA, telephone-event), its version one higher each
  // time (RFC 3264 §8). `direction` is the a= attribute; `codecs` the m= formats with rtpmaps.
  std::string sdp(std::string_view direction = "sendrecv", std::string_view codecs = "0 8 101");

  // What Switchboard sent to this phone, retransmissions included, in order.
  std::vector<Sent> received() const;
  // Requests of `method` sent to this phone, first sends only.
  std::vector<sip::Message> requests(sip::Method method) const;
  // The latest of them; throws when there is none (the test fails with that message).
  sip::Message last(sip::Method method) const;
  bool got(sip::Method method) const { return !requests(method).empty(); }
  // When the first request of `method` reached this phone; throws when none did.
  SteadyTime firstAt(sip::Method method) const;
  // Responses to `request` (same Call-ID, CSeq number and method), first sends only.
  std::vector<sip::Message> responsesTo(const sip::Message& request) const;
  std::vector<int> statusesTo(const sip::Message& request) const;
  // The final response to `request`; throws when there is none.
  sip::Message finalTo(const sip::Message& request) const;
  // Every send of a response of `status` to `request`, retransmissions included.
  std::vector<Sent> sendsOf(const sip::Message& request, int status) const;

  // As the called phone: answers a request Switchboard sent. A response above 100 to an INVITE
  // gets this phone's To tag (the same for one Call-ID) and Contact; a 2xx opens the dialog.
  void respond(const sip::Message& request, int status, const std::string& body = {},
               const ExtraHeaders& headers = {});
  void ring(const sip::Message& invite) { respond(invite, 180); }
  void answer(const sip::Message& invite) { respond(invite, 200, sdp()); }

  // As the calling phone: an INVITE to `dialled` with `body` as SDP offer ("" sends none).
  sip::Message call(const std::string& dialled, const std::string& body, const ExtraHeaders& headers = {},
                    std::string_view contentType = "application/sdp");
  sip::Message call(const std::string& dialled) { return call(dialled, sdp()); }
  // ACKs the 2xx Switchboard sent to `invite` (an initial INVITE opens the phone's dialog).
  void ack(const sip::Message& invite);
  // RFC 3261 §9.1: CANCEL with the INVITE's Request-URI, top Via, From, To and CSeq number.
  sip::Message cancel(const sip::Message& invite);

  // Requests in the phone's dialog with Call-ID `callId`.
  sip::Message send(const std::string& callId, sip::Method method, const std::string& body = {},
                    const ExtraHeaders& headers = {}, std::string_view contentType = "application/sdp");
  sip::Message bye(const std::string& callId) { return send(callId, sip::Method::Bye); }
  sip::Message reInvite(const std::string& callId, const std::string& body, const ExtraHeaders& headers = {}) {
    return send(callId, sip::Method::Invite, body, headers);
  }
  sip::Message refer(const std::string& callId, const std::string& referTo);
  const PhoneDialog& dialog(const std::string& callId) const;
  bool hasDialog(const std::string& callId) const { return dialogs_.count(callId) != 0; }
  // The tag this phone put in its responses for `callId` (its side of that dialog).
  const std::string& tagFor(const std::string& callId);

 private:
  sip::Via newVia();
  sip::Contact contact() const;
  void put(const sip::Message& message);

  PhoneNetwork& network_;
  std::string number_;
  net::SocketAddress address_;
  net::SocketAddress pbx_;
  std::uint16_t rtpPort_;
  std::uint64_t sdpVersion_ = 1;
  bool tcp_ = false;
  std::uint64_t counter_ = 0;
  std::map<std::string, std::string> tags_;  // Call-ID -> our To tag (we are the UAS)
  std::map<std::string, PhoneDialog> dialogs_;
};

}  // namespace sb::call::testing
