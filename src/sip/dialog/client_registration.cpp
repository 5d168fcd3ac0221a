// SPDX-License-Identifier: MIT
#include "sip/dialog/client_registration.h"

#include <algorithm>
#include <vector>

#include "base/random.h"
#include "base/text.h"
#include "sip/auth/digest_challenge.h"
#include "sip/dialog/outgoing_via.h"
#include "sip/message/response_builder.h"

namespace sb::sip {
namespace {

constexpr std::string_view kRegister = "REGISTER";

std::uint16_t defaultPort(const Uri& uri) { return uri.scheme == "sips" ? 5061 : 5060; }

double unitRandom() {
  return static_cast<double>(random::u64() >> 11) * 0x1.0p-53;  // 53 random bits in [0, 1)
}

// A reason phrase or our own words, made safe for a status line in `ctl trunks`.
std::string reasonOf(const Message& response) {
  if (response.reason().empty()) return std::string(reasonPhrase(response.statusCode()));
  return text::sanitizeForLog(response.reason(), 64);
}

}  // namespace

ClientRegistration::ClientRegistration(TransactionLayer& transactions, Timers& timers,
                                       net::RouteSource& routes,
                                       ClientRegistrationSettings settings)
    : transactions_(transactions),
      timers_(timers),
      routes_(routes),
      settings_(std::move(settings)),
      registrarAuth_(settings_.authUsername.empty() ? settings_.aor.userUnescaped()
                                                    : settings_.authUsername,
                     settings_.password),
      proxyAuth_(settings_.authUsername.empty() ? settings_.aor.userUnescaped()
                                                : settings_.authUsername,
                 settings_.password),
      callId_(random::token(24)),
      fromTag_(random::token(12)),
      expires_(settings_.expires) {}

ClientRegistration::~ClientRegistration() { cancelTimer(); }

void ClientRegistration::start() {
  if (running_) return;
  running_ = true;
  unregistering_ = false;
  failures_ = 0;
  if (contact_.host.empty())
    contact_ = outgoingContact(settings_.flow, settings_.aor.user, routes_);
  beginAttempt();
}

void ClientRegistration::stop() {
  if (!running_) return;
  running_ = false;
  cancelTimer();
  status_.expiresAt.reset();
  status_.nextAttemptAt.reset();
  // A REGISTER in flight may yet create a binding; one granted earlier may still hold.
  const bool mayBeBound = mayBeBound_ || status_.state == RegistrationState::Registering;
  if (!mayBeBound) {
    ++sequence_;  // whatever is still in flight no longer matters
    status_.state = RegistrationState::Unregistered;
    publish();
    return;
  }
  unregistering_ = true;
  attempt_ = {};
  status_.state = RegistrationState::Unregistering;
  publish();
  send();
}

void ClientRegistration::beginAttempt() {
  attempt_ = {};
  // A refresh keeps Registered: the binding holds until it expires.
  if (status_.state != RegistrationState::Registered) {
    status_.state = RegistrationState::Registering;
    status_.nextAttemptAt.reset();
    publish();
  }
  send();
}

void ClientRegistration::send() {
  Message request = buildRegister();
  const std::uint64_t sequence = ++sequence_;
  std::weak_ptr<char> alive = alive_;
  transactions_.sendRequest(std::move(request), settings_.flow,
                            [this, alive, sequence](const ClientEvent& event) {
                              if (alive.expired()) return;
                              onEvent(sequence, event);
                            });
}

Message ClientRegistration::buildRegister() {
  // RFC 3261 §10.2: Request-URI the registrar's domain, To and From the AOR.
  Message request = Message::request(Method::Register, kRegister, settings_.registrar);
  request.setVias({outgoingVia(settings_.flow, routes_)});
  NameAddr from;
  from.uri = settings_.aor;
  from.params.set("tag", fromTag_);
  request.setFrom(std::move(from));
  NameAddr to;
  to.uri = settings_.aor;
  request.setTo(std::move(to));
  // §10.2.4: the same Call-ID for every REGISTER to this registrar, CSeq one higher each time
  // (also for a retry with credentials, §22.2).
  request.setCallId(callId_);
  request.setCSeq(CSeq{++cseq_, std::string(kRegister)});
  request.setMaxForwards(70);
  Contact contact;
  contact.address.uri = contact_;
  request.setContacts({std::move(contact)});
  // §10.2.2: Expires 0 with our Contact removes our binding only (not "*", which would remove
  // every other device's too).
  request.setExpires(unregistering_ ? 0 : expires_);
  if (!settings_.userAgent.empty()) request.addHeader("User-Agent", settings_.userAgent);
  // §22.3: credentials once challenged go on every later request, answering the same nonce
  // with the next nc; the registrar challenges again when it wants a new nonce.
  const std::string uri = settings_.registrar.toString();
  if (auto value = registrarAuth_.authorization(kRegister, uri))
    request.addHeader("Authorization", *value);
  if (auto value = proxyAuth_.authorization(kRegister, uri))
    request.addHeader("Proxy-Authorization", *value);
  return request;
}

void ClientRegistration::onEvent(std::uint64_t sequence, const ClientEvent& event) {
  if (sequence != sequence_) return;  // an answer to a request we gave up on
  switch (event.kind) {
    case ClientEvent::Kind::Response:
      if (event.isFinalResponse()) onFinalResponse(*event.response);
      return;
    case ClientEvent::Kind::Timeout:  // §8.1.3.1: as if 408 had come
      if (unregistering_) return finishUnregistering(408, "no answer");
      return fail(408, "no answer");
    case ClientEvent::Kind::TransportError:  // §8.1.3.1: as if 503 had come
      if (unregistering_) return finishUnregistering(503, "transport error");
      return fail(503, "transport error");
  }
}

void ClientRegistration::onFinalResponse(const Message& response) {
  const int code = response.statusCode();
  if (code < 300) {
    if (unregistering_) return finishUnregistering(code, reasonOf(response));
    return onRegistered(response);
  }
  if (code == 401 || code == 407) return onChallenge(response);
  if (unregistering_) return finishUnregistering(code, reasonOf(response));
  if (code == 423) return onIntervalTooBrief(response);
  std::optional<std::chrono::seconds> retryAfter;
  if (code == 500 || code == 503) {
    if (auto value = response.header("Retry-After")) retryAfter = parseRetryAfter(*value);
  }
  fail(code, reasonOf(response), retryAfter);
}

void ClientRegistration::onRegistered(const Message& ok) {
  const std::chrono::seconds granted = grantedTime(ok);
  if (granted.count() == 0) return fail(ok.statusCode(), "no binding granted for our Contact");
  failures_ = 0;
  mayBeBound_ = true;
  const Millis refreshIn = refreshDelay(granted, transactions_.settings());
  status_.state = RegistrationState::Registered;
  status_.expiresAt = wallClockIn(granted);
  status_.nextAttemptAt = wallClockIn(refreshIn);
  status_.lastStatus = ok.statusCode();
  status_.reason = reasonOf(ok);
  schedule(refreshIn, &ClientRegistration::beginAttempt);
  publish();
}

void ClientRegistration::onChallenge(const Message& response) {
  const int code = response.statusCode();
  // RFC 3261 §22.1, §22.3: a registrar challenges with 401 and WWW-Authenticate, a proxy on the
  // way with 407 and Proxy-Authenticate; each gets its own credentials header back.
  const bool proxy = code == 407;
  const std::string_view headerName = proxy ? "Proxy-Authenticate" : "WWW-Authenticate";
  // One challenge per header line (§25.1 grammar): the raw lines, not split on commas.
  std::vector<std::string_view> values;
  for (const Header& header : response.headers())
    if (text::iequals(header.name, headerName)) values.push_back(header.value);
  auto challenge = auth::strongestChallenge(values);
  auth::DigestResponder& responder = proxy ? proxyAuth_ : registrarAuth_;
  bool& answered = proxy ? attempt_.answeredProxy : attempt_.answeredRegistrar;

  std::string refusal;
  if (!challenge) {
    refusal = "no digest challenge we can answer";
  } else if (challenge->stale) {
    // RFC 7616 §3.3: the credentials were right, only the nonce was not: retry with the new one.
    if (++attempt_.staleRetries > kMaxStaleRetries) refusal = "every nonce stale";
  } else if (answered) {
    // We answered a fresh challenge in this attempt and are challenged again without stale:
    // the server did not take the username and password (RFC 3261 §22.2 says not to retry).
    refusal = "credentials refused";
    responder.forget();
  }
  if (!refusal.empty()) {
    if (unregistering_) return finishUnregistering(code, std::move(refusal));
    return fail(code, std::move(refusal));
  }
  answered = true;
  responder.adopt(std::move(*challenge));
  send();
}

void ClientRegistration::onIntervalTooBrief(const Message& response) {
  // RFC 3261 §10.2.8: ask again for at least Min-Expires, and keep asking for that.
  std::optional<std::uint32_t> minimum;
  if (auto value = response.header("Min-Expires"))
    minimum = text::parseUnsigned<std::uint32_t>(text::trim(*value));
  if (!minimum || *minimum <= expires_ || ++attempt_.intervalRetries > kMaxIntervalRetries)
    return fail(423, "Interval Too Brief without a longer Min-Expires");
  expires_ = *minimum;
  send();
}

void ClientRegistration::fail(int status, std::string reason,
                              std::optional<std::chrono::seconds> retryAfter) {
  ++failures_;
  const Millis wait = retryAfter
                          ? Millis(std::clamp<std::chrono::seconds>(*retryAfter, std::chrono::seconds(1),
                                                                    kMaxRetryAfter))
                          : retryDelay(settings_.retry, failures_, unitRandom());
  status_.state = RegistrationState::Failed;
  status_.expiresAt.reset();
  status_.nextAttemptAt = wallClockIn(wait);
  status_.lastStatus = status;
  status_.reason = std::move(reason);
  schedule(wait, &ClientRegistration::beginAttempt);
  publish();
}

void ClientRegistration::finishUnregistering(int status, std::string reason) {
  unregistering_ = false;
  mayBeBound_ = false;
  status_.state = RegistrationState::Unregistered;
  status_.lastStatus = status;
  status_.reason = std::move(reason);
  publish();
}

std::chrono::seconds ClientRegistration::grantedTime(const Message& ok) const {
  // RFC 3261 §10.2.4: the expires parameter of our Contact in the 200 is what the registrar
  // granted; failing that, the Expires header; failing both, what we asked for.
  const auto expiresOf = [](const Contact& contact) -> std::optional<std::uint32_t> {
    const auto value = contact.address.params.get("expires");
    return value ? text::parseUnsigned<std::uint32_t>(*value) : std::nullopt;
  };
  for (const Contact& contact : ok.contacts()) {
    if (contact.wildcard || !isOurContact(contact.address.uri)) continue;
    if (auto seconds = expiresOf(contact)) return std::chrono::seconds(*seconds);
  }
  if (ok.expires()) return std::chrono::seconds(*ok.expires());
  // A registrar behind a NAT-fixing proxy may show our Contact rewritten: if it is the only
  // one, it is ours.
  if (ok.contacts().size() == 1 && !ok.contacts().front().wildcard) {
    if (auto seconds = expiresOf(ok.contacts().front())) return std::chrono::seconds(*seconds);
  }
  return std::chrono::seconds(expires_);
}

bool ClientRegistration::isOurContact(const Uri& uri) const {
  return uri.user == contact_.user && text::iequals(uri.host, contact_.host) &&
         uri.port.value_or(defaultPort(uri)) == contact_.port.value_or(defaultPort(contact_));
}

void ClientRegistration::schedule(Millis after, void (ClientRegistration::*action)()) {
  cancelTimer();
  timer_ = timers_.schedule(after, [this, action] {
    timer_ = TimerId{};
    (this->*action)();
  });
}

void ClientRegistration::cancelTimer() {
  if (timer_ != TimerId{}) timers_.cancel(timer_);
  timer_ = TimerId{};
}

void ClientRegistration::publish() {
  if (onStatus_) onStatus_(status_);
}

SystemTime ClientRegistration::wallClockIn(Millis after) const {
  return timers_.clock().systemNow() + std::chrono::duration_cast<SystemTime::duration>(after);
}

}  // namespace sb::sip
