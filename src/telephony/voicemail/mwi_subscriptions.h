// SPDX-License-Identifier: MIT
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "base/timer_queue.h"
#include "net/route_source.h"
#include "net/socket_address.h"
#include "sip/dialog/server_subscription.h"
#include "sip/transaction/server_transaction.h"
#include "sip/transaction/transaction_layer.h"
#include "storage/voicemail_repository.h"

namespace sb::voicemail {

// The notifier side of RFC 3842 message-summary subscriptions (RFC 6665), for phones that ask
// (baresip, Linphone, most desk phones but the Cisco 79x0): SUBSCRIBE creates a dialog, answered
// 200 with the granted Expires, then a NOTIFY with the mailbox's summary at once and at every
// change; a refresh in the dialog resets the expiry; Expires: 0 (or expiry) ends it with a
// terminated NOTIFY. Each subscription is a sip::ServerSubscription (the dialog usage); this
// class adds the package: the body, the mailbox, the grant. Authentication and who may watch
// which mailbox are the caller's business.
class MwiSubscriptions {
 public:
  using CountsOf = std::function<storage::VoicemailCounts(const std::string& mailbox)>;
  static constexpr std::uint32_t kMinExpires = 60;
  static constexpr std::uint32_t kMaxExpires = 3600;
  static constexpr std::uint32_t kDefaultExpires = 3600;  // RFC 3842 §7: one hour

  MwiSubscriptions(sip::TransactionLayer& transactions, Timers& timers, CountsOf counts, std::string domain,
                   std::string userAgent);
  ~MwiSubscriptions();
  MwiSubscriptions(const MwiSubscriptions&) = delete;
  MwiSubscriptions& operator=(const MwiSubscriptions&) = delete;

  // Whether a request's Event header names message-summary (RFC 6665 §8.2.1: the token, any params).
  static bool isMessageSummary(const sip::Message& request);
  // A SUBSCRIBE outside any dialog for `mailbox`, from someone allowed to watch it.
  void subscribe(sip::ServerTransaction& tx, const std::string& mailbox);
  // A SUBSCRIBE within one of our subscriptions' dialogs (true), answered; false otherwise.
  bool onInDialog(sip::ServerTransaction& tx);
  // The mailbox changed: NOTIFY its subscribers.
  void changed(const std::string& mailbox);
  // Whether a subscriber of `mailbox` talks to us from `remote` (it needs no unsolicited NOTIFY).
  bool watchedFrom(const std::string& mailbox, const net::SocketAddress& remote) const;
  std::size_t size() const { return subscriptions_.size(); }

 private:
  struct Subscription {
    std::string mailbox;
    std::unique_ptr<sip::ServerSubscription> usage;
  };
  static std::string key(std::string_view callId, std::string_view localTag);
  std::uint32_t grant(const sip::Message& request) const;
  sip::ServerSubscription::Body summaryOf(const std::string& mailbox) const;

  sip::TransactionLayer& transactions_;
  Timers& timers_;
  CountsOf counts_;
  std::string domain_;
  std::string userAgent_;
  net::RouteSource routes_;
  std::unordered_map<std::string, Subscription> subscriptions_;  // by Call-ID and our tag
};

}  // namespace sb::voicemail
