// SPDX-License-Identifier: MIT
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/timer_queue.h"
#include "net/route_source.h"
#include "net/socket_address.h"
#include "sip/auth/digest_responder.h"
#include "sip/dialog/registration_status.h"
#include "sip/dialog/registration_timing.h"
#include "sip/message/message.h"
#include "sip/transaction/transaction_layer.h"

namespace sb::sip {

struct ClientRegistrationSettings {
  Uri registrar;             // Request-URI: the registrar's domain (RFC 3261 §10.2: no user part)
  Uri aor;                   // To and From: the address-of-record kept registered
  std::string authUsername;  // digest username; empty = the AOR's user
  std::string password;
  net::Flow flow;            // the registrar's address, and the socket we send from
  std::uint32_t expires = 3600;  // asked for; the registrar decides (RFC 3261 §10.2.1.1)
  std::string userAgent;     // User-Agent header; empty = none
  RetryPolicy retry;
};

// Keeps one address-of-record registered with a registrar, as a UA does (RFC 3261 §10.2): sends
// REGISTER with our Contact, answers 401/407 challenges with digest credentials (RFC 3261 §22),
// refreshes before the granted time runs out, retries with Min-Expires after 423, backs off after
// failures, and unregisters on stop(). Call-ID and From tag stay for the life of the object and
// CSeq grows by one per request (§10.2.4). Requests go through the TransactionLayer, which owns
// retransmission and timeout (its TimerSettings); our own timers are the refresh and the retry.
// Single-threaded, on the signalling thread like the layer.
class ClientRegistration {
 public:
  using StatusCallback = std::function<void(const RegistrationStatus&)>;

  // A stale nonce is retried at most this often in one attempt, so a server that calls every
  // nonce stale cannot keep us looping; nor a 423 that keeps raising Min-Expires.
  static constexpr int kMaxStaleRetries = 3;
  static constexpr int kMaxIntervalRetries = 3;
  // Retry-After (RFC 3261 §20.33) is honoured up to this long.
  static constexpr std::chrono::seconds kMaxRetryAfter{3600};

  ClientRegistration(TransactionLayer& transactions, Timers& timers, net::RouteSource& routes,
                     ClientRegistrationSettings settings);
  ~ClientRegistration();
  ClientRegistration(const ClientRegistration&) = delete;
  ClientRegistration& operator=(const ClientRegistration&) = delete;

  // Called after every status change (state, times, last answer).
  void setStatusCallback(StatusCallback callback) { onStatus_ = std::move(callback); }

  // Registers now and keeps the binding until stop(). Does nothing while already running.
  void start();
  // Stops refreshing and retrying, and removes our binding with Expires: 0 if one may exist
  // (state Unregistering until the registrar answers or the request times out). The object may
  // be destroyed at any time; an unregistration in progress is then abandoned.
  void stop();

  const RegistrationStatus& status() const { return status_; }
  // Our Contact, fixed when start() first runs.
  const Uri& contact() const { return contact_; }
  const std::string& callId() const { return callId_; }

 private:
  // What one attempt (a REGISTER and its retries after challenges and 423) has used up.
  struct Attempt {
    bool answeredRegistrar = false;  // a fresh 401 challenge was answered
    bool answeredProxy = false;      // a fresh 407 challenge was answered
    int staleRetries = 0;
    int intervalRetries = 0;
  };

  void beginAttempt();
  void send();
  Message buildRegister();
  void onEvent(std::uint64_t sequence, const ClientEvent& event);
  void onFinalResponse(const Message& response);
  void onRegistered(const Message& ok);
  void onChallenge(const Message& response);
  void onIntervalTooBrief(const Message& response);
  void fail(int status, std::string reason, std::optional<std::chrono::seconds> retryAfter = {});
  void finishUnregistering(int status, std::string reason);
  std::chrono::seconds grantedTime(const Message& ok) const;
  bool isOurContact(const Uri& uri) const;
  void schedule(Millis after, void (ClientRegistration::*action)());
  void cancelTimer();
  void publish();
  SystemTime wallClockIn(Millis after) const;

  TransactionLayer& transactions_;
  Timers& timers_;
  net::RouteSource& routes_;
  ClientRegistrationSettings settings_;
  auth::DigestResponder registrarAuth_;
  auth::DigestResponder proxyAuth_;
  StatusCallback onStatus_;
  RegistrationStatus status_;

  Uri contact_;
  std::string callId_;
  std::string fromTag_;
  std::uint32_t cseq_ = 0;
  std::uint32_t expires_;   // asked for; raised by 423's Min-Expires
  bool running_ = false;    // between start() and stop()
  bool unregistering_ = false;
  bool mayBeBound_ = false;  // a 200 granted a binding that no unregistration has removed since
  Attempt attempt_;
  std::uint32_t failures_ = 0;  // in a row, for the back-off
  std::uint64_t sequence_ = 0;  // of the request in flight: events of older ones are ignored
  TimerId timer_{};             // refresh or retry
  // Transaction callbacks can outlive this object (the layer has no way to withdraw them); they
  // hold a weak reference to this token and do nothing once it is gone.
  std::shared_ptr<char> alive_ = std::make_shared<char>();
};

}  // namespace sb::sip
