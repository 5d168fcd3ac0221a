// SPDX-License-Identifier: MIT
#include "app/server.h"

#include <sys/stat.h>

#include <filesystem>

#include "admin/ctl_server.h"
#include "app/config/secret_store.h"
#include "app/ctl_commands.h"
#include "app/housekeeping.h"
#include "app/part_settings.h"
#include "app/phone_commands.h"
#include "app/provisioning_service.h"
#include "app/reload_command.h"
#include "app/version.h"
#include "app/voicemail_service.h"
#include "base/log.h"
#include "net/event_loop.h"
#include "sip/auth/digest_authenticator.h"
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
#include "telephony/call/call_record_writer.h"
#include "telephony/call/relay_call_media.h"
#include "telephony/feature/forward/call_settings_book.h"
#include "telephony/pbx/request_router.h"
#include "telephony/registrar/qualifier.h"
#include "telephony/routing/dial_plan.h"
#include "telephony/registrar/registrar.h"
#include "telephony/security/security_event_fan_out.h"
#include "telephony/security/security_log.h"

namespace sb::app {

struct Server::Parts {
  explicit Parts(config::Config c) : config(std::move(c)) {}

  config::Config config;
  net::EventLoop loop;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<storage::BindingRepository> bindings;
  std::vector<config::GeneratedSecret> generatedSecrets;
  std::unique_ptr<security::SecurityLog> securityLog;
  // Who hears security events: the log, and whatever else is added next to it (a ban engine).
  security::SecurityEventFanOut securityEvents;
  accounts::AccountDirectory accounts;
  std::unique_ptr<sip::auth::DigestAuthenticator> digest;
  std::unique_ptr<accounts::RequestAuthenticator> authenticator;
  std::unique_ptr<sip::TransportLayer> transport;
  std::unique_ptr<sip::SipStack> stack;
  std::unique_ptr<registrar::Qualifier> qualifier;
  std::unique_ptr<registrar::Registrar> registrar;
  std::unique_ptr<storage::CallRecordRepository> callRecords;
  std::unique_ptr<call::CallRecordWriter> callRecordWriter;
  std::shared_ptr<const std::vector<std::int16_t>> musicOnHold;
  std::unique_ptr<media::kernel::KernelForwarder> kernelForwarder;  // outlives the calls
  std::string mediaForwarding;  // who carries relayed packets, for the log and `ctl status`
  std::unique_ptr<call::RelayMediaFactory> mediaFactory;
  std::unique_ptr<storage::ExtensionSettingsRepository> extensionSettings;
  std::unique_ptr<feature::CallSettingsBook> callSettings;
  std::unique_ptr<routing::DialPlan> dialPlan;
  std::unique_ptr<call::CallEngine> calls;
  std::unique_ptr<VoicemailService> voicemail;
  std::unique_ptr<pbx::RequestRouter> router;
  std::unique_ptr<admin::CtlServer> ctl;
  std::unique_ptr<ProvisioningService> provisioning;
  std::unique_ptr<Housekeeping> housekeeping;
  SystemTime startedAt{};
  int exitCode = 0;

  Status openStorage();
  Status openTransports();
  void buildTelephony();
  void buildCalls();
  void buildRouter();
  Status loadMusic();
};

Server::Server(config::Config config) : parts_(std::make_unique<Parts>(std::move(config))) {}

Server::~Server() {
  if (parts_ && parts_->registrar) parts_->registrar->flush();
  log::shutdown();
}

Status Server::Parts::openStorage() {
  std::error_code ec;
  std::filesystem::create_directories(config.pbx.dataDir, ec);
  if (ec) return fail(config.pbx.dataDir.string() + ": cannot create data directory: " + ec.message());
  if (auto logging = log::init(config.pbx.dataDir.string(), config.pbx.logLevel, true); !logging)
    return logging.failure();
  auto opened = storage::Database::openInDirectory(config.pbx.dataDir);
  if (!opened) return opened.failure();
  db = std::move(opened.value());
  bindings = std::make_unique<storage::BindingRepository>(*db);
  config::SecretStore secrets(*db, loop.clock());
  if (auto status = secrets.fill(config); !status) return status.failure();
  generatedSecrets = secrets.generated();
  auto log = security::SecurityLog::open(config.pbx.dataDir.string(), loop.clock());
  if (!log) return log.failure();
  securityLog = std::move(*log);
  securityEvents.add(*securityLog);
  return {};
}

Status Server::Parts::openTransports() {
  transport = std::make_unique<sip::TransportLayer>(
      loop, [this](std::string_view bytes, const net::Flow& flow) { stack->onWire(bytes, flow); },
      transportLimits(config));
  stack = std::make_unique<sip::SipStack>(
      loop.timers(),
      [this](const net::Flow& to, std::string_view bytes, sip::SendTiming timing) {
        return transport->send(to, bytes, timing);
      },
      std::vector<std::string_view>{}, pbx::RequestRouter::allowedMethods());
  for (const auto& spec : config.sip.listen) {
    auto address = net::SocketAddress::parse(
        (spec.host.find(':') != std::string::npos && spec.host.front() != '[' ? "[" + spec.host + "]" : spec.host) +
        ":" + std::to_string(spec.port));
    if (!address) return fail(config.file.string() + ": sip.listen: cannot use '" + spec.toString() + "'");
    if (auto listened = transport->listen(spec.kind, *address); !listened) return listened;
  }
  return {};
}

void Server::Parts::buildTelephony() {
  for (auto& account : accountsOf(config)) accounts.add(std::move(account));
  const std::span<const std::uint8_t> key(reinterpret_cast<const std::uint8_t*>(config.nonceKey.data()),
                                          config.nonceKey.size());
  digest = std::make_unique<sip::auth::DigestAuthenticator>(key, loop.clock(), digestOptions(config));
  authenticator = std::make_unique<accounts::RequestAuthenticator>(config.pbx.domain, accounts,
                                                                   *digest, securityEvents);
  qualifier = std::make_unique<registrar::Qualifier>(stack->transactions(), loop.timers(), config.pbx.domain,
                                                     config.sip.userAgent, qualifyTimeout(config));
  registrar = std::make_unique<registrar::Registrar>(registrarSettings(config), loop.timers(), *db, *bindings,
                                                     *qualifier);
  qualifier->setResultSink([this](std::uint64_t id, std::uint32_t seq, bool answered,
                                  std::chrono::microseconds rtt) {
    registrar->onProbeResult(id, seq, answered, rtt);
  });
  buildCalls();
  buildRouter();
}

// The music held calls hear: the configured file, read once, or the pattern drawn in code.
Status Server::Parts::loadMusic() {
  constexpr int kRate = 8000;
  if (config.rtp.musicOnHold.empty()) {
    musicOnHold = media::TonePatternSource::render(kRate);
    return {};
  }
  auto opened = media::WavFileSource::open(config.rtp.musicOnHold, kRate);
  if (!opened.source)
    return fail(config.file.string() + ": rtp.music_on_hold: cannot play '" + config.rtp.musicOnHold.string() +
           "': " + opened.error);
  auto samples = std::make_shared<std::vector<std::int16_t>>(opened.source->lengthSamples());
  opened.source->read(*samples);
  musicOnHold = std::move(samples);
  return {};
}

void Server::Parts::buildCalls() {
  callRecords = std::make_unique<storage::CallRecordRepository>(*db);
  callRecordWriter = std::make_unique<call::CallRecordWriter>(*callRecords);
  boost::system::error_code ec;
  const auto bind = boost::asio::ip::make_address(config.rtp.bindAddress, ec);
  mediaForwarding = "user space (kernel_forwarding = \"off\")";
  if (config.rtp.kernelForwarding) {
    auto opened = media::kernel::KernelForwarder::open({config.rtp.portMin});
    if (opened) kernelForwarder = std::move(*opened);
    if (!kernelForwarder) {
      mediaForwarding = "user space (kernel forwarding unavailable: " + opened.error() + ")";
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
  dialPlan = std::make_unique<routing::DialPlan>(accounts, ringGroupsOf(config));
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
  for (auto& [number, settings] : configuredCallSettings(config))
    callSettings->setConfigured(number, std::move(settings));
  if (auto loaded = callSettings->loadStored(); !loaded)
    SB_LOG_ERROR("Could not read the extensions' call settings: {}", loaded.error());
  calls = std::make_unique<call::CallEngine>(callEngineSettings(config), stack->transactions(), sendStateless,
                                             loop.timers(), accounts, *dialPlan, contactsOf, *mediaFactory,
                                             *callSettings,
                                             [this](const call::FinishedCall& f) { callRecordWriter->write(f); });
  stack->transactions().setAckHandler(
      [this](sip::Message&& ack, const net::Flow& from) { calls->onAck(ack, from); });
  voicemail = std::make_unique<VoicemailService>(config, *db, loop.timers(), stack->transactions(), *registrar);
  calls->setVoicemail(&voicemail->voicemail());
}

// The request pipeline: SIP policy lives in telephony/pbx; here it only meets its parts.
void Server::Parts::buildRouter() {
  router = std::make_unique<pbx::RequestRouter>(
      config.sip.userAgent,
      pbx::RoutedParts{*authenticator, *registrar, *calls, voicemail->subscribeRules()},
      [this](const std::string& extension) { voicemail->onRegistered(extension); });
  stack->transactions().setRequestHandler([this](sip::ServerTransaction tx) { router->route(std::move(tx)); });
}

Status Server::start() {
  auto& p = *parts_;
  p.startedAt = p.loop.clock().systemNow();
  if (auto opened = p.openStorage(); !opened) return opened;
  if (auto opened = p.openTransports(); !opened) return opened;
  if (auto loaded = p.loadMusic(); !loaded) return loaded;
  p.provisioning = std::make_unique<ProvisioningService>(p.config, p.loop);
  if (auto opened = p.provisioning->openTftp(); !opened) return opened;
  p.buildTelephony();
  if (auto opened = p.provisioning->openHttp(*p.registrar, *p.callSettings, *p.voicemail); !opened) return opened;
  p.ctl = std::make_unique<admin::CtlServer>(p.loop.io(), (p.config.pbx.dataDir / "control.sock").string());
  if (auto started = p.ctl->start(); !started) return started;
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
  p.housekeeping = std::make_unique<Housekeeping>(p.loop, *p.stack, *p.securityLog);
  p.housekeeping->start();
  p.loop.onSignal([this](int signal) {
    SB_LOG_NOTICE("Received signal {}, stopping", signal);
    parts_->loop.stop();
  });
  std::string listening;
  for (const auto& flow : p.transport->listeners())
    listening += (listening.empty() ? "" : ", ") + std::string(net::transportName(flow.transport)) + " " + flow.local.toString();
  SB_LOG_NOTICE("Switchboard {} ready for domain {} on {}", kVersion, p.config.pbx.domain, listening);
  return {};
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
