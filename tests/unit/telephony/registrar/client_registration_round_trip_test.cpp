// SPDX-License-Identifier: MIT
// Our own client registering with our own registrar: ClientRegistration (sip/dialog) on a real
// TransactionLayer, its requests carried in memory, as wire bytes, to the server side as the
// RequestRouter (telephony/pbx) uses it (RequestAuthenticator with DigestAuthenticator, then
// Registrar on SQLite in a temporary directory), its answers carried back the same way. Nothing
// is scripted.
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include "net/route_source.h"
#include "sip/auth/digest_authenticator.h"
#include "sip/dialog/client_registration.h"
#include "sip/transaction/transaction_layer.h"
#include "storage/binding_repository.h"
#include "storage/database.h"
#include "telephony/accounts/request_authenticator.h"
#include "telephony/registrar/registrar.h"
#include "telephony/security/security_log.h"

using namespace std::chrono_literals;

namespace sb::registrar {
namespace {

constexpr std::array<std::uint8_t, 32> kNonceKey{7, 7, 7, 7, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                                                13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28};
constexpr std::string_view kDomain = "pbx.test";

class NoProbes final : public Prober {
 public:
  void probe(const Binding&) override {}
};

net::SocketAddress address(std::string_view text) { return *net::SocketAddress::parse(text); }

// The client's view: it sends to the registrar from 192.0.2.1:5060.
net::Flow toServer() {
  return net::Flow{net::TransportKind::Udp, address("198.51.100.7:5060"), address("192.0.2.1:5060")};
}
// The server's view of the same path.
net::Flow fromClient() {
  return net::Flow{net::TransportKind::Udp, address("192.0.2.1:5060"), address("198.51.100.7:5060")};
}

class ClientRegistrationRoundTrip : public ::testing::Test {
 protected:
  ClientRegistrationRoundTrip() {
    dir_ = std::filesystem::temp_directory_path() /
           ("sb-client-registration-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    auto opened = storage::Database::openInDirectory(dir_);
    EXPECT_TRUE(opened.ok()) << opened.error();
    db_ = std::move(opened.value());
    repo_ = std::make_unique<storage::BindingRepository>(*db_);
    registrar_ = std::make_unique<Registrar>(RegistrarSettings{}, timers_, *db_, *repo_, prober_);
    auto log = security::SecurityLog::open(dir_.string(), clock_);
    EXPECT_TRUE(log.ok()) << log.error();
    if (log) securityLog_ = std::move(*log);
    accounts_.add(accounts::Account{"1000", "Trunk", "s3cret"});
    authenticator_ = std::make_unique<accounts::RequestAuthenticator>(
        std::string(kDomain), accounts_, digest_, *securityLog_);
  }
  ~ClientRegistrationRoundTrip() override {
    client_.reset();
    registrar_.reset();
    repo_.reset();
    db_.reset();
    securityLog_.reset();
    std::filesystem::remove_all(dir_);
  }

  sip::ClientRegistrationSettings settings(std::string password = "s3cret") {
    sip::ClientRegistrationSettings s;
    s.registrar = *sip::Uri::parse("sip:pbx.test");
    s.aor = *sip::Uri::parse("sip:1000@pbx.test");
    s.password = std::move(password);
    s.flow = toServer();
    return s;
  }
  void start(sip::ClientRegistrationSettings s) {
    client_ = std::make_unique<sip::ClientRegistration>(clientLayer_, timers_, routes_, std::move(s));
    client_->setStatusCallback([this](const sip::RegistrationStatus& now) { states_.push_back(now.state); });
    client_->start();
    settle();
  }
  // Runs the timers until nothing is left to deliver (each hop takes a millisecond).
  void settle() { advance(50ms); }
  void advance(std::chrono::milliseconds duration) {
    const SteadyTime target = clock_.steadyNow() + duration;
    while (auto next = timers_.nextDeadline()) {
      if (*next > target) break;
      if (*next > clock_.steadyNow()) clock_.advance(*next - clock_.steadyNow());
      timers_.runDue();
    }
    clock_.advance(target - clock_.steadyNow());
    timers_.runDue();
  }

  // The server side of app/server.cpp's handleRegister, answering one REGISTER's bytes.
  std::string serve(const std::string& bytes) {
    auto parsed = sip::parse(bytes);
    EXPECT_EQ(parsed.kind, sip::ParseResult::Kind::Ok) << parsed.error;
    const sip::Message& request = *parsed.message;
    ++requestsSeen_;
    if (request.hasHeader("Authorization")) ++withCredentials_;
    if (request.expires() == 0u) ++unregisters_;
    auto outcome = authenticator_->authenticate(request, fromClient(),
                                                accounts::RequestAuthenticator::Role::Registrar,
                                                request.to().uri.userUnescaped());
    if (!outcome.account) {
      ++challenges_;
      return std::move(*outcome.reply).finish();
    }
    return registrar_->handleRegister(request, fromClient(), outcome.account->number).finish();
  }
  // The client's SendFunction: the request crosses "the network" as bytes, its answer comes
  // back a millisecond later. Retransmissions are answered again, as a registrar would.
  sip::WireMessage carry(const net::Flow& to, const sip::Message& message) {
    std::string bytes = message.serialize();
    timers_.schedule(1ms, [this, bytes] {
      auto answer = sip::parse(serve(bytes));
      ASSERT_EQ(answer.kind, sip::ParseResult::Kind::Ok) << answer.error;
      clientLayer_.onResponse(std::move(*answer.message), toServer());
    });
    return sip::WireMessage{to, std::move(bytes)};
  }

  // Until the binding lapses, as the client sees it, to the nearest second.
  std::chrono::seconds secondsLeft() const {
    const auto& expiresAt = client_->status().expiresAt;
    if (!expiresAt) return std::chrono::seconds(-1);
    return std::chrono::round<std::chrono::seconds>(*expiresAt - clock_.systemNow());
  }
  std::vector<const Binding*> bindings() {
    std::vector<const Binding*> out;
    for (const Binding* b : registrar_->table().bindingsOf("1000")) out.push_back(b);
    return out;
  }
  std::string securityLogText() {
    securityLog_->flush();
    std::ifstream in(dir_ / "log" / "security");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::filesystem::path dir_;
  ManualClock clock_;
  TimerQueue timers_{clock_};
  NoProbes prober_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<storage::BindingRepository> repo_;
  std::unique_ptr<Registrar> registrar_;
  std::unique_ptr<security::SecurityLog> securityLog_;
  accounts::AccountDirectory accounts_;
  sip::auth::DigestAuthenticator digest_{kNonceKey, clock_, {.nonceLifetime = 300s, .maxTrackedNonces = 1024}};
  std::unique_ptr<accounts::RequestAuthenticator> authenticator_;
  sip::TransactionLayer clientLayer_{
      timers_, [this](const net::Flow& to, const sip::Message& m) { return carry(to, m); },
      [](const sip::WireMessage&) {}};
  net::RouteSource routes_;
  std::unique_ptr<sip::ClientRegistration> client_;
  std::vector<sip::RegistrationState> states_;
  int requestsSeen_ = 0;
  int withCredentials_ = 0;
  int challenges_ = 0;
  int unregisters_ = 0;
};

TEST_F(ClientRegistrationRoundTrip, registers_refreshes_and_unregisters_with_our_registrar) {
  start(settings());
  ASSERT_EQ(client_->status().state, sip::RegistrationState::Registered) << client_->status().reason;
  EXPECT_EQ(requestsSeen_, 2);  // challenged once, then accepted
  EXPECT_EQ(challenges_, 1);
  auto bound = bindings();
  ASSERT_EQ(bound.size(), 1u);
  EXPECT_EQ(bound[0]->contactUri, "sip:1000@192.0.2.1:5060");
  EXPECT_EQ(bound[0]->cseq, 2u);
  // The registrar granted its maximum, 3600 s; the client refreshes a tenth early.
  EXPECT_EQ(secondsLeft(), 3600s);

  // By the refresh the nonce is long expired: the credentials sent up front are answered with
  // stale=true, and the retry with the new nonce is accepted. The binding is refreshed, not
  // duplicated, and never lapses.
  advance(3240s);
  settle();
  EXPECT_EQ(client_->status().state, sip::RegistrationState::Registered) << client_->status().reason;
  EXPECT_EQ(requestsSeen_, 4);
  EXPECT_EQ(challenges_, 2);
  EXPECT_EQ(withCredentials_, 3);  // every request after the first challenge
  bound = bindings();
  ASSERT_EQ(bound.size(), 1u);
  EXPECT_EQ(bound[0]->cseq, 4u);

  client_->stop();
  settle();
  EXPECT_EQ(client_->status().state, sip::RegistrationState::Unregistered) << client_->status().reason;
  EXPECT_EQ(client_->status().lastStatus, 200);
  EXPECT_GE(unregisters_, 1);
  EXPECT_TRUE(bindings().empty());
  EXPECT_EQ(states_, (std::vector<sip::RegistrationState>{
                         sip::RegistrationState::Registering, sip::RegistrationState::Registered,
                         sip::RegistrationState::Registered, sip::RegistrationState::Unregistering,
                         sip::RegistrationState::Unregistered}));
}

TEST_F(ClientRegistrationRoundTrip, asks_again_for_min_expires_when_the_registrar_says_423) {
  auto s = settings();
  s.expires = 30;  // below the registrar's minimum of 60
  start(std::move(s));
  ASSERT_EQ(client_->status().state, sip::RegistrationState::Registered) << client_->status().reason;
  EXPECT_EQ(secondsLeft(), 60s);
  ASSERT_EQ(bindings().size(), 1u);
}

TEST_F(ClientRegistrationRoundTrip, a_wrong_password_is_refused_once_and_logged_for_fail2ban) {
  start(settings("not-the-secret"));
  EXPECT_EQ(client_->status().state, sip::RegistrationState::Failed);
  EXPECT_EQ(client_->status().lastStatus, 401);
  EXPECT_EQ(client_->status().reason, "credentials refused");
  EXPECT_EQ(requestsSeen_, 2);  // one answer, no guessing loop
  EXPECT_TRUE(bindings().empty());
  EXPECT_NE(securityLogText().find("ChallengeResponseFailed"), std::string::npos);
}

}  // namespace
}  // namespace sb::registrar
