// SPDX-License-Identifier: MIT
#include "app/config/system_sections.h"

#include <boost/asio/ip/address.hpp>

#include <algorithm>

#include "app/config/value_syntax.h"

namespace sb::config {
namespace {

using std::chrono::seconds;

constexpr std::int64_t kDay = 86400;

std::filesystem::path resolve(const std::filesystem::path& baseDir, const std::string& value) {
  std::filesystem::path p(value);
  if (p.is_relative()) p = baseDir / p;
  return p.lexically_normal();
}

// A path key: a non-empty string, made absolute against the config file's folder.
void readPath(TableReader& r, std::string_view key, const std::filesystem::path& baseDir,
              std::filesystem::path& out) {
  auto value = r.string(key);
  if (!value) return;
  if (value->empty()) {
    r.report(key, "must not be empty");
    return;
  }
  out = resolve(baseDir, *value);
}

// Free text shown to people or sent in headers: no control characters, bounded length.
void readText(TableReader& r, std::string_view key, std::size_t maxLength, std::string& out) {
  auto value = r.string(key);
  if (!value) return;
  if (hasControlCharacters(*value)) {
    r.report(key, "contains a control character (line break, tab, ...)");
  } else if (value->size() > maxLength) {
    r.report(key, "longer than " + std::to_string(maxLength) + " characters");
  } else {
    out = std::move(*value);
  }
}

// A token that lands verbatim in phone configuration files: letters, digits and a few symbols.
void readToken(TableReader& r, std::string_view key, std::string_view allowedSymbols,
               std::string& out) {
  auto value = r.string(key);
  if (!value) return;
  if (value->empty()) {
    r.report(key, "must not be empty");
    return;
  }
  for (char c : *value) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alnum && allowedSymbols.find(c) == std::string_view::npos) {
      r.report(key, "'" + *value + "' may hold only letters, digits and " +
                        std::string(allowedSymbols));
      return;
    }
  }
  if (value->size() > 64) {
    r.report(key, "longer than 64 characters");
    return;
  }
  out = std::move(*value);
}

void readNetworks(TableReader& r, std::string_view key, std::vector<net::Cidr>& out) {
  auto items = r.stringArray(key);
  if (!items) return;
  std::vector<net::Cidr> networks;
  for (const Located& item : *items) {
    std::string why;
    if (auto cidr = net::Cidr::parse(item.value, &why)) networks.push_back(*cidr);
    else r.reportAt(item, "'" + item.value + "' is not a network: " + why);
  }
  out = std::move(networks);
}

// An optional host:port; "" switches the service off.
void readOptionalAddress(TableReader& r, std::string_view key,
                         std::optional<net::SocketAddress>& out) {
  auto value = r.string(key);
  if (!value) return;
  if (value->empty()) {
    out.reset();
    return;
  }
  std::string why;
  if (auto address = parseSocketAddress(*value, &why)) out = *address;
  else r.report(key, "'" + *value + "': " + why + " (or \"\" for off)");
}

void readSeconds(TableReader& r, std::string_view key, std::int64_t min, std::int64_t max,
                 seconds& out) {
  if (auto v = r.integer(key, min, max, "seconds")) out = seconds(*v);
}

}  // namespace

std::vector<ListenSpec> defaultListen() {
  return {ListenSpec{net::TransportKind::Udp, "0.0.0.0", 5060},
          ListenSpec{net::TransportKind::Tcp, "0.0.0.0", 5060}};
}

std::vector<net::Cidr> defaultLocalNetworks() {
  // The private ranges (RFC 1918, RFC 4193) and loopback: where phones without NAT live.
  std::vector<net::Cidr> out;
  for (const char* text :
       {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "fc00::/7", "::1/128"})
    out.push_back(*net::Cidr::parse(text));
  return out;
}

void readPbx(TableReader& r, const std::filesystem::path& baseDir, PbxConfig& out) {
  out.dataDir = resolve(baseDir, "var");
  if (auto domain = r.string("domain")) {
    if (domain->empty())
      r.report("domain", "must not be empty: it is the SIP domain and digest realm");
    else if (!isHostName(*domain))
      r.report("domain", "'" + *domain + "' is not a host name or IP address");
    else
      out.domain = std::move(*domain);
  } else if (!r.has("domain")) {
    r.report("domain", "missing: set the SIP domain, e.g. domain = \"voip.example.local\"");
  }
  readPath(r, "data_dir", baseDir, out.dataDir);
  if (auto level = r.string("log_level")) {
    if (auto parsed = logLevelFromName(*level)) out.logLevel = *parsed;
    else r.report("log_level", "'" + *level + "' is not one of debug, verbose, notice, warning, error");
  }
  r.reportUnknownKeys();
}

void readSip(TableReader& r, SipConfig& out) {
  out.listen = defaultListen();
  out.localNetworks = defaultLocalNetworks();
  if (auto items = r.stringArray("listen")) {
    std::vector<ListenSpec> listen;
    for (const Located& item : *items) {
      std::string why;
      auto spec = parseListenSpec(item.value, &why);
      if (!spec) {
        r.reportAt(item, "'" + item.value + "': " + why);
      } else if (std::find(listen.begin(), listen.end(), *spec) != listen.end()) {
        r.reportAt(item, "'" + item.value + "' is listed twice");
      } else {
        listen.push_back(*spec);
      }
    }
    if (r.isEmptyArray("listen")) r.report("listen", "empty: Switchboard needs at least one address to listen on");
    out.listen = std::move(listen);
  }
  if (auto external = r.string("external_address")) {
    if (!external->empty() && !isHostName(*external))
      r.report("external_address", "'" + *external + "' is not a host name or IP address");
    else
      out.externalAddress = std::move(*external);
  }
  readNetworks(r, "local_networks", out.localNetworks);

  // Qualify: RFC 3261 §11 OPTIONS as a keepalive. More often than every 10 s floods big sites;
  // the timeout must end before the next probe starts.
  const auto frequency = r.integer("qualify_frequency", 10, 3600, "seconds");
  const auto timeout = r.integer("qualify_timeout", 1, 60, "seconds");
  if (frequency) out.qualifyFrequency = seconds(*frequency);
  if (timeout) out.qualifyTimeout = seconds(*timeout);
  if ((frequency || !r.has("qualify_frequency")) && (timeout || !r.has("qualify_timeout")) &&
      out.qualifyTimeout >= out.qualifyFrequency)
    r.report(r.has("qualify_timeout") ? "qualify_timeout" : "qualify_frequency",
             "qualify_timeout (" + std::to_string(out.qualifyTimeout.count()) +
                 ") must be shorter than qualify_frequency (" +
                 std::to_string(out.qualifyFrequency.count()) + ")");

  // Registration lifetimes, RFC 3261 §10.2.8 (423 Interval Too Brief below min_expires).
  const auto minExpires = r.integer("min_expires", 1, kDay, "seconds");
  const auto maxExpires = r.integer("max_expires", 1, 7 * kDay, "seconds");
  const auto defaultExpires = r.integer("default_expires", 1, 7 * kDay, "seconds");
  if (minExpires) out.minExpires = seconds(*minExpires);
  if (maxExpires) out.maxExpires = seconds(*maxExpires);
  if (defaultExpires) out.defaultExpires = seconds(*defaultExpires);
  const bool expiresRead = (minExpires || !r.has("min_expires")) &&
                           (maxExpires || !r.has("max_expires")) &&
                           (defaultExpires || !r.has("default_expires"));
  if (expiresRead) {
    if (out.minExpires > out.maxExpires) {
      r.report(r.has("min_expires") ? "min_expires" : "max_expires",
               "min_expires (" + std::to_string(out.minExpires.count()) +
                   ") is larger than max_expires (" + std::to_string(out.maxExpires.count()) + ")");
    } else if (out.defaultExpires < out.minExpires || out.defaultExpires > out.maxExpires) {
      r.report(r.has("default_expires") ? "default_expires"
               : r.has("max_expires")   ? "max_expires"
                                        : "min_expires",
               "default_expires (" + std::to_string(out.defaultExpires.count()) +
                   ") must lie between min_expires and max_expires (" +
                   std::to_string(out.minExpires.count()) + ".." +
                   std::to_string(out.maxExpires.count()) + ")");
    }
  }

  if (auto v = r.integer("max_connections_per_address", 1, 65535))
    out.maxConnectionsPerAddress = static_cast<std::uint32_t>(*v);
  if (auto v = r.integer("max_message_bytes", 4096, 1 << 20, "bytes"))
    out.maxMessageBytes = static_cast<std::uint32_t>(*v);
  readSeconds(r, "nonce_lifetime", 10, kDay, out.nonceLifetime);
  readText(r, "user_agent", 128, out.userAgent);
  if (auto items = r.stringArray("digest_algorithms")) {
    std::vector<std::string> algorithms;
    for (const Located& item : *items) {
      if (item.value != "MD5" && item.value != "SHA-256")
        r.reportAt(item, "'" + item.value + "' is not a digest algorithm (MD5 or SHA-256)");
      else if (std::find(algorithms.begin(), algorithms.end(), item.value) == algorithms.end())
        algorithms.push_back(item.value);
    }
    if (items->empty()) r.report("digest_algorithms", "empty: offer at least one of MD5, SHA-256");
    else if (!algorithms.empty()) out.digestAlgorithms = std::move(algorithms);
  }
  readSeconds(r, "ring_timeout", 1, 600, out.ringTimeout);
  readSeconds(r, "max_call_length", 0, 7 * kDay, out.maxCallLength);
  r.reportUnknownKeys();
}

void readRtp(TableReader& r, const std::filesystem::path& baseDir, RtpConfig& out) {
  // RFC 3550 §11: RTP takes the even port and RTCP the odd one above it, so both ends are even.
  auto readPort = [&](std::string_view key, std::uint16_t& port) {
    auto v = r.integer(key, 1, 65535);
    if (!v) return false;
    if (*v % 2 != 0) {
      r.report(key, std::to_string(*v) + " is odd: RTP ports are even (RTCP takes the odd one above)");
      return false;
    }
    port = static_cast<std::uint16_t>(*v);
    return true;
  };
  const bool minOk = readPort("port_min", out.portMin) || !r.has("port_min");
  const bool maxOk = readPort("port_max", out.portMax) || !r.has("port_max");
  if (minOk && maxOk && out.portMin >= out.portMax)
    r.report(r.has("port_max") ? "port_max" : "port_min",
             "port_max (" + std::to_string(out.portMax) + ") must be larger than port_min (" +
                 std::to_string(out.portMin) + ")");
  readSeconds(r, "rtp_timeout", 5, kDay, out.rtpTimeout);
  if (auto address = r.string("bind_address")) {
    boost::system::error_code ec;
    boost::asio::ip::make_address(*address, ec);
    if (ec)
      r.report("bind_address", "'" + *address + "' is not an IP address");
    else
      out.bindAddress = std::move(*address);
  }
  if (auto mode = r.string("kernel_forwarding")) {
    if (*mode == "auto" || *mode == "off")
      out.kernelForwarding = *mode == "auto";
    else
      r.report("kernel_forwarding", "'" + *mode + "' is neither \"auto\" nor \"off\"");
  }
  readPath(r, "music_on_hold", baseDir, out.musicOnHold);
  if (!out.musicOnHold.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(out.musicOnHold, ec))
      r.report("music_on_hold", singleQuoted(out.musicOnHold.string()) + " is not a readable file");
  }
  r.reportUnknownKeys();
}

void readVoicemail(TableReader& r, VoicemailConfig& out) {
  readSeconds(r, "max_message", 10, 3600, out.maxMessage);
  readSeconds(r, "min_message", 0, 60, out.minMessage);
  if (auto v = r.integer("max_messages", 1, 10000)) out.maxMessages = static_cast<std::uint32_t>(*v);
  if (out.minMessage >= out.maxMessage)
    r.report("min_message", "must be shorter than max_message (" + std::to_string(out.maxMessage.count()) + " s)");
  r.reportUnknownKeys();
}

void readSecurity(TableReader& r, SecurityConfig& out) {
  if (auto v = r.integer("max_retry", 1, 1000)) out.maxRetry = static_cast<std::uint32_t>(*v);
  readSeconds(r, "find_time", 1, 30 * kDay, out.findTime);
  readSeconds(r, "ban_time", 1, 365 * kDay, out.banTime);
  readNetworks(r, "ignore_networks", out.ignoreNetworks);
  r.reportUnknownKeys();
}

void readProvisioning(TableReader& r, const std::filesystem::path& baseDir,
                      ProvisioningConfig& out) {
  out.firmwareDir = resolve(baseDir, "firmware");
  readOptionalAddress(r, "tftp_listen", out.tftpListen);
  readOptionalAddress(r, "http_listen", out.httpListen);
  readPath(r, "firmware_dir", baseDir, out.firmwareDir);
  readToken(r, "image_version", "._-", out.imageVersion);
  if (auto sntp = r.string("sntp_server")) {
    if (!sntp->empty() && !isHostName(*sntp))
      r.report("sntp_server", "'" + *sntp + "' is not a host name or IP address (or \"\" for none)");
    else
      out.sntpServer = std::move(*sntp);
  }
  readToken(r, "time_zone", "/_+-:.", out.timeZone);
  if (auto logo = r.string("logo"); logo && !logo->empty()) {
    const auto path = resolve(baseDir, *logo);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) r.report("logo", singleQuoted(path.string()) + " is not a file");
    else out.logo = path;
  }
  r.reportUnknownKeys();
}

}  // namespace sb::config
