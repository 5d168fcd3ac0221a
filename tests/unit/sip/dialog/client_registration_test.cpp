// SPDX-License-Identifier: MIT
// ClientRegistration on a ManualClock with a real TransactionLayer whose SendFunction records what
// goes out; the registrar's answers are scripted here, its challenges and the check of our
// credentials come from the real server-side DigestAuthenticator.
#include "sip/dialog/client_registration.h"

#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "../transaction/transaction_test_support.h"
#include "sip/auth/credentials.h"
#include "sip/auth/digest_authenticator.h"

namespace sb::sip::test {
namespace {

constexpr std::string_view kRealm = "voip.example";
constexpr std::array<std::uint8_t, 32> kNonceKey{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3,
                                                2, 3, 8, 4, 6, 2, 6, 4, 3, 3, 8, 3, 2, 7, 9, 5};

net::Flow registrarFlow() {
  return net::Flow{net::TransportKind::Udp, address("198.51.100.7:5060"), address("192.0.2.1:5060")};
}

std::chrono::seconds secondsBetween(SystemTime from, SystemTime to) {
  return std::chrono::duration_cast<std::chrono::seconds>(to - from);
}

class ClientRegistrationTest : public TransactionLayerTest {
 protected:
  ClientRegistrationSettings settings() {
    ClientRegistrationSettings s;
    s.registrar = *Uri::parse("sip:voip.example");
    s.aor = *Uri::parse("sip:1000@voip.example");
    s.password = "s3cret";
    s.flow = registrarFlow();
    s.expires = 3600;
    s.userAgent = "Switchboard/test";
    s.retry = RetryPolicy{std::chrono::seconds(30), std::chrono::seconds(1800), 0.25};
    return s;
  }

  void create(ClientRegistrationSettings s) {
    registration = std::make_unique<ClientRegistration>(layer, timers, routes, std::move(s));
    registration->setStatusCallback([this](const RegistrationStatus& now) { statuses.push_back(now); });
  }
  void startWith(ClientRegistrationSettings s) {
    create(std::move(s));
    registration->start();
  }

  // Each REGISTER once, in the order sent (retransmissions left out).
  std::vector<const Message*> registers() const {
    std::vector<const Message*> out;
    for (const Sent& s : sent) {
      if (s.msg.method() != Method::Register) continue;
      if (!out.empty() && out.back()->cseq().number == s.msg.cseq().number) continue;
      out.push_back(&s.msg);
    }
    return out;
  }
  const Message& last() const {
    auto all = registers();
    EXPECT_FALSE(all.empty());
    return *all.back();
  }

  // Answers the latest REGISTER, through the wire form as the stack would deliver it.
  void answer(Message response) {
    auto parsed = parse(response.serialize());
    ASSERT_EQ(parsed.kind, ParseResult::Kind::Ok) << parsed.error;
    layer.onResponse(std::move(*parsed.message), registrarFlow());
  }
  Message reply(int code) const { return makeResponse(last(), code, {}, "registrar-tag"); }
  // 200 listing our Contact with `contactExpires` (none when 0) and an Expires header when given.
  Message ok(std::uint32_t contactExpires, std::optional<std::uint32_t> expiresHeader = {}) const {
    Message r = reply(200);
    Contact ours;
    ours.address.uri = last().contacts().at(0).address.uri;
    if (contactExpires > 0) ours.address.params.set("expires", std::to_string(contactExpires));
    r.setContacts({ours});
    if (expiresHeader) r.setExpires(*expiresHeader);
    return r;
  }
  Message challenge(int code, bool stale = false) {
    Message r = reply(code);
    for (const auto& value : server.challenge(kRealm, stale).headerValues)
      r.addHeader(code == 407 ? "Proxy-Authenticate" : "WWW-Authenticate", value);
    return r;
  }
  // The server's verdict on the credentials the latest REGISTER carries in `header`.
  auth::Verdict verdict(std::string_view header = "Authorization", std::string_view secret = "s3cret") {
    auto value = last().header(header);
    if (!value) return auth::Verdict::Failed;
    auto credentials = auth::parseCredentials(*value);
    EXPECT_TRUE(credentials) << *value;
    if (!credentials) return auth::Verdict::Failed;
    EXPECT_EQ(credentials->uri, "sip:voip.example");
    EXPECT_EQ(credentials->username, "1000");
    return server.verify(*credentials, "REGISTER", kRealm, secret);
  }
  std::vector<RegistrationState> states() const {
    std::vector<RegistrationState> out;
    for (const auto& s : statuses)
      if (out.empty() || out.back() != s.state) out.push_back(s.state);
    return out;
  }
  const RegistrationStatus& status() const { return registration->status(); }
  SystemTime wallNow() const { return clock.systemNow(); }

  net::RouteSource routes;
  auth::DigestAuthenticator server{kNonceKey, clock, {.nonceLifetime = std::chrono::seconds(300), .maxTrackedNonces = 64}};
  std::unique_ptr<ClientRegistration> registration;
  std::vector<RegistrationStatus> statuses;
};

using State = RegistrationState;

TEST_F(ClientRegistrationTest, sends_a_register_for_the_aor_with_our_contact) {
  startWith(settings());
  ASSERT_EQ(registers().size(), 1u);
  const Message& r = last();
  EXPECT_EQ(r.requestUri().toString(), "sip:voip.example");
  EXPECT_EQ(r.to().uri.toString(), "sip:1000@voip.example");
  EXPECT_FALSE(r.to().tag());
  EXPECT_EQ(r.from().uri.toString(), "sip:1000@voip.example");
  EXPECT_TRUE(r.from().tag());
  ASSERT_EQ(r.contacts().size(), 1u);
  EXPECT_EQ(r.contacts()[0].address.uri.toString(), "sip:1000@192.0.2.1:5060");
  EXPECT_EQ(r.expires(), 3600u);
  EXPECT_EQ(r.cseq().number, 1u);
  EXPECT_EQ(r.cseq().method, "REGISTER");
  EXPECT_EQ(r.maxForwards(), 70u);
  EXPECT_EQ(r.callId(), registration->callId());
  ASSERT_EQ(r.vias().size(), 1u);
  EXPECT_TRUE(r.vias()[0].branch().starts_with("z9hG4bK"));
  EXPECT_TRUE(r.vias()[0].params.has("rport"));
  EXPECT_EQ(r.vias()[0].host, "192.0.2.1");
  EXPECT_EQ(r.header("User-Agent"), "Switchboard/test");
  EXPECT_FALSE(r.hasHeader("Authorization"));
  EXPECT_EQ(sent.back().to.remote.toString(), "198.51.100.7:5060");
  EXPECT_EQ(status().state, State::Registering);
}

TEST_F(ClientRegistrationTest, is_registered_at_once_by_a_200) {
  startWith(settings());
  answer(ok(3600));
  EXPECT_EQ(states(), (std::vector<State>{State::Registering, State::Registered}));
  EXPECT_EQ(status().lastStatus, 200);
  EXPECT_EQ(status().reason, "OK");
  ASSERT_TRUE(status().expiresAt && status().nextAttemptAt);
  EXPECT_EQ(secondsBetween(wallNow(), *status().expiresAt), std::chrono::seconds(3600));
  // A tenth of the grant early.
  EXPECT_EQ(secondsBetween(wallNow(), *status().nextAttemptAt), std::chrono::seconds(3240));
}

TEST_F(ClientRegistrationTest, refreshes_before_expiry_with_the_same_call_id_and_the_next_cseq) {
  startWith(settings());
  // Our Contact's expires parameter is what was granted, over the Expires header.
  answer(ok(600, 3600));
  const std::string callId = last().callId();
  const std::string fromTag(last().from().tag().value_or(""));
  const std::string branch(last().vias()[0].branch());

  advance(std::chrono::seconds(539));
  EXPECT_EQ(registers().size(), 1u);
  advance(std::chrono::seconds(1));
  ASSERT_EQ(registers().size(), 2u);
  EXPECT_EQ(elapsed(sent.back().at), std::chrono::seconds(540));
  EXPECT_EQ(last().callId(), callId);
  EXPECT_EQ(last().from().tag().value_or(""), fromTag);
  EXPECT_EQ(last().cseq().number, 2u);
  EXPECT_NE(last().vias()[0].branch(), branch);  // a new transaction
  EXPECT_EQ(status().state, State::Registered);   // the binding still holds while refreshing

  // Without an expires parameter the Expires header counts: 120 s, refreshed one transaction
  // timeout (32 s) early.
  answer(ok(0, 120));
  advance(std::chrono::seconds(87));
  EXPECT_EQ(registers().size(), 2u);
  advance(std::chrono::seconds(1));
  ASSERT_EQ(registers().size(), 3u);
  EXPECT_EQ(last().cseq().number, 3u);
  EXPECT_EQ(last().callId(), callId);

  // A short grant is refreshed halfway.
  answer(ok(40));
  advance(std::chrono::seconds(19));
  EXPECT_EQ(registers().size(), 3u);
  advance(std::chrono::seconds(1));
  EXPECT_EQ(registers().size(), 4u);
  EXPECT_EQ(states(), (std::vector<State>{State::Registering, State::Registered}));
}

TEST_F(ClientRegistrationTest, answers_a_401_with_credentials_the_server_accepts) {
  startWith(settings());
  answer(challenge(401));
  ASSERT_EQ(registers().size(), 2u);
  EXPECT_EQ(last().cseq().number, 2u);
  EXPECT_EQ(last().callId(), registers()[0]->callId());
  EXPECT_FALSE(last().hasHeader("Proxy-Authorization"));
  // The strongest of the server's two challenges: SHA-256.
  EXPECT_NE(last().header("Authorization")->find("algorithm=SHA-256"), std::string_view::npos);
  EXPECT_EQ(verdict(), auth::Verdict::Ok);
  answer(ok(3600));
  EXPECT_EQ(states(), (std::vector<State>{State::Registering, State::Registered}));
}

TEST_F(ClientRegistrationTest, answers_a_407_with_proxy_authorization) {
  startWith(settings());
  answer(challenge(407));
  ASSERT_EQ(registers().size(), 2u);
  EXPECT_FALSE(last().hasHeader("Authorization"));
  EXPECT_EQ(verdict("Proxy-Authorization"), auth::Verdict::Ok);
  // Then the registrar behind the proxy challenges too: both credentials go on the next one.
  answer(challenge(401));
  ASSERT_EQ(registers().size(), 3u);
  EXPECT_EQ(verdict("Authorization"), auth::Verdict::Ok);
  EXPECT_TRUE(last().hasHeader("Proxy-Authorization"));
  answer(ok(3600));
  EXPECT_EQ(status().state, State::Registered);
}

TEST_F(ClientRegistrationTest, a_wrong_password_fails_and_backs_off) {
  auto s = settings();
  s.password = "wrong";
  startWith(s);
  answer(challenge(401));
  ASSERT_EQ(registers().size(), 2u);
  EXPECT_EQ(verdict(), auth::Verdict::Failed);
  answer(challenge(401));  // a fresh, not stale, challenge after our answer: refused
  EXPECT_EQ(registers().size(), 2u);  // not answered again
  EXPECT_EQ(status().state, State::Failed);
  EXPECT_EQ(status().lastStatus, 401);
  EXPECT_EQ(status().reason, "credentials refused");
  ASSERT_TRUE(status().nextAttemptAt);
  const auto wait = secondsBetween(wallNow(), *status().nextAttemptAt);
  EXPECT_GE(wait, std::chrono::seconds(22));  // 30 s less up to a quarter of jitter
  EXPECT_LE(wait, std::chrono::seconds(30));

  advance(std::chrono::seconds(22) - std::chrono::seconds(1));
  EXPECT_EQ(registers().size(), 2u);
  advance(std::chrono::seconds(9));
  ASSERT_EQ(registers().size(), 3u);
  EXPECT_EQ(last().cseq().number, 3u);
  EXPECT_FALSE(last().hasHeader("Authorization"));  // refused credentials are not sent again
  EXPECT_EQ(status().state, State::Registering);

  answer(challenge(401));
  answer(challenge(401));
  EXPECT_EQ(status().state, State::Failed);
  const auto second = secondsBetween(wallNow(), *status().nextAttemptAt);
  EXPECT_GE(second, std::chrono::seconds(45));  // doubled
  EXPECT_LE(second, std::chrono::seconds(60));
  EXPECT_EQ(states(), (std::vector<State>{State::Registering, State::Failed, State::Registering,
                                          State::Failed}));
}

TEST_F(ClientRegistrationTest, a_stale_nonce_is_retried_with_the_new_one) {
  startWith(settings());
  answer(challenge(401));
  EXPECT_EQ(verdict(), auth::Verdict::Ok);
  answer(challenge(401, true));  // right password, stale nonce: not a refusal
  ASSERT_EQ(registers().size(), 3u);
  EXPECT_EQ(verdict(), auth::Verdict::Ok);
  answer(ok(3600));
  EXPECT_EQ(states(), (std::vector<State>{State::Registering, State::Registered}));

  // The refresh carries credentials up front, the same nonce with the next nc (RFC 3261 §22.3);
  // by now the nonce has expired, so the server calls it stale and we answer the new one.
  advance(std::chrono::seconds(3240));
  ASSERT_EQ(registers().size(), 4u);
  auto upFront = auth::parseCredentials(*last().header("Authorization"));
  ASSERT_TRUE(upFront);
  EXPECT_EQ(upFront->nc, "00000002");
  EXPECT_EQ(verdict(), auth::Verdict::Stale);
  answer(challenge(401, true));
  ASSERT_EQ(registers().size(), 5u);
  EXPECT_EQ(auth::parseCredentials(*last().header("Authorization"))->nc, "00000001");
  EXPECT_EQ(verdict(), auth::Verdict::Ok);
  answer(ok(3600));
  EXPECT_EQ(states(), (std::vector<State>{State::Registering, State::Registered}));
}

TEST_F(ClientRegistrationTest, a_server_calling_every_nonce_stale_does_not_keep_us_looping) {
  startWith(settings());
  answer(challenge(401));
  for (int i = 0; i < ClientRegistration::kMaxStaleRetries; ++i) answer(challenge(401, true));
  EXPECT_EQ(registers().size(), 2u + ClientRegistration::kMaxStaleRetries);
  answer(challenge(401, true));
  EXPECT_EQ(registers().size(), 2u + ClientRegistration::kMaxStaleRetries);
  EXPECT_EQ(status().state, State::Failed);
}

TEST_F(ClientRegistrationTest, a_challenge_we_cannot_answer_fails) {
  startWith(settings());
  Message r = reply(401);
  r.addHeader("WWW-Authenticate", R"(Digest realm="voip.example", nonce="n", algorithm=SHA-512-256)");
  r.addHeader("WWW-Authenticate", R"(Digest realm="voip.example", algorithm=MD5)");
  answer(std::move(r));
  EXPECT_EQ(registers().size(), 1u);
  EXPECT_EQ(status().state, State::Failed);
  EXPECT_EQ(status().reason, "no digest challenge we can answer");
}

TEST_F(ClientRegistrationTest, retries_a_423_with_min_expires_and_keeps_asking_for_it) {
  auto s = settings();
  s.expires = 60;
  startWith(s);
  Message tooBrief = reply(423);
  tooBrief.addHeader("Min-Expires", "300");
  answer(std::move(tooBrief));
  ASSERT_EQ(registers().size(), 2u);
  EXPECT_EQ(last().expires(), 300u);
  EXPECT_EQ(last().cseq().number, 2u);
  answer(ok(300));
  EXPECT_EQ(status().state, State::Registered);
  advance(std::chrono::seconds(300 - 32));
  ASSERT_EQ(registers().size(), 3u);
  EXPECT_EQ(last().expires(), 300u);
}

TEST_F(ClientRegistrationTest, a_423_without_a_longer_min_expires_fails) {
  startWith(settings());
  answer(reply(423));
  EXPECT_EQ(registers().size(), 1u);
  EXPECT_EQ(status().state, State::Failed);
  EXPECT_EQ(status().lastStatus, 423);
}

TEST_F(ClientRegistrationTest, honours_retry_after_on_503) {
  startWith(settings());
  Message unavailable = reply(503);
  unavailable.addHeader("Retry-After", "120 (maintenance)");
  answer(std::move(unavailable));
  EXPECT_EQ(status().state, State::Failed);
  EXPECT_EQ(status().lastStatus, 503);
  EXPECT_EQ(secondsBetween(wallNow(), *status().nextAttemptAt), std::chrono::seconds(120));
  advance(std::chrono::seconds(119));
  EXPECT_EQ(registers().size(), 1u);
  advance(std::chrono::seconds(1));
  EXPECT_EQ(registers().size(), 2u);
  EXPECT_EQ(status().state, State::Registering);
}

TEST_F(ClientRegistrationTest, backs_off_exponentially_up_to_the_cap) {
  auto s = settings();
  s.retry = RetryPolicy{std::chrono::seconds(10), std::chrono::seconds(40), 0.0};
  startWith(s);
  std::vector<long> waits;
  for (int i = 0; i < 4; ++i) {
    answer(reply(403));
    EXPECT_EQ(status().state, State::Failed);
    waits.push_back(static_cast<long>(secondsBetween(wallNow(), *status().nextAttemptAt).count()));
    advance(std::chrono::seconds(waits.back()));
  }
  EXPECT_EQ(waits, (std::vector<long>{10, 20, 40, 40}));
  EXPECT_EQ(registers().size(), 5u);
  // Success resets the back-off.
  answer(ok(3600));
  advance(std::chrono::seconds(3240));
  answer(reply(404));
  EXPECT_EQ(secondsBetween(wallNow(), *status().nextAttemptAt), std::chrono::seconds(10));
}

TEST_F(ClientRegistrationTest, a_timeout_fails_as_408_at_the_transaction_timeout) {
  startWith(settings());
  advance(layer.settings().transactionTimeout() - std::chrono::milliseconds(1));
  EXPECT_EQ(status().state, State::Registering);
  advance(std::chrono::milliseconds(1));
  EXPECT_EQ(status().state, State::Failed);
  EXPECT_EQ(status().lastStatus, 408);
  EXPECT_EQ(registers().size(), 1u);
  EXPECT_GT(sent.size(), 1u);  // the layer retransmitted it meanwhile
  advance(std::chrono::seconds(30));
  EXPECT_EQ(registers().size(), 2u);
}

TEST_F(ClientRegistrationTest, a_transport_error_fails_as_503) {
  startWith(settings());
  layer.onTransportError(registrarFlow());
  EXPECT_EQ(status().state, State::Failed);
  EXPECT_EQ(status().lastStatus, 503);
  EXPECT_EQ(status().reason, "transport error");
}

TEST_F(ClientRegistrationTest, unregisters_with_expires_zero_on_stop) {
  startWith(settings());
  answer(challenge(401));
  answer(ok(3600));
  registration->stop();
  ASSERT_EQ(registers().size(), 3u);
  EXPECT_EQ(last().expires(), 0u);
  EXPECT_EQ(last().contacts().at(0).address.uri.toString(), "sip:1000@192.0.2.1:5060");
  EXPECT_EQ(last().callId(), registers()[0]->callId());
  EXPECT_EQ(last().cseq().number, 3u);
  EXPECT_EQ(verdict(), auth::Verdict::Ok);  // credentials up front
  EXPECT_EQ(status().state, State::Unregistering);
  answer(ok(0));
  EXPECT_EQ(status().state, State::Unregistered);
  EXPECT_FALSE(status().expiresAt);
  advance(std::chrono::hours(2));
  EXPECT_EQ(registers().size(), 3u);  // no refresh, no retry
  EXPECT_EQ(states(), (std::vector<State>{State::Registering, State::Registered,
                                          State::Unregistering, State::Unregistered}));
}

TEST_F(ClientRegistrationTest, unregistering_answers_a_challenge_too) {
  startWith(settings());
  answer(ok(3600));
  registration->stop();
  answer(challenge(401));
  ASSERT_EQ(registers().size(), 3u);
  EXPECT_EQ(last().expires(), 0u);
  EXPECT_EQ(verdict(), auth::Verdict::Ok);
  answer(ok(0));
  EXPECT_EQ(status().state, State::Unregistered);
}

TEST_F(ClientRegistrationTest, a_failed_refresh_retries_and_stop_still_removes_the_old_binding) {
  startWith(settings());
  answer(ok(600));
  advance(std::chrono::seconds(540));
  ASSERT_EQ(registers().size(), 2u);
  answer(reply(500));  // no Retry-After: the usual back-off
  EXPECT_EQ(status().state, State::Failed);
  EXPECT_EQ(status().lastStatus, 500);
  advance(std::chrono::seconds(30));
  ASSERT_EQ(registers().size(), 3u);
  EXPECT_EQ(last().expires(), 3600u);
  answer(reply(500));
  // The binding granted before may still hold: stop() removes it.
  registration->stop();
  ASSERT_EQ(registers().size(), 4u);
  EXPECT_EQ(last().expires(), 0u);
  EXPECT_EQ(status().state, State::Unregistering);
  advance(layer.settings().transactionTimeout());  // nobody answers
  EXPECT_EQ(status().state, State::Unregistered);
  EXPECT_EQ(status().lastStatus, 408);
}

TEST_F(ClientRegistrationTest, stop_without_a_binding_sends_nothing) {
  startWith(settings());
  answer(reply(403));
  registration->stop();
  EXPECT_EQ(registers().size(), 1u);
  EXPECT_EQ(status().state, State::Unregistered);
  advance(std::chrono::hours(1));
  EXPECT_EQ(registers().size(), 1u);
}

TEST_F(ClientRegistrationTest, can_be_destroyed_with_a_request_in_flight) {
  startWith(settings());
  const Message pending = last();
  registration.reset();
  layer.onResponse(makeResponse(pending, 200, {}, "t"), registrarFlow());
  advance(std::chrono::minutes(5));
  EXPECT_EQ(registers().size(), 1u);
}

TEST_F(ClientRegistrationTest, names_the_kernels_source_address_for_a_wildcard_socket) {
  auto s = settings();
  s.flow = net::Flow{net::TransportKind::Tcp, address("127.0.0.1:5060"), address("0.0.0.0:5070")};
  startWith(s);
  EXPECT_EQ(registration->contact().toString(), "sip:1000@127.0.0.1:5070;transport=tcp");
  EXPECT_EQ(last().vias()[0].host, "127.0.0.1");
  EXPECT_EQ(last().vias()[0].transport, "TCP");
}

TEST(RegistrationTiming, refreshes_a_tenth_early_but_at_least_a_transaction_timeout_and_at_half) {
  const TimerSettings timers;  // Timer F = 32 s
  using std::chrono::seconds;
  EXPECT_EQ(refreshDelay(seconds(3600), timers), seconds(3240));
  EXPECT_EQ(refreshDelay(seconds(600), timers), seconds(540));
  EXPECT_EQ(refreshDelay(seconds(120), timers), seconds(88));
  EXPECT_EQ(refreshDelay(seconds(60), timers), seconds(30));
  EXPECT_EQ(refreshDelay(seconds(1), timers), std::chrono::milliseconds(500));
  TimerSettings fast;
  fast.t1 = std::chrono::milliseconds(100);  // Timer F = 6.4 s
  EXPECT_EQ(refreshDelay(seconds(30), fast), std::chrono::milliseconds(23600));
}

TEST(RegistrationTiming, retry_delay_doubles_to_the_cap_and_jitters_downwards) {
  const RetryPolicy policy{std::chrono::seconds(30), std::chrono::seconds(300), 0.5};
  EXPECT_EQ(retryDelay(policy, 1, 0.0), std::chrono::seconds(30));
  EXPECT_EQ(retryDelay(policy, 2, 0.0), std::chrono::seconds(60));
  EXPECT_EQ(retryDelay(policy, 4, 0.0), std::chrono::seconds(240));
  EXPECT_EQ(retryDelay(policy, 5, 0.0), std::chrono::seconds(300));
  EXPECT_EQ(retryDelay(policy, 4000000000u, 0.0), std::chrono::seconds(300));
  EXPECT_EQ(retryDelay(policy, 1, 0.5), std::chrono::milliseconds(22500));
  EXPECT_EQ(retryDelay(policy, 5, 0.999999), std::chrono::milliseconds(150000));
}

TEST(RegistrationTiming, reads_retry_after) {
  EXPECT_EQ(parseRetryAfter("120"), std::chrono::seconds(120));
  EXPECT_EQ(parseRetryAfter(" 18000;duration=3600"), std::chrono::seconds(18000));
  EXPECT_EQ(parseRetryAfter("5 (I'm in a meeting)"), std::chrono::seconds(5));
  EXPECT_FALSE(parseRetryAfter(""));
  EXPECT_FALSE(parseRetryAfter("soon"));
  EXPECT_FALSE(parseRetryAfter("-5"));
  EXPECT_FALSE(parseRetryAfter("99999999999"));
}

}  // namespace
}  // namespace sb::sip::test
