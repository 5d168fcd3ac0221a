// SPDX-License-Identifier: MIT
// The generated Cisco 79xx files (shared reference cisco-79xx.md §1.1-1.3, §1.7).
#include "provisioning/cisco/cisco_files.h"

#include <gtest/gtest.h>

namespace sb::provisioning {
namespace {

bool has(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

SiteProfile site() {
  SiteProfile s;
  s.proxyAddress = "192.168.1.2";
  s.proxyPort = 5060;
  s.domain = "voip.olympia.local";
  s.imageVersion = "P0S3-8-12-00";
  s.sntpServer = "pool.ntp.org";
  s.timeZone = "EST";
  s.sync = "0123456789abcdef";
  s.numbers = {"100", "1000", "200"};
  return s;
}

PhoneProfile phone(std::string model = "cisco-7960") {
  return PhoneProfile{"000E84C060A6", std::move(model), "THC Inc.", "123456789012",
                      {{"100", "THC Inc 100", "s3cret-one"}, {"1000", "Intercom", "s3cret-two"}}};
}

TEST(CiscoFiles, sip_default_registers_with_us_and_locks_the_phone_down) {
  const auto text = sipDefaultCnf(site());
  for (const char* expected : {"image_version: \"P0S3-8-12-00\"", "proxy1_address: \"192.168.1.2\"", "proxy1_port: 5060",
                               "proxy_register: 1", "timer_register_expires: 120", "telnet_level: 0",
                               "sync: \"0123456789abcdef\"", "sntp_server: \"pool.ntp.org\"", "time_zone: \"EST\"",
                               "date_format: \"M/D/Y\"", "time_format_24hr: 0", "messages_uri: \"*97\"",
                               "dial_template: \"dialplan\"", "semi_attended_transfer: 0"}) {
    EXPECT_TRUE(has(text, expected)) << expected << "\n" << text;
  }
  EXPECT_EQ(text.find("directory_url"), std::string::npos);  // no HTTP server: no URLs
  auto withHttp = site();
  withHttp.httpBase = "http://192.168.1.2:8088";
  withHttp.timeZone = "CET";
  const auto http = sipDefaultCnf(withHttp);
  EXPECT_TRUE(has(http, "directory_url: \"http://192.168.1.2:8088/cisco/directory\""));
  EXPECT_TRUE(has(http, "services_url: \"http://192.168.1.2:8088/cisco/services\""));
  EXPECT_TRUE(has(http, "logo_url: \"http://192.168.1.2:8088/cisco/logo.bmp\""));
  EXPECT_TRUE(has(http, "date_format: \"D/M/Y\""));
}

TEST(CiscoFiles, sip_mac_carries_each_lines_credentials_and_the_generated_password) {
  const auto text = sipMacCnf(site(), phone());
  for (const char* expected : {"phone_label: \"THC Inc.\"", "phone_password: \"123456789012\"", "telnet_level: 0",
                               "nat_enable: 0", "line1_name: \"100\"", "line1_authname: \"100\"",
                               "line1_password: \"s3cret-one\"", "line1_displayname: \"THC Inc 100\"",
                               "line1_shortname: \"THC Inc 100\"", "line2_name: \"1000\"",
                               "line2_password: \"s3cret-two\"", "line6_authname: \"UNPROVISIONED\"",
                               "line6_password: \"UNPROVISIONED\""}) {
    EXPECT_TRUE(has(text, expected)) << expected << "\n" << text;
  }
  EXPECT_EQ(text.find("line7_"), std::string::npos);  // a 7960 has six line keys
  EXPECT_EQ(sipMacCnf(site(), phone("cisco-7940")).find("line3_"), std::string::npos);
}

TEST(CiscoFiles, a_phone_outside_the_local_networks_gets_nat_settings) {
  auto s = site();
  s.natAddress = "203.0.113.7";
  const auto text = sipMacCnf(s, phone());
  EXPECT_TRUE(has(text, "nat_enable: 1"));
  EXPECT_TRUE(has(text, "nat_address: \"203.0.113.7\""));
  EXPECT_TRUE(has(text, "nat_received_processing: 1"));
}

TEST(CiscoFiles, a_display_name_cannot_break_out_of_its_value) {
  auto p = phone();
  p.lines[0].displayName = "Evil\"\nproxy1_address: \"6.6.6.6";
  p.label = "A\\B\r\nC";
  const auto text = sipMacCnf(site(), p);
  EXPECT_EQ(text.find("\nproxy1_address"), std::string::npos) << text;
  EXPECT_TRUE(has(text, "line1_displayname: \"Evil''proxy1_address: '6.6.6.6\"")) << text;
  EXPECT_TRUE(has(text, "phone_label: \"A'B''C\"")) << text;
}

TEST(CiscoFiles, the_7960_boot_stub_names_sip_and_the_image) {
  const auto text = sepCnfXml(site(), phone());
  EXPECT_NE(text.find("<deviceProtocol>SIP</deviceProtocol>"), std::string::npos);
  EXPECT_NE(text.find("<loadInformation model=\"IP Phone 7960\">P0S3-8-12-00</loadInformation>"), std::string::npos);
  EXPECT_EQ(text.find("authPassword"), std::string::npos);  // the 7960 reads its lines elsewhere
}

TEST(CiscoFiles, the_7961_reads_everything_from_its_xml_file) {
  auto p = phone("cisco-7961");
  p.lines[0].displayName = "Tom & Jerry <1>";
  const auto text = sepCnfXml(site(), p);
  for (const char* expected : {"<processNodeName>192.168.1.2</processNodeName>", "<registerWithProxy>true</registerWithProxy>",
                               "<line button=\"1\">", "<name>100</name>", "<authName>100</authName>",
                               "<authPassword>s3cret-one</authPassword>", "<displayName>Tom &amp; Jerry &lt;1&gt;</displayName>",
                               "<line button=\"2\">", "<phonePassword>123456789012</phonePassword>",
                               "<versionStamp>0123456789abcdef</versionStamp>", "<dialTemplate>dialplan.xml</dialTemplate>"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  EXPECT_TRUE(readsXmlConfig("cisco-7961"));
  EXPECT_FALSE(readsXmlConfig("cisco-7960"));
}

TEST(CiscoFiles, the_dial_plan_dials_numbers_in_use_at_once_unless_a_longer_one_begins_with_them) {
  const auto text = dialplanXml(site());
  EXPECT_NE(text.find("<TEMPLATE MATCH=\"100\" Timeout=\"2\"/>"), std::string::npos) << text;   // 1000 follows
  EXPECT_NE(text.find("<TEMPLATE MATCH=\"1000\" Timeout=\"0\"/>"), std::string::npos);
  EXPECT_NE(text.find("<TEMPLATE MATCH=\"200\" Timeout=\"0\"/>"), std::string::npos);
  EXPECT_NE(text.find("<TEMPLATE MATCH=\"\\*97\" Timeout=\"0\"/>"), std::string::npos);
  EXPECT_NE(text.find("<TEMPLATE MATCH=\"\\*\\*200\" Timeout=\"0\"/>"), std::string::npos);
  EXPECT_NE(text.find("<TEMPLATE MATCH=\"\\*72*\" Timeout=\"3\"/>"), std::string::npos);
  EXPECT_NE(text.find("<TEMPLATE MATCH=\"911\" Timeout=\"0\" User=\"Phone\"/>"), std::string::npos);
  EXPECT_NE(text.find("<TEMPLATE MATCH=\"*\" Timeout=\"5\"/>"), std::string::npos);
}

TEST(CiscoFiles, small_files) {
  EXPECT_EQ(os79xxTxt(site()), "P0S3-8-12-00\n");
  EXPECT_EQ(syncinfoXml(site()), "<SYNCINFO>\n<IMAGE VERSION=\"P0S3-8-12-00\" SYNC=\"0123456789abcdef\"/>\n</SYNCINFO>\n");
  EXPECT_NE(ringlistDat().find("Chirp 1\tChirp1.raw\n"), std::string::npos);
}

}  // namespace
}  // namespace sb::provisioning
