// SPDX-License-Identifier: MIT
#include "app/server.h"

#include <sys/stat.h>

#include <filesystem>

#include "admin/ctl_server.h"
#include "app/config/secret_store.h"
#include "app/ctl_commands.h"
#include "app/phone_commands.h"
#include "app/provisioning_service.h"
#include "app/reload_command.h"
#include "app/version.h"
#include "app/voicemail_service.h"
#include "base/allocator.h"
#include "base/log.h"
#include "net/event_loop.h"
#include "sip/auth/digest_authenticator.h"
#include "sip/message/response_builder.h"
#include "sip/stack/prepared_response.h"
#include "sip/stack/sip_stack.h"
#include "sip/transport/transport_layer.h"
#include "storage/binding_repository.h"
#include "storage/call_record_repository.h"
#include "storage/extension_settings_repository.h"
#include "storage/database.h"
#include "telephony/accounts/account_directory.h"
#include "telephony/accounts/request_authenticator.h"
#include "media/endpoint/tone_pattern_source.h"
#include "media/endpoint/wav_file_source.h"
#include "media/kernel/kernel_forwarder.h"
#include "telephony/call/call_engine.h"
#include "telephony/call/relay_call_media.h"
#include "telephony/feature/forward/call_settings_book.h"
#include "telephony/registrar/qualifier.h"
#include "telephony/routing/dial_plan.h"
#include "telephony/registrar/registrar.h"
#include "telephony/security/security_log.h"

namespace sb::app {

namespace {

// What a request-pipeline step did with a request.
enum class Verdict { Continue, Responded };

// The methods Switchboard answers today; anything else gets 501 with this Allow list.
const std::vector<sip::Method> kAllowedMethods = {
    sip::Method::Register, sip::Method::Options, sip::Method::Invite, sip::Method::Ack,
    sip::Method::Cancel,   sip::Method::Bye,     sip::Method::Info,   sip::Method::Refer,
    sip::Method::Subscribe,
};

std::string allowHeader() {
  std::string out;
  for (auto m : kAllowedMethods) {
    if (!out.empty()) out += ", ";
    out += sip::methodName(m);
  }
  return out;
}

}  // namespace

struct Server::Parts {
  explicit Parts(config::Config c) : config(std::move(c)) {}

  config::Config config;
  net::EventLoop loop;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<storage::BindingRepository> bindings;
  std::vector<config::GeneratedSecret> generatedSecrets;
  std::unique_ptr<security::SecurityLog> securityLog;
  accounts::AccountDirectory accounts;
  std::unique_ptr<sip::auth::DigestAuthenticator> digest;
  std::unique_ptr<accounts::RequestAuthenticator> authenticator;
  std::unique_ptr<sip::TransportLayer> transport;
  std::unique_ptr<sip::SipStack> stack;
  std::unique_ptr<registrar::Qualifier> qualifier;
  std::unique_ptr<registrar::Registrar> registrar;
  std::unique_ptr<storage::CallRecordRepository> callRecords;
  std::shared_ptr<const std::vector<std::int16_t>> musicOnHold;
  std::unique_ptr<media::kernel::KernelForwarder> kernelForwarder;  // outlives the calls
  std::string mediaForwarding;  // who carries relayed packets, for the log and `ctl status`
  std::unique_ptr<call::RelayMediaFactory> mediaFactory;
  std::unique_ptr<storage::ExtensionSettingsRepository> extensionSettings;
  std::unique_ptr<feature::CallSettingsBook> callSettings;
  std::unique_ptr<routing::DialPlan> dialPlan;
  std::unique_ptr<call::CallEngine> calls;
  std::unique_ptr<VoicemailService> voicemail;
  std::unique_ptr<admin::CtlServer> ctl;
  std::unique_ptr<ProvisioningService> provisioning;
  SystemTime startedAt{};
  int exitCode = 0;
  unsigned housekeepingTicks = 0;
  std::uint64_t requestsAtLastRelease = 0;  // SIP requests counted at the last memory release

  std::optional<std::string> openStorage();
  void housekeeping();
  std::optional<std::string> openTransports();
  void buildTelephony();
  void onRequest(sip::ServerTransaction tx);
  Verdict handleOptions(sip::ServerTransaction& tx);
  Verdict handleInDialog(sip::ServerTransaction& tx);
  Verdict handleCancel(sip::ServerTransaction& tx);
  Verdict handleRegister(sip::ServerTransaction& tx);
  Verdict handleInvite(sip::ServerTransaction& tx);
  Verdict handleSubscribe(sip::ServerTransaction& tx);
  const accounts::Account* authenticateFromUser(sip::ServerTransaction& tx);
  Verdict refuseTheRest(sip::ServerTransaction& tx);
  void buildCalls();
  std::optional<std::string> loadMusic();
  void recordCall(const call::FinishedCall& finished);
};

Server::Server(config::Config config) : parts_(std::make_unique<Parts>(std::move(config))) {}

Server::~Server() {
  if (parts_ && parts_->registrar) parts_->registrar->flush();
  log::shutdown();
}

std::optional<std::string> Server::Parts::openStorage() {
  std::error_code ec;
  std::filesystem::create_directories(config.pbx.dataDir, ec);
  if (ec) return config.pbx.dataDir.string() + ": cannot create data directory: " + ec.message();
  if (auto error = log::init(config.pbx.dataDir.string(), config.pbx.logLevel, true)) return error;
  auto opened = storage::Database::openInDirectory(config.pbx.dataDir);
  if (!opened) return opened.error();
  db = std::move(opened.value());
  bindings = std::make_unique<storage::BindingRepository>(*db);
  config::SecretStore secrets(*db, loop.clock());
  if (auto status = secrets.fill(config); !status) return status.error();
  generatedSecrets = secrets.generated();
  std::string error;
  securityLog = security::SecurityLog::open(config.pbx.dataDir.string(), loop.clock(), error);
  if (!securityLog) return error;
  return std::nullopt;
}

std::optional<std::string> Server::Parts::openTransports() {
  sip::TransportLimits limits;
  limits.maxMessageBytes = config.sip.maxMessageBytes;
  limits.maxConnectionsPerAddress = config.sip.maxConnectionsPerAddress;
  transport = std::make_unique<sip::TransportLayer>(
      loop, [this](std::string_view bytes, const net::Flow& flow) { stack->onWire(bytes, flow); },
      limits);
  stack = std::make_unique<sip::SipStack>(
      loop.timers(),
      [this](const net::Flow& to, std::string_view bytes, sip::SendTiming timing) {
        return transport->send(to, bytes, timing);
      },
      std::vector<std::string_view>{}, kAllowedMethods);
  for (const auto& spec : config.sip.listen) {
    auto address = net::SocketAddress::parse(
        (spec.host.find(':') != std::string::npos && spec.host.front() != '[' ? "[" + spec.host + "]" : spec.host) +
        ":" + std::to_string(spec.port));
    if (!address) return config.file.string() + ": sip.listen: cannot use '" + spec.toString() + "'";
    if (auto error = transport->listen(spec.kind, *address)) return *error;
  }
  return std::nullopt;
}

void Server::Parts::buildTelephony() {
  for (const auto& extension : config.extensions)
    accounts.add({extension.number, extension.name, extension.secret});
  const std::span<const std::uint8_t> key(reinterpret_cast<const std::uint8_t*>(config.nonceKey.data()),
                                          config.nonceKey.size());
  sip::auth::DigestAuthenticator::Options digestOptions;
  digestOptions.nonceLifetime = config.sip.nonceLifetime;
  digestOptions.algorithms.clear();
  for (const auto& name : config.sip.digestAlgorithms)
    digestOptions.algorithms.push_back(name == "SHA-256" ? sip::auth::DigestAlgorithm::Sha256
                                                         : sip::auth::DigestAlgorithm::Md5);
  digest = std::make_unique<sip::auth::DigestAuthenticator>(key, loop.clock(), digestOptions);
  authenticator = std::make_unique<accounts::RequestAuthenticator>(config.pbx.domain, accounts,
                                                                   *digest, *securityLog);
  qualifier = std::make_unique<registrar::Qualifier>(
      stack->transactions(), loop.timers(), config.pbx.domain, config.sip.userAgent,
      std::chrono::duration_cast<std::chrono::milliseconds>(config.sip.qualifyTimeout));
  registrar::RegistrarSettings settings;
  settings.minExpires = static_cast<std::uint32_t>(config.sip.minExpires.count());
  settings.maxExpires = static_cast<std::uint32_t>(config.sip.maxExpires.count());
  settings.defaultExpires = static_cast<std::uint32_t>(config.sip.defaultExpires.count());
  settings.qualifyFrequency = config.sip.qualifyFrequency;
  registrar = std::make_unique<registrar::Registrar>(settings, loop.timers(), *db, *bindings, *qualifier);
  qualifier->setResultSink([this](std::uint64_t id, std::uint32_t seq, bool answered,
                                  std::chrono::microseconds rtt) {
    registrar->onProbeResult(id, seq, answered, rtt);
  });
  stack->transactions().setRequestHandler([this](sip::ServerTransaction tx) { onRequest(std::move(tx)); });
  buildCalls();
}

// The music held calls hear: the configured file, read once, or the pattern drawn in code.
std::optional<std::string> Server::Parts::loadMusic() {
  constexpr int kRate = 8000;
  if (config.rtp.musicOnHold.empty()) {
    musicOnHold = media::TonePatternSource::render(kRate);
    return std::nullopt;
  }
  auto opened = media::WavFileSource::open(config.rtp.musicOnHold, kRate);
  if (!opened.source)
    return config.file.string() + ": rtp.music_on_hold: cannot play '" + config.rtp.musicOnHold.string() +
           "': " + opened.error;
  auto samples = std::make_shared<std::vector<std::int16_t>>(opened.source->lengthSamples());
  opened.source->read(*samples);
  musicOnHold = std::move(samples);
  return std::nullopt;
}

void Server::Parts::buildCalls() {
  callRecords = std::make_unique<storage::CallRecordRepository>(*db);
  boost::system::error_code ec;
  const auto bind = boost::asio::ip::make_address(config.rtp.bindAddress, ec);
  mediaForwarding = "user space (kernel_forwarding = \"off\")";
  if (config.rtp.kernelForwarding) {
    std::string why;
    kernelForwarder = media::kernel::KernelForwarder::open({config.rtp.portMin}, why);
    if (!kernelForwarder) {
      mediaForwarding = "user space (kernel forwarding unavailable: " + why + ")";
    } else if (!kernelForwarder->routesForOtherHosts()) {
      mediaForwarding = "kernel for calls between phones on this host (net.ipv4.ip_forward=1 lets it carry "
                        "the others too), user space for the rest";
    } else {
      mediaForwarding = "kernel for latched pass-through calls, user space for the rest";
    }
    SB_LOG_NOTICE("media relay: {}", mediaForwarding);
  }
  mediaFactory = std::make_unique<call::RelayMediaFactory>(loop.io(), loop.timers(), bind, config.rtp.portMin,
                                                           config.rtp.portMax, musicOnHold, kernelForwarder.get());
  call::CallSettings settings;
  settings.domain = config.pbx.domain;
  settings.userAgent = config.sip.userAgent;
  settings.ringTimeout = config.sip.ringTimeout;
  settings.maxCallLength = config.sip.maxCallLength;
  settings.rtpTimeout = config.rtp.rtpTimeout;
  std::vector<routing::RingGroup> ringGroups;
  for (const auto& g : config.ringGroups) ringGroups.push_back({g.number, g.members, g.hunt, g.ringTime, g.noAnswer});
  dialPlan = std::make_unique<routing::DialPlan>(accounts, std::move(ringGroups));
  // Contacts qualify found unreachable are not rung: the caller would only wait for Timer B.
  auto contactsOf = [this](std::string_view aor) {
    std::vector<call::ContactTarget> targets;
    for (const auto* binding : registrar->table().bindingsOf(aor)) {
      if (binding->reachability == registrar::Reachability::Unreachable) continue;
      targets.push_back({std::string(binding->contactUri), binding->flow, std::string(aor)});
    }
    return targets;
  };
  auto sendStateless = [this](const sip::Message& request, const net::Flow& to) {
    transport->send(to, request.serialize());
  };
  extensionSettings = std::make_unique<storage::ExtensionSettingsRepository>(*db);
  callSettings = std::make_unique<feature::CallSettingsBook>(*extensionSettings, loop.clock());
  for (const auto& e : config.extensions)
    callSettings->setConfigured(e.number, {e.dnd, e.forwardAll, e.forwardBusy, e.forwardNoAnswer});
  if (auto loaded = callSettings->loadStored(); !loaded)
    SB_LOG_ERROR("Could not read the extensions' call settings: {}", loaded.error());
  calls = std::make_unique<call::CallEngine>(settings, stack->transactions(), sendStateless, loop.timers(),
                                             accounts, *dialPlan, contactsOf, *mediaFactory, *callSettings,
                                             [this](const call::FinishedCall& f) { recordCall(f); });
  stack->transactions().setAckHandler(
      [this](sip::Message&& ack, const net::Flow& from) { calls->onAck(ack, from); });
  voicemail = std::make_unique<VoicemailService>(config, *db, loop.timers(), stack->transactions(), *registrar);
  calls->setVoicemail(&voicemail->voicemail());
}

void Server::Parts::recordCall(const call::FinishedCall& f) {
  const auto ms = [](SystemTime t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  };
  storage::CallRecord record;
  record.callId = f.callId;
  record.startedAtMs = ms(f.startedAt);
  if (f.answeredAt) record.answeredAtMs = ms(*f.answeredAt);
  record.endedAtMs = ms(f.endedAt);
  record.caller = f.caller;
  record.callerName = f.callerName;
  record.callee = f.callee;
  record.dialled = f.dialled;
  switch (f.disposition) {
    case call::Disposition::Answered: record.disposition = storage::Disposition::Answered; break;
    case call::Disposition::NoAnswer: record.disposition = storage::Disposition::NoAnswer; break;
    case call::Disposition::Busy: record.disposition = storage::Disposition::Busy; break;
    case call::Disposition::Cancelled: record.disposition = storage::Disposition::Cancelled; break;
    case call::Disposition::Failed: record.disposition = storage::Disposition::Failed; break;
  }
  record.durationMs = record.endedAtMs - record.startedAtMs;
  record.billableMs = f.answeredAt ? record.endedAtMs - *record.answeredAtMs : 0;
  record.callerCodec = f.callerCodec;
  record.calleeCodec = f.calleeCodec;
  record.hangupSide = f.hangupSide == "caller"   ? storage::HangupSide::Caller
                      : f.hangupSide == "callee" ? storage::HangupSide::Callee
                                                 : storage::HangupSide::System;
  record.hangupCause = f.hangupCause;
  record.sourceAddress = f.sourceAddress;
  if (auto stored = callRecords->insert(record); !stored)
    SB_LOG_ERROR("Could not store the record of call {}: {}", f.callId, stored.error());
}

// Requests inside one of our calls' dialogs (a To tag): BYE, re-INVITE, INFO, OPTIONS.
Verdict Server::Parts::handleInDialog(sip::ServerTransaction& tx) {
  const auto& request = tx.request();
  if (!request.to().tag() || request.method() == sip::Method::Register) return Verdict::Continue;
  return calls->onInDialogRequest(tx) ? Verdict::Responded : Verdict::Continue;
}

Verdict Server::Parts::handleCancel(sip::ServerTransaction& tx) {
  if (tx.request().method() != sip::Method::Cancel) return Verdict::Continue;
  return calls->onCancel(tx) ? Verdict::Responded : Verdict::Continue;
}

// The extension a request's From names, once the request proves to be from it (RFC 3261 §22.3);
// null when it has been answered with the 407 challenge (or a refusal) instead.
const accounts::Account* Server::Parts::authenticateFromUser(sip::ServerTransaction& tx) {
  const auto& request = tx.request();
  const auto& from = request.from().uri;
  const std::string identity = from.isSip() ? from.userUnescaped() : std::string{};
  auto outcome = authenticator->authenticate(request, tx.flow(), accounts::RequestAuthenticator::Role::Proxy,
                                             identity);
  if (!outcome.account) tx.respond(sip::prepareResponse(tx, std::move(*outcome.reply)));
  return outcome.account;
}

// A new call: the caller proves to be one of our extensions (407, RFC 3261 §22.3), then the
// call engine takes the INVITE.
Verdict Server::Parts::handleInvite(sip::ServerTransaction& tx) {
  const auto& request = tx.request();
  if (request.method() != sip::Method::Invite || request.to().tag()) return Verdict::Continue;
  const auto* caller = authenticateFromUser(tx);
  if (!caller) return Verdict::Responded;
  calls->startCall(std::move(tx), routing::Origin::extension(caller->number, caller->displayName));
  return Verdict::Responded;
}

// Message-summary subscriptions (RFC 3842): an extension watches its own mailbox, after proving
// who it is (407 like an INVITE); other event packages get 489 (RFC 6665 §8.3.1).
Verdict Server::Parts::handleSubscribe(sip::ServerTransaction& tx) {
  const auto& request = tx.request();
  if (request.method() != sip::Method::Subscribe) return Verdict::Continue;
  if (request.to().tag()) {
    if (!voicemail->subscriptions().onInDialog(tx))
      tx.respond(sip::makeResponse(request, 481, "Subscription Does Not Exist"));
    return Verdict::Responded;
  }
  if (!voicemail::MwiSubscriptions::isMessageSummary(request)) {
    auto response = sip::makeResponse(request, 489, "Bad Event");
    response.addHeader("Allow-Events", "message-summary");
    tx.respond(std::move(response));
    return Verdict::Responded;
  }
  const auto* subscriber = authenticateFromUser(tx);
  if (!subscriber) return Verdict::Responded;
  // The mailbox is the Request-URI's user (phones subscribe to their own AOR, or to *97).
  const auto& target = request.requestUri();
  const std::string mailbox =
      target.user.empty() || target.userUnescaped() == "*97" ? subscriber->number : target.userUnescaped();
  if (mailbox != subscriber->number) {
    tx.respond(sip::makeResponse(request, 403, "Forbidden"));
    return Verdict::Responded;
  }
  if (!voicemail->hasMailbox(mailbox)) {
    tx.respond(sip::makeResponse(request, 404, "Not Found"));
    return Verdict::Responded;
  }
  voicemail->subscriptions().subscribe(tx, mailbox);
  return Verdict::Responded;
}

// The request pipeline: each step answers the request or passes it on, in this order.
void Server::Parts::onRequest(sip::ServerTransaction tx) {
  using Step = Verdict (Parts::*)(sip::ServerTransaction&);
  static constexpr Step kPipeline[] = {
      &Parts::handleInDialog,
      &Parts::handleOptions,
      &Parts::handleCancel,
      &Parts::handleRegister,
      &Parts::handleInvite,
      &Parts::handleSubscribe,
      &Parts::refuseTheRest,
  };
  for (Step step : kPipeline) {
    if ((this->*step)(tx) == Verdict::Responded) return;
  }
}

Verdict Server::Parts::handleOptions(sip::ServerTransaction& tx) {
  const auto& request = tx.request();
  if (request.method() != sip::Method::Options) return Verdict::Continue;
  // RFC 3261 §11.2: say what we can do. Phones and monitors use this as a ping.
  auto response = sip::makeResponse(request, 200, "OK");
  response.addHeader("Allow", allowHeader());
  response.addHeader("Accept", "application/sdp");
  response.addHeader("Supported", "");
  response.addHeader("Server", config.sip.userAgent);
  tx.respond(std::move(response));
  return Verdict::Responded;
}

Verdict Server::Parts::handleRegister(sip::ServerTransaction& tx) {
  const auto& request = tx.request();
  if (request.method() != sip::Method::Register) return Verdict::Continue;
  const auto& to = request.to().uri;
  if (!to.isSip() || to.user.empty()) {
    tx.respond(sip::makeResponse(request, 404, "Not Found"));
    return Verdict::Responded;
  }
  const std::string identity = to.userUnescaped();
  auto outcome = authenticator->authenticate(request, tx.flow(),
                                             accounts::RequestAuthenticator::Role::Registrar, identity);
  if (!outcome.account) {
    // Every second REGISTER is answered with a challenge: keeping 32 s of transaction state for
    // each would double the registrar's memory and work for nothing (RFC 3261 §8.2.7).
    tx.respondStatelessly(sip::prepareResponse(tx, std::move(*outcome.reply)));
    return Verdict::Responded;
  }
  auto response = registrar->handleRegister(request, tx.flow(), outcome.account->number);
  response.header("Server", config.sip.userAgent);
  tx.respond(sip::prepareResponse(tx, std::move(response)));
  voicemail->onRegistered(outcome.account->number);
  return Verdict::Responded;
}

Verdict Server::Parts::refuseTheRest(sip::ServerTransaction& tx) {
  const auto& request = tx.request();
  // BYE and CANCEL reach us only for dialogs and transactions we do not have (RFC 3261 §15.1.2,
  // §9.2): 481. Everything else that got this far is not served yet.
  if (request.method() == sip::Method::Bye || request.method() == sip::Method::Cancel) {
    tx.respond(sip::makeResponse(request, 481, "Call/Transaction Does Not Exist"));
  } else {
    auto response = sip::makeResponse(request, 405, "Method Not Allowed");
    response.addHeader("Allow", allowHeader());
    tx.respond(std::move(response));
  }
  return Verdict::Responded;
}

// Once a second: logs reach the disk even when quiet, and now and then memory freed after a burst
// (thousands of transactions alive for Timer J) goes back to the system instead of staying in
// the allocator's free lists.
void Server::Parts::housekeeping() {
  using namespace std::chrono_literals;
  securityLog->flush();
  log::flush();
  if (++housekeepingTicks % 10 == 0) {
    stack->transactions().trim();
    loop.compactTimers();
    // Under 100 requests a second the server is quiet enough to give back everything unused.
    const auto requests = stack->stats().requestsIn;
    const bool quiet = requests - requestsAtLastRelease < 1000;
    requestsAtLastRelease = requests;
    releaseFreeMemory(quiet ? Release::All : Release::Aged);
  }
  loop.timers().schedule(1s, [this] { housekeeping(); });
}

std::optional<std::string> Server::start() {
  auto& p = *parts_;
  p.startedAt = p.loop.clock().systemNow();
  if (auto error = p.openStorage()) return error;
  if (auto error = p.openTransports()) return error;
  if (auto error = p.loadMusic()) return error;
  p.provisioning = std::make_unique<ProvisioningService>(p.config, p.loop);
  if (auto error = p.provisioning->openTftp()) return error;
  p.buildTelephony();
  if (auto error = p.provisioning->openHttp(*p.registrar, *p.callSettings, *p.voicemail)) return error;
  p.ctl = std::make_unique<admin::CtlServer>(p.loop.io(), (p.config.pbx.dataDir / "control.sock").string());
  if (auto error = p.ctl->start()) return error;
  CtlContext context{p.config,           p.loop,      *p.transport, *p.stack,       *p.registrar,
                     p.generatedSecrets, p.startedAt, *p.calls,     *p.callRecords, p.mediaForwarding,
                     p.kernelForwarder.get()};
  registerCtlCommands(*p.ctl, context);
  p.voicemail->registerCommands(*p.ctl);
  registerPhoneCommands(*p.ctl, PhoneContext{p.config, p.loop, p.stack->transactions(), *p.registrar,
                                             p.provisioning->activity()});
  registerReloadCommand(*p.ctl, ReloadContext{p.config, *p.db, p.loop.clock(), p.generatedSecrets, *p.provisioning,
                                              readFile(p.config.file)});
  p.registrar->restore();
  p.housekeeping();
  p.loop.onSignal([this](int signal) {
    SB_LOG_NOTICE("Received signal {}, stopping", signal);
    parts_->loop.stop();
  });
  std::string listening;
  for (const auto& flow : p.transport->listeners())
    listening += (listening.empty() ? "" : ", ") + std::string(net::transportName(flow.transport)) + " " + flow.local.toString();
  SB_LOG_NOTICE("Switchboard {} ready for domain {} on {}", kVersion, p.config.pbx.domain, listening);
  return std::nullopt;
}

int Server::run() {
  parts_->loop.run();
  parts_->calls->hangUpAll("shutdown");
  parts_->registrar->flush();
  SB_LOG_NOTICE("Switchboard stopped");
  log::flush();
  return parts_->exitCode;
}

}  // namespace sb::app
