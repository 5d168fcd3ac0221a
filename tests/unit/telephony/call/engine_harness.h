// SPDX-License-Identifier: MIT
#pragma once
#include <gtest/gtest.h>

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "../../storage/temp_dir.h"
#include "base/clock.h"
#include "base/timer_queue.h"
#include "fake_call_media.h"
#include "fake_phone.h"
#include "sdp/direction.h"
#include "sip/transaction/transaction_layer.h"
#include "storage/database.h"
#include "storage/extension_settings_repository.h"
#include "storage/voicemail_repository.h"
#include "telephony/routing/dial_plan.h"
#include "telephony/accounts/account_directory.h"
#include "telephony/call/call_engine.h"
#include "telephony/feature/forward/call_settings_book.h"
#include "telephony/voicemail/mailbox_store.h"
#include "telephony/voicemail/voicemail.h"
#include "wire_log.h"

namespace sb::call::testing {

using namespace std::chrono_literals;

// The engine's Timers: the bench's queue, counting which of the engine's timers are still armed,
// so a test can see what the engine leaves behind.
class CountingTimers final : public Timers {
 public:
  explicit CountingTimers(Timers& inner) : inner_(inner) {}
  TimerId schedule(Millis after, std::function<void()> callback) override;
  void cancel(TimerId id) override;
  const Clock& clock() const override { return inner_.clock(); }
  std::size_t armed() const { return armed_.size(); }

 private:
  Timers& inner_;
  std::unordered_set<std::uint64_t> armed_;
};

// What an SDP body says about its audio stream.
struct SdpSummary {
  std::string address;  // c= (media level, else session level)
  std::uint16_t port = 0;
  sdp::Direction direction = sdp::Direction::SendRecv;
  std::vector<std::string> formats;
};
SdpSummary summarize(const std::string& body);

// An answered call as the bench set it up: the caller's INVITE (its 200 ACKed) and the INVITE
// Switchboard sent the callee (answered 200).
struct Connected {
  sip::Message callerInvite;
  sip::Message calleeInvite;
  const std::string& callerCallId() const { return callerInvite.callId(); }
  const std::string& calleeCallId() const { return calleeInvite.callId(); }
};

// The test bench around one CallEngine: a real TransactionLayer and the engine on one
// ManualClock, a real AccountDirectory (extensions 100-109), a real CallSettingsBook and real
// voicemail over SQLite in a temporary folder, FakeCallMedia, and FakePhones on loopback
// addresses. Every message Switchboard sends is recorded (where, when, how) as the far end would
// read it. Requests reach the engine as server.cpp's pipeline hands them over.
class EngineHarness : public ::testing::Test, public PhoneNetwork {
 protected:
  EngineHarness();
  ~EngineHarness() override;

  // Read when the engine is built (by the first engine() call, or the first phone message).
  CallSettings settings;
  sip::TimerSettings timerSettings;
  std::set<std::string> mailboxes;  // extensions with voicemail
  bool voicemailEnabled = true;     // false: the engine runs without voicemail (setVoicemail unset)

  // The one place the engine is constructed.
  CallEngine& engine();
  void destroyEngine();
  sip::TransactionLayer& transactions();

  // A phone registered as a contact of extension `number` (several per extension fork).
  FakePhone& addPhone(const std::string& number);
  // A phone of `number` that is not registered (it can still call).
  FakePhone& unregisteredPhone(const std::string& number);

  // Moves simulated time on deadline by deadline (a timer re-armed inside a callback counts from
  // its own deadline, as on the live loop).
  void advance(std::chrono::milliseconds duration);
  std::chrono::milliseconds since(SteadyTime start, SteadyTime at) const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(at - start);
  }

  // caller dials callee's number; callee rings and answers; caller ACKs.
  Connected connect(FakePhone& caller, FakePhone& callee);

  // PhoneNetwork.
  void fromPhone(const sip::Message& message, const net::Flow& flow) override;
  const std::vector<Sent>& sent() const override { return wire_; }
  SteadyTime now() const override { return clock.steadyNow(); }

  ManualClock clock;
  TimerQueue timers{clock};
  CountingTimers engineTimers{timers};
  storage::testing::TempDir dir;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<storage::ExtensionSettingsRepository> extensionSettings;
  std::unique_ptr<feature::CallSettingsBook> callSettingsBook;
  std::unique_ptr<storage::VoicemailRepository> voicemailRepository;
  std::unique_ptr<voicemail::MailboxStore> mailboxStore;
  std::unique_ptr<voicemail::Voicemail> voicemail;
  accounts::AccountDirectory accounts;
  std::vector<routing::RingGroup> ringGroups;  // the dial plan's, set before the engine is built
  FakeMediaFactory media{clock};
  std::vector<FinishedCall> records;  // what the engine gave its CallRecordSink

 private:
  void build();
  void onRequest(sip::ServerTransaction tx);
  sip::WireMessage record(const net::Flow& to, const sip::Message& msg, Sent::Path path);
  FakePhone& makePhone(const std::string& number);

  std::unique_ptr<sip::TransactionLayer> layer_;
  std::unique_ptr<routing::DialPlan> dialPlan_;
  std::unique_ptr<CallEngine> engine_;
  std::deque<FakePhone> phones_;
  std::map<std::string, std::vector<FakePhone*>> registered_;
  std::vector<Sent> wire_;
  std::set<std::string> requestsSeen_;  // branch + method of requests sent, to tell retransmissions
  net::SocketAddress pbx_;
};

}  // namespace sb::call::testing
