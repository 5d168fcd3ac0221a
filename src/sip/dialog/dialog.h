// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "net/socket_address.h"
#include "sip/message/message.h"

namespace sb::sip {

// The three values that name a dialog (RFC 3261 §12): Call-ID and both tags, from our side.
struct DialogId {
  std::string callId;
  std::string localTag;
  std::string remoteTag;
  bool operator==(const DialogId&) const = default;
};

// One dialog as RFC 3261 §12 defines it, seen from our end: identifiers, sequence numbers, the
// remote target and the route set, plus the flow in-dialog requests take (the phone's NAT path).
// It builds requests within the dialog and checks the remote CSeq; it sends nothing itself and
// knows nothing of calls.
class Dialog {
 public:
  // §12.1.1: the UAS side, from the dialog-creating request and the tag we put in our response.
  static Dialog asUas(const Message& request, std::string localTag, const net::Flow& flow);
  // §12.1.2: the UAC side, from our request and a response carrying a To tag.
  static Dialog asUac(const Message& request, const Message& response, const net::Flow& flow);

  const DialogId& id() const { return id_; }
  const net::Flow& flow() const { return flow_; }
  const Uri& remoteTarget() const { return remoteTarget_; }
  const NameAddr& localParty() const { return local_; }
  const NameAddr& remoteParty() const { return remote_; }
  std::uint32_t localSeq() const { return localSeq_; }

  // §12.2.1.1: a request within the dialog. CSeq is the next local number, except for ACK and
  // CANCEL, which the caller gives the INVITE's number through `cseq`.
  Message makeRequest(Method method, std::optional<std::uint32_t> cseq = std::nullopt);

  // §12.2.2: a request from the remote side must carry a CSeq above the last one seen; false
  // means "answer 500". ACK and CANCEL are not checked (they repeat the INVITE's number).
  bool acceptRemoteCSeq(const Message& request);
  // §12.2: a target refresh (re-INVITE or its 2xx) may change the remote target.
  void refreshRemoteTarget(const Message& message);
  // A request on the dialog came from a new address (the phone's NAT mapping moved): follow it.
  void updateFlow(const net::Flow& flow) { flow_ = flow; }

 private:
  Dialog() = default;

  DialogId id_;
  NameAddr local_;   // our From (as UAC) / To (as UAS), with our tag
  NameAddr remote_;  // theirs, with their tag
  Uri remoteTarget_;
  std::vector<NameAddr> routeSet_;
  std::uint32_t localSeq_ = 0;
  std::optional<std::uint32_t> remoteSeq_;
  net::Flow flow_;
};

}  // namespace sb::sip
