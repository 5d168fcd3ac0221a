// SPDX-License-Identifier: MIT
#include "app/config/config_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config_test_support.h"

namespace sb::config {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::ConfigDir;
using testing::kMinimal;

TEST(ConfigLoader, minimal_file_takes_safe_defaults_everywhere) {
  ConfigDir dir;
  const auto result = ConfigLoader::load(dir.write(kMinimal));
  ASSERT_THAT(result.problems, IsEmpty());
  ASSERT_TRUE(result.config);
  const Config& c = *result.config;
  EXPECT_EQ(c.pbx.domain, "voip.example.local");
  EXPECT_EQ(c.pbx.dataDir, dir.path() / "var");
  EXPECT_EQ(c.pbx.logLevel, log::Level::Notice);
  ASSERT_EQ(c.sip.listen.size(), 2u);
  EXPECT_EQ(c.sip.listen[0].toString(), "udp:0.0.0.0:5060");
  EXPECT_EQ(c.sip.listen[1].toString(), "tcp:0.0.0.0:5060");
  EXPECT_EQ(c.sip.qualifyFrequency.count(), 45);
  EXPECT_EQ(c.sip.qualifyTimeout.count(), 5);
  EXPECT_EQ(c.sip.minExpires.count(), 60);
  EXPECT_EQ(c.sip.maxExpires.count(), 3600);
  EXPECT_EQ(c.sip.defaultExpires.count(), 3600);
  EXPECT_EQ(c.sip.maxConnectionsPerAddress, 32u);
  EXPECT_EQ(c.sip.maxMessageBytes, 65535u);
  EXPECT_EQ(c.sip.nonceLifetime.count(), 300);
  EXPECT_EQ(c.sip.userAgent, "Switchboard");
  EXPECT_FALSE(c.sip.localNetworks.empty());
  EXPECT_EQ(c.rtp.portMin, 10000);
  EXPECT_EQ(c.rtp.portMax, 20000);
  EXPECT_TRUE(c.rtp.kernelForwarding);  // "auto": used when the process may
  EXPECT_EQ(c.security.maxRetry, 4u);
  EXPECT_EQ(c.security.findTime.count(), 21600);
  EXPECT_EQ(c.security.banTime.count(), 86400);
  EXPECT_TRUE(c.security.ignoreNetworks.empty());
  EXPECT_FALSE(c.provisioning.tftpListen);  // off unless asked for: port 69 needs privileges
  EXPECT_FALSE(c.provisioning.httpListen);
  EXPECT_EQ(c.provisioning.firmwareDir, dir.path() / "firmware");
  EXPECT_TRUE(c.extensions.empty());
  EXPECT_TRUE(c.phones.empty());
  EXPECT_EQ(c.file, dir.path() / "sb.toml");
}

TEST(ConfigLoader, reads_every_key_of_a_full_file) {
  ConfigDir dir;
  const auto result = ConfigLoader::load(dir.write(R"([pbx]
domain = "pbx.example.com"
data_dir = "/srv/switchboard"
log_level = "debug"

[sip]
listen = ["udp:192.168.1.2:5060", "tls:[::]:5061"]
external_address = "203.0.113.7"
local_networks = ["192.168.1.0/24"]
qualify_frequency = 60
qualify_timeout = 3
min_expires = 120
max_expires = 7200
default_expires = 600
max_connections_per_address = 8
max_message_bytes = 8192
nonce_lifetime = 30
user_agent = "PBX"

[rtp]
port_min = 30000
port_max = 30100

[security]
max_retry = 3
find_time = 600
ban_time = 3600
ignore_networks = ["10.1.0.0/16", "2001:db8::/32"]

[provisioning]
tftp_listen = "192.168.1.2:69"
http_listen = "0.0.0.0:8088"
firmware_dir = "../fw"
image_version = "P0S3-8-12-00"
sntp_server = ""
time_zone = "EST"

[[extension]]
number = "100"
name = "Front desk"
secret = "correct horse battery staple"
voicemail = false

[[extension]]
number = "101"

[[phone]]
mac = "000e.84c0.60a6"
model = "Cisco-7940"
label = "Desk"
lines = ["100", "101"]
)"));
  ASSERT_THAT(result.problems, IsEmpty());
  const Config& c = *result.config;
  EXPECT_EQ(c.pbx.dataDir, "/srv/switchboard");
  EXPECT_EQ(c.pbx.logLevel, log::Level::Debug);
  ASSERT_EQ(c.sip.listen.size(), 2u);
  EXPECT_EQ(c.sip.listen[1].kind, net::TransportKind::Tls);
  EXPECT_EQ(c.sip.listen[1].host, "::");
  EXPECT_EQ(c.sip.listen[1].port, 5061);
  EXPECT_EQ(c.sip.externalAddress, "203.0.113.7");
  ASSERT_EQ(c.sip.localNetworks.size(), 1u);
  EXPECT_EQ(c.sip.localNetworks[0].toString(), "192.168.1.0/24");
  EXPECT_EQ(c.sip.defaultExpires.count(), 600);
  EXPECT_EQ(c.sip.maxConnectionsPerAddress, 8u);
  EXPECT_EQ(c.sip.userAgent, "PBX");
  EXPECT_EQ(c.rtp.portMin, 30000);
  EXPECT_EQ(c.security.ignoreNetworks.size(), 2u);
  ASSERT_TRUE(c.provisioning.tftpListen);
  EXPECT_EQ(c.provisioning.tftpListen->toString(), "192.168.1.2:69");
  EXPECT_EQ(c.provisioning.firmwareDir, dir.path().parent_path() / "fw");
  EXPECT_EQ(c.provisioning.sntpServer, "");
  ASSERT_EQ(c.extensions.size(), 2u);
  EXPECT_EQ(c.extensions[0].secret, "correct horse battery staple");
  EXPECT_FALSE(c.extensions[0].voicemail);
  EXPECT_EQ(c.extensions[1].secret, "");  // left to SecretStore
  EXPECT_TRUE(c.extensions[1].voicemail);
  ASSERT_EQ(c.phones.size(), 1u);
  EXPECT_EQ(c.phones[0].mac, "000E84C060A6");
  EXPECT_EQ(c.phones[0].model, "cisco-7940");
  EXPECT_THAT(c.phones[0].lines, ElementsAre("100", "101"));
}

TEST(ConfigLoader, the_shipped_example_is_valid) {
  const auto result = ConfigLoader::load(std::string(SB_SOURCE_DIR) + "/examples/home.toml");
  for (const auto& p : result.problems) ADD_FAILURE() << p.toString();
  ASSERT_TRUE(result.config);
  const Config& c = *result.config;
  EXPECT_EQ(c.pbx.domain, "voip.olympia.local");
  EXPECT_EQ(c.pbx.dataDir, std::filesystem::path(SB_SOURCE_DIR) / "examples" / "var");
  ASSERT_EQ(c.extensions.size(), 2u);
  EXPECT_EQ(c.extensions[0].number, "100");
  EXPECT_EQ(c.extensions[0].name, "THC Inc 100");
  EXPECT_EQ(c.extensions[1].number, "1000");
  EXPECT_FALSE(c.extensions[1].voicemail);
  ASSERT_EQ(c.phones.size(), 1u);
  EXPECT_EQ(c.phones[0].mac, "000E84C060A6");
  EXPECT_THAT(c.phones[0].lines, ElementsAre("100", "1000"));
  ASSERT_TRUE(c.provisioning.tftpListen);
  EXPECT_EQ(c.provisioning.tftpListen->port, 69);
}

TEST(ConfigLoader, missing_file_is_one_problem_without_a_line) {
  ConfigDir dir;
  const auto result = ConfigLoader::load(dir.path() / "nope.toml");
  EXPECT_FALSE(result.config);
  EXPECT_THAT(result.problems, ElementsAre(::testing::Property(
                                   &Problem::toString, (dir.path() / "nope.toml").string() +
                                                           ": file: does not exist")));
}

TEST(ConfigLoader, a_directory_is_not_a_configuration_file) {
  ConfigDir dir;
  const auto result = ConfigLoader::load(dir.path());
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0].toString(), dir.path().string() + ": file: is a directory, not a file");
}

TEST(ConfigLoader, an_empty_file_lacks_only_the_domain) {
  ConfigDir dir;
  EXPECT_THAT(dir.problems(""),
              ElementsAre(dir.at(1) + "pbx.domain: missing: set the SIP domain, e.g. domain = \"voip.example.local\""));
}

TEST(ConfigLoader, a_list_written_as_a_string_gets_a_hint) {
  ConfigDir dir;
  EXPECT_THAT(dir.problems(kMinimal + "[sip]\nlisten = \"udp:0.0.0.0:5060\"\n"),
              ElementsAre(dir.at(4) + "sip.listen: expected an array of strings, got a string "
                                      "(write a list: [\"udp:0.0.0.0:5060\"])"));
}

TEST(ConfigLoader, syntax_error_names_its_line) {
  ConfigDir dir;
  const auto problems = dir.problems(kMinimal + "[sip]\nqualify_frequency = = 4\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].rfind(dir.at(4) + "syntax: ", 0), 0u) << problems[0];
}

TEST(ConfigLoader, unknown_keys_are_problems_with_a_did_you_mean) {
  ConfigDir dir;
  EXPECT_THAT(dir.problems(kMinimal + "[sip]\nqualify_frequncy = 30\nfoo = 1\n"),
              ElementsAre(dir.at(4) + "sip.qualify_frequncy: unknown key; did you mean 'qualify_frequency'?",
                          dir.at(5) + "sip.foo: unknown key"));
}

TEST(ConfigLoader, a_key_in_the_wrong_table_is_pointed_to_the_right_one) {
  ConfigDir dir;
  EXPECT_THAT(dir.problems(kMinimal + "qualify_frequency = 30\n"),
              ElementsAre(dir.at(3) + "pbx.qualify_frequency: unknown key; it belongs in [sip]"));
}

TEST(ConfigLoader, unknown_tables_are_problems) {
  ConfigDir dir;
  EXPECT_THAT(dir.problems(kMinimal + "[sipp]\nlisten = []\n[trunk]\nname = \"x\"\n"),
              ElementsAre(dir.at(3) + "sipp: unknown key; did you mean 'sip'?",
                          dir.at(5) + "trunk: unknown key"));
}

TEST(ConfigLoader, wrong_types_are_problems_with_a_hint) {
  ConfigDir dir;
  EXPECT_THAT(
      dir.problems(kMinimal + "[sip]\nqualify_frequency = \"45\"\nuser_agent = 5\n"
                              "[[extension]]\nnumber = 100\nvoicemail = \"yes\"\n"),
      ElementsAre(dir.at(4) + "sip.qualify_frequency: expected an integer, got a string (write 45 without quotes)",
                  dir.at(5) + "sip.user_agent: expected a string, got an integer (put it in quotes)",
                  dir.at(7) + "extension[0].number: expected a string, got an integer (put it in quotes)",
                  dir.at(8) + "extension[0].voicemail: expected a boolean, got a string"));
}

TEST(ConfigLoader, a_section_that_is_not_a_table_is_a_problem) {
  ConfigDir dir;
  EXPECT_THAT(dir.problems("sip = 5\n" + kMinimal),
              ElementsAre(dir.at(1) + "sip: expected a table ([sip]), got an integer"));
}

TEST(ConfigLoader, numbers_out_of_range_are_problems) {
  ConfigDir dir;
  EXPECT_THAT(dir.problems(kMinimal + R"([sip]
qualify_frequency = 5
qualify_timeout = 61
max_connections_per_address = 0
[security]
max_retry = 0
ban_time = -1
)"),
              ElementsAre(dir.at(4) + "sip.qualify_frequency: 5 is out of range 10..3600 seconds",
                          dir.at(5) + "sip.qualify_timeout: 61 is out of range 1..60 seconds",
                          dir.at(6) + "sip.max_connections_per_address: 0 is out of range 1..65535",
                          dir.at(8) + "security.max_retry: 0 is out of range 1..1000",
                          dir.at(9) + "security.ban_time: -1 is out of range 1..31536000 seconds"));
}

TEST(ConfigLoader, qualify_timeout_must_be_shorter_than_the_frequency) {
  ConfigDir dir;
  EXPECT_THAT(dir.problems(kMinimal + "[sip]\nqualify_frequency = 10\nqualify_timeout = 10\n"),
              ElementsAre(dir.at(5) + "sip.qualify_timeout: qualify_timeout (10) must be shorter "
                                      "than qualify_frequency (10)"));
}

TEST(ConfigLoader, expires_must_be_ordered_min_default_max) {
  ConfigDir dir;
  EXPECT_THAT(dir.problems(kMinimal + "[sip]\nmin_expires = 600\nmax_expires = 300\n"),
              ElementsAre(dir.at(4) + "sip.min_expires: min_expires (600) is larger than max_expires (300)"));
  EXPECT_THAT(dir.problems(kMinimal + "[sip]\nmin_expires = 60\ndefault_expires = 30\n"),
              ElementsAre(dir.at(5) + "sip.default_expires: default_expires (30) must lie between "
                                      "min_expires and max_expires (60..3600)"));
}

TEST(ConfigLoader, rtp_ports_must_be_even_and_ordered) {
  ConfigDir dir;
  EXPECT_THAT(dir.problems(kMinimal + "[rtp]\nport_min = 10001\nport_max = 70000\n"),
              ElementsAre(dir.at(4) + "rtp.port_min: 10001 is odd: RTP ports are even (RTCP takes the odd one above)",
                          dir.at(5) + "rtp.port_max: 70000 is out of range 1..65535"));
  EXPECT_THAT(dir.problems(kMinimal + "[rtp]\nport_min = 20000\nport_max = 20000\n"),
              ElementsAre(dir.at(5) + "rtp.port_max: port_max (20000) must be larger than port_min (20000)"));
}

TEST(ConfigLoader, kernel_forwarding_is_auto_or_off) {
  ConfigDir dir;
  const auto off = ConfigLoader::load(dir.write(kMinimal + "[rtp]\nkernel_forwarding = \"off\"\n"));
  ASSERT_THAT(off.problems, IsEmpty());
  EXPECT_FALSE(off.config->rtp.kernelForwarding);
  EXPECT_THAT(dir.problems(kMinimal + "[rtp]\nkernel_forwarding = \"on\"\n"),
              ElementsAre(dir.at(4) + "rtp.kernel_forwarding: 'on' is neither \"auto\" nor \"off\""));
}

TEST(ConfigLoader, voicemail_limits_are_read_and_checked) {
  ConfigDir dir;
  const auto set = ConfigLoader::load(
      dir.write(kMinimal + "[voicemail]\nmax_message = 60\nmin_message = 2\nmax_messages = 20\n"));
  ASSERT_THAT(set.problems, IsEmpty());
  EXPECT_EQ(set.config->voicemail.maxMessage, std::chrono::seconds(60));
  EXPECT_EQ(set.config->voicemail.minMessage, std::chrono::seconds(2));
  EXPECT_EQ(set.config->voicemail.maxMessages, 20u);
  const auto defaults = ConfigLoader::load(dir.write(kMinimal));
  ASSERT_THAT(defaults.problems, IsEmpty());
  EXPECT_EQ(defaults.config->voicemail.maxMessage, std::chrono::seconds(180));
  EXPECT_EQ(defaults.config->voicemail.maxMessages, 100u);
  EXPECT_THAT(dir.problems(kMinimal + "[voicemail]\nmax_messages = 0\nmin_message = 30\nmax_message = 20\n"),
              ElementsAre(dir.at(4) + "voicemail.max_messages: 0 is out of range 1..10000",
                          dir.at(5) + "voicemail.min_message: must be shorter than max_message (20 s)"));
}

TEST(ConfigLoader, bad_listen_entries_are_each_reported_on_their_line) {
  ConfigDir dir;
  EXPECT_THAT(dir.problems(kMinimal + R"([sip]
listen = [
  "sctp:0.0.0.0:5060",
  "udp:0.0.0.0",
  "udp:pbx.local:5060",
  "tcp:0.0.0.0:70000",
  "udp:::5060",
  "udp:0.0.0.0:5060",
  "udp:0.0.0.0:5060",
]
)"),
              ElementsAre(
                  dir.at(5) + "sip.listen[0]: 'sctp:0.0.0.0:5060': expected transport:host:port with transport udp, tcp or tls, e.g. udp:0.0.0.0:5060",
                  dir.at(6) + "sip.listen[1]: 'udp:0.0.0.0': expected host:port, e.g. 0.0.0.0:5060 or [::]:5060",
                  dir.at(7) + "sip.listen[2]: 'udp:pbx.local:5060': 'pbx.local' is not an IP address (use 0.0.0.0 for all)",
                  dir.at(8) + "sip.listen[3]: 'tcp:0.0.0.0:70000': port '70000' is not a number from 1 to 65535",
                  dir.at(9) + "sip.listen[4]: 'udp:::5060': an IPv6 address must be in brackets, e.g. [::]:5060",
                  dir.at(11) + "sip.listen[6]: 'udp:0.0.0.0:5060' is listed twice"));
  EXPECT_THAT(dir.problems(kMinimal + "[sip]\nlisten = []\n"),
              ElementsAre(dir.at(4) + "sip.listen: empty: Switchboard needs at least one address to listen on"));
}

TEST(ConfigLoader, bad_networks_are_reported_with_the_reason) {
  ConfigDir dir;
  EXPECT_THAT(
      dir.problems(kMinimal + "[sip]\nlocal_networks = [\"192.168.1.5/16\", \"10.0.0.0/33\", \"lan\", 7]\n"),
      ElementsAre(dir.at(4) + "sip.local_networks[0]: '192.168.1.5/16' is not a network: host bits set after the /16 prefix; did you mean 192.168.0.0/16?",
                  dir.at(4) + "sip.local_networks[1]: '10.0.0.0/33' is not a network: prefix length 33 is longer than 32",
                  dir.at(4) + "sip.local_networks[2]: 'lan' is not a network: 'lan' is not an IPv4 or IPv6 address",
                  dir.at(4) + "sip.local_networks[3]: expected a string, got an integer"));
}

TEST(ConfigLoader, domain_must_be_present_and_not_empty) {
  ConfigDir dir;
  EXPECT_THAT(dir.problems("[pbx]\ndomain = \"\"\n"),
              ElementsAre(dir.at(2) + "pbx.domain: must not be empty: it is the SIP domain and digest realm"));
  EXPECT_THAT(dir.problems("[sip]\n"),
              ElementsAre(dir.at(1) + "pbx.domain: missing: set the SIP domain, e.g. domain = \"voip.example.local\""));
  EXPECT_THAT(dir.problems("[pbx]\ndomain = \"bad domain!\"\n"),
              ElementsAre(dir.at(2) + "pbx.domain: 'bad domain!' is not a host name or IP address"));
}

TEST(ConfigLoader, log_level_must_be_a_known_level) {
  ConfigDir dir;
  EXPECT_THAT(dir.problems(kMinimal + "log_level = \"loud\"\n"),
              ElementsAre(dir.at(3) + "pbx.log_level: 'loud' is not one of debug, verbose, notice, warning, error"));
}

TEST(ConfigLoader, extension_numbers_must_be_digits_and_unique) {
  ConfigDir dir;
  EXPECT_THAT(dir.problems(kMinimal + R"([[extension]]
number = "100"
[[extension]]
number = "10a"
[[extension]]
number = "1234567890123456"
[[extension]]
number = "100"
[[extension]]
name = "nobody"
)"),
              ElementsAre(dir.at(6) + "extension[1].number: '10a' is not an extension number: use 1 to 15 digits",
                          dir.at(8) + "extension[2].number: '1234567890123456' is not an extension number: use 1 to 15 digits",
                          dir.at(10) + "extension[3].number: 100 is already extension[0] (line 4)",
                          dir.at(11) + "extension[4].number: missing: every extension needs a number, e.g. number = \"100\""));
}

TEST(ConfigLoader, extension_written_as_a_plain_table_is_a_problem) {
  ConfigDir dir;
  EXPECT_THAT(dir.problems(kMinimal + "[extension]\nnumber = \"100\"\n"),
              ElementsAre(dir.at(3) + "extension: written as [extension]; each entry is a table of an array: [[extension]]"));
}

TEST(ConfigLoader, weak_secrets_are_refused_with_the_reason) {
  ConfigDir dir;
  EXPECT_THAT(dir.problems(kMinimal + R"([[extension]]
number = "100"
secret = "1234"
[[extension]]
number = "101"
secret = "101101101101"
[[extension]]
number = "102"
secret = "Password2024!"
[[extension]]
number = "103"
secret = "qwertyuiopasdf"
[[extension]]
number = "104"
secret = "quote\"inside-it"
[[extension]]
number = "105"
secret = "Vq7-harbor-Lumen-92"
[[extension]]
number = "106"
secret = ""
)"),
              ElementsAre(
                  dir.at(5) + "extension[0].secret: weak secret: shorter than 12 characters; leave it empty to have one generated",
                  dir.at(8) + "extension[1].secret: weak secret: made from the extension number; leave it empty to have one generated",
                  dir.at(11) + "extension[2].secret: weak secret: a commonly used password; leave it empty to have one generated",
                  dir.at(14) + "extension[3].secret: weak secret: a keyboard or counting sequence; leave it empty to have one generated",
                  dir.at(17) + "extension[4].secret: contains a quote, backslash or control character, which phone configuration files cannot hold"));
}

TEST(ConfigLoader, phone_macs_in_common_spellings_are_normalised) {
  ConfigDir dir;
  const char* spellings[] = {"00:0E:84:C0:60:A6", "00-0e-84-c0-60-a6", "000e.84c0.60a6",
                             "000E84C060A6"};
  for (const char* mac : spellings) {
    const auto result = ConfigLoader::load(dir.write(
        kMinimal + "[[extension]]\nnumber = \"100\"\n[[phone]]\nmac = \"" + mac +
        "\"\nmodel = \"cisco-7960\"\nlines = [\"100\"]\n"));
    ASSERT_THAT(result.problems, IsEmpty()) << mac;
    EXPECT_EQ(result.config->phones[0].mac, "000E84C060A6") << mac;
  }
}

TEST(ConfigLoader, phone_problems_are_each_reported) {
  ConfigDir dir;
  EXPECT_THAT(dir.problems(kMinimal + R"([[extension]]
number = "100"
[[phone]]
mac = "00:0E:84:C0:60"
model = "cisco-7690"
lines = ["100", "1001"]
[[phone]]
mac = "00:0e:84:c0:60:a7"
model = "polycom"
lines = []
[[phone]]
mac = "000E84C060A7"
model = "cisco-7940"
lines = ["100", "100", "100"]
)"),
              ElementsAre(
                  dir.at(6) + "phone[0].mac: '00:0E:84:C0:60' is not a MAC address (write it like 00:0E:84:C0:60:A6)",
                  dir.at(7) + "phone[0].model: unknown model 'cisco-7690'; did you mean 'cisco-7960'?",
                  dir.at(8) + "phone[0].lines[1]: no extension '1001'; did you mean '100'?",
                  dir.at(11) + "phone[1].model: unknown model 'polycom'; known models: cisco-7940, cisco-7941, cisco-7960, cisco-7961, cisco-7971",
                  dir.at(12) + "phone[1].lines: empty: a phone needs at least one line, e.g. lines = [\"100\"]",
                  dir.at(14) + "phone[2].mac: 000E84C060A7 is already phone[1] (line 10)",
                  dir.at(16) + "phone[2].lines: 3 lines, but a cisco-7940 has 2 line keys"));
}

TEST(ConfigLoader, a_phone_needs_mac_model_and_lines) {
  ConfigDir dir;
  EXPECT_THAT(dir.problems(kMinimal + "[[phone]]\nlabel = \"x\"\n"),
              ElementsAre(dir.at(3) + "phone[0].mac: missing: the phone's MAC address, e.g. mac = \"00:0E:84:C0:60:A6\"",
                          dir.at(3) + "phone[0].model: missing: one of cisco-7940, cisco-7941, cisco-7960, cisco-7961, cisco-7971",
                          dir.at(3) + "phone[0].lines: missing: the extensions on this phone's line keys, e.g. lines = [\"100\"]"));
}

TEST(ConfigLoader, provisioning_addresses_and_tokens_are_checked) {
  ConfigDir dir;
  EXPECT_THAT(dir.problems(kMinimal + R"([provisioning]
tftp_listen = "0.0.0.0"
http_listen = "web:80"
image_version = "P0S3 8"
time_zone = ""
sntp_server = "ntp..org"
)"),
              ElementsAre(
                  dir.at(4) + "provisioning.tftp_listen: '0.0.0.0': expected host:port, e.g. 0.0.0.0:5060 or [::]:5060 (or \"\" for off)",
                  dir.at(5) + "provisioning.http_listen: 'web:80': 'web' is not an IP address (use 0.0.0.0 for all) (or \"\" for off)",
                  dir.at(6) + "provisioning.image_version: 'P0S3 8' may hold only letters, digits and ._-",
                  dir.at(7) + "provisioning.time_zone: must not be empty",
                  dir.at(8) + "provisioning.sntp_server: 'ntp..org' is not a host name or IP address (or \"\" for none)"));
}

TEST(ConfigLoader, services_that_would_share_a_port_are_problems) {
  ConfigDir dir;
  EXPECT_THAT(dir.problems(kMinimal + R"([sip]
listen = ["udp:0.0.0.0:5060", "tcp:0.0.0.0:5060", "tls:0.0.0.0:5060"]
[rtp]
port_min = 5000
port_max = 6000
[provisioning]
http_listen = "127.0.0.1:5060"
)"),
              ElementsAre(dir.at(4) + "sip.listen: tls:0.0.0.0:5060 and tcp:0.0.0.0:5060 need the same TCP port",
                          dir.at(6) + "rtp.port_min: the RTP range 5000..6001 includes sip.listen udp:0.0.0.0:5060",
                          dir.at(9) + "provisioning.http_listen: port 5060 is taken by sip.listen tcp:0.0.0.0:5060",
                          dir.at(9) + "provisioning.http_listen: port 5060 is taken by sip.listen tls:0.0.0.0:5060"));
}

TEST(ConfigLoader, every_problem_is_reported_in_file_order_not_just_the_first) {
  ConfigDir dir;
  const auto result = ConfigLoader::load(dir.write(R"([pbx]
domain = ""
colour = "blue"
[sip]
qualify_frequency = 1
[[extension]]
number = "x"
secret = "secret"
)"));
  EXPECT_FALSE(result.config);
  ASSERT_EQ(result.problems.size(), 5u);
  std::vector<int> lines;
  for (const auto& p : result.problems) lines.push_back(p.line);
  EXPECT_THAT(lines, ElementsAre(2, 3, 5, 7, 8));
}

}  // namespace
}  // namespace sb::config
