// SPDX-License-Identifier: MIT
#include "engine_harness.h"

#include <stdexcept>

#include "sdp/sdp_parser.h"
#include "sip/message/response_builder.h"

namespace sb::call::testing {

TimerId CountingTimers::schedule(Millis after, std::function<void()> callback) {
  auto id = std::make_shared<TimerId>();
  *id = inner_.schedule(after, [this, id, callback = std::move(callback)] {
    armed_.erase(static_cast<std::uint64_t>(*id));
    callback();
  });
  armed_.insert(static_cast<std::uint64_t>(*id));
  return *id;
}

void CountingTimers::cancel(TimerId id) {
  armed_.erase(static_cast<std::uint64_t>(id));
  inner_.cancel(id);
}

SdpSummary summarize(const std::string& body) {
  auto parsed = sdp::parse(body);
  if (!parsed.ok() || parsed.description->media.empty()) {
    throw std::runtime_error("not an SDP description with a stream: " + parsed.error + "\n" + body);
  }
  const auto& description = *parsed.description;
  const auto& m = description.media.front();
  SdpSummary out;
  if (const auto* c = description.connectionFor(m)) out.address = c->address;
  out.port = m.port;
  out.direction = sdp::effectiveDirection(m, description);
  out.formats = m.formats;
  return out;
}

EngineHarness::EngineHarness() : pbx_(*net::SocketAddress::parse("127.0.0.1:5060")) {
  settings.domain = "pbx.example";
  db = std::move(storage::Database::openInDirectory(dir.path()).value());
  extensionSettings = std::make_unique<storage::ExtensionSettingsRepository>(*db);
  callSettingsBook = std::make_unique<feature::CallSettingsBook>(*extensionSettings, clock);
  voicemailRepository = std::make_unique<storage::VoicemailRepository>(*db);
  mailboxStore = std::make_unique<voicemail::MailboxStore>(*voicemailRepository, dir / "voicemail", clock);
  voicemail = std::make_unique<voicemail::Voicemail>(*mailboxStore, voicemail::VoicemailSettings{});
  const char* names[] = {"Front Desk", "Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi", "Ivan"};
  for (int i = 0; i < 10; ++i) {
    accounts.add(accounts::Account{std::to_string(100 + i), names[i], "secret"});
  }
}

EngineHarness::~EngineHarness() {
  // The engine's unanswered transactions are answered by their handles: the layer goes last.
  engine_.reset();
  layer_.reset();
}

void EngineHarness::build() {
  if (engine_) return;
  layer_ = std::make_unique<sip::TransactionLayer>(
      timers,
      [this](const net::Flow& to, const sip::Message& msg) {
        Sent::Path path = Sent::Path::Transaction;
        if (msg.isRequest() && !msg.vias().empty()) {
          const std::string key = std::string(msg.vias().front().branch()) + " " + msg.cseq().method;
          if (!requestsSeen_.insert(key).second) path = Sent::Path::Retransmission;
        }
        return record(to, msg, path);
      },
      [this](const sip::WireMessage& wire) {
        auto parsed = sip::parse(wire.bytes);
        if (!parsed.message) throw std::runtime_error("unreadable retransmission: " + parsed.error);
        wire_.push_back(Sent{clock.steadyNow(), wire.to, std::move(*parsed.message), Sent::Path::Retransmission});
      },
      timerSettings);
  layer_->setRequestHandler([this](sip::ServerTransaction tx) { onRequest(std::move(tx)); });
  layer_->setAckHandler([this](sip::Message&& ack, const net::Flow& from) { engine_->onAck(ack, from); });
  voicemail->setMailboxes(mailboxes);
  auto contacts = [this](std::string_view aor) {
    std::vector<ContactTarget> targets;
    for (const FakePhone* phone : registered_[std::string(aor)]) {
      targets.push_back({phone->contactUri(), phone->flow(), std::string(aor)});
    }
    return targets;
  };
  auto stateless = [this](const sip::Message& message, const net::Flow& to) {
    record(to, message, Sent::Path::Stateless);
  };
  dialPlan_ = std::make_unique<routing::DialPlan>(accounts, ringGroups);
  engine_ = std::make_unique<CallEngine>(settings, *layer_, stateless, engineTimers, accounts, *dialPlan_, contacts,
                                         media, *callSettingsBook,
                                         [this](const FinishedCall& f) { records.push_back(f); });
  if (voicemailEnabled) engine_->setVoicemail(voicemail.get());
}

CallEngine& EngineHarness::engine() {
  build();
  return *engine_;
}

sip::TransactionLayer& EngineHarness::transactions() {
  build();
  return *layer_;
}

void EngineHarness::destroyEngine() { engine_.reset(); }

sip::WireMessage EngineHarness::record(const net::Flow& to, const sip::Message& msg, Sent::Path path) {
  // As the far end reads it: what does not survive serialization is not on the wire.
  auto bytes = msg.serialize();
  auto parsed = sip::parse(bytes);
  if (!parsed.message) {
    throw std::runtime_error("Switchboard sent an unreadable message: " + parsed.error + "\n" + bytes);
  }
  wire_.push_back(Sent{clock.steadyNow(), to, std::move(*parsed.message), path});
  return sip::WireMessage{to, std::move(bytes)};
}

void EngineHarness::onRequest(sip::ServerTransaction tx) {
  // server.cpp's pipeline, without authentication: in-dialog requests, CANCEL, new INVITEs, the rest.
  const auto& request = tx.request();
  if (request.to().tag() && request.method() != sip::Method::Register && engine_->onInDialogRequest(tx)) return;
  if (request.method() == sip::Method::Cancel && engine_->onCancel(tx)) return;
  if (request.method() == sip::Method::Invite && !request.to().tag()) {
    const auto* caller = accounts.find(request.from().uri.userUnescaped());
    if (!caller) {
      tx.respond(sip::makeResponse(request, 403, "Forbidden"));
      return;
    }
    engine_->startCall(std::move(tx), routing::Origin::extension(caller->number, caller->displayName));
    return;
  }
  if (request.method() == sip::Method::Bye || request.method() == sip::Method::Cancel) {
    tx.respond(sip::makeResponse(request, 481, "Call/Transaction Does Not Exist"));
  } else {
    tx.respond(sip::makeResponse(request, 405, "Method Not Allowed"));
  }
}

void EngineHarness::fromPhone(const sip::Message& message, const net::Flow& flow) {
  build();
  auto parsed = sip::parse(message.serialize());
  if (!parsed.message) throw std::runtime_error("a phone sent an unreadable message: " + parsed.error);
  if (parsed.message->isRequest()) {
    layer_->onRequest(std::move(*parsed.message), flow);
  } else {
    layer_->onResponse(std::move(*parsed.message), flow);
  }
}

FakePhone& EngineHarness::makePhone(const std::string& number) {
  const auto index = phones_.size();
  const auto address = *net::SocketAddress::parse("127.0.1." + std::to_string(10 + index) + ":5060");
  return phones_.emplace_back(*this, number, address, pbx_, static_cast<std::uint16_t>(30000 + 2 * index));
}

FakePhone& EngineHarness::addPhone(const std::string& number) {
  auto& phone = makePhone(number);
  registered_[number].push_back(&phone);
  return phone;
}

FakePhone& EngineHarness::unregisteredPhone(const std::string& number) { return makePhone(number); }

void EngineHarness::advance(std::chrono::milliseconds duration) {
  build();
  const SteadyTime target = clock.steadyNow() + duration;
  while (auto next = timers.nextDeadline()) {
    if (*next > target) break;
    if (*next > clock.steadyNow()) clock.advance(*next - clock.steadyNow());
    timers.runDue();
  }
  clock.advance(target - clock.steadyNow());
  timers.runDue();
}

Connected EngineHarness::connect(FakePhone& caller, FakePhone& callee) {
  Connected c{caller.call(callee.number()), {}};
  c.calleeInvite = callee.last(sip::Method::Invite);
  callee.ring(c.calleeInvite);
  callee.answer(c.calleeInvite);
  caller.ack(c.callerInvite);
  return c;
}

}  // namespace sb::call::testing
