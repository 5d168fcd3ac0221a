// SPDX-License-Identifier: MIT
#include "provisioning/cisco/cisco_file_source.h"

#include <gtest/gtest.h>

namespace sb::provisioning {
namespace {

class CiscoFileSourceTest : public ::testing::Test {
 protected:
  static SiteProfile siteFor(const net::SocketAddress& phone) {
    SiteProfile s;
    s.proxyAddress = phone.ip.is_loopback() ? "127.0.0.1" : "192.168.1.2";
    s.imageVersion = "P0S3-8-12-00";
    s.sync = '1';  // a char: assigning "1" makes GCC 12 at -O3 warn (-Wrestrict, GCC bug 105329)
    return s;
  }
  std::vector<PhoneProfile> phones{{"000E84C060A6", "cisco-7960", "Home", "1", {{"100", "", "x"}}},
                                   {"000E84C060A7", "cisco-7961", "Office", "2", {{"101", "", "y"}}}};
  CiscoFileSource source{phones, &siteFor};
  CiscoFileSource defaults{{}, &siteFor, CiscoFileSource::Files::Defaults};
  net::SocketAddress lan{boost::asio::ip::make_address("192.168.1.50"), 50000};
};

TEST_F(CiscoFileSourceTest, serves_the_names_phones_ask_for_in_any_case) {
  for (const char* name : {"SIPDefault.cnf", "sipdefault.CNF", "SIP000E84C060A6.cnf", "sip000e84c060a6.cnf",
                           "SEP000E84C060A6.cnf.xml", "SEP000E84C060A7.cnf.xml", "syncinfo.xml", "DIALPLAN.XML"}) {
    const auto file = source.find(name, lan);
    ASSERT_TRUE(file) << name;
    EXPECT_FALSE(file->bytes->empty()) << name;
  }
  EXPECT_EQ(source.find("sip000e84c060a6.cnf", lan)->name, "SIP000E84C060A6.cnf");
  EXPECT_NE(source.find("SIPDefault.cnf", lan)->bytes->find("192.168.1.2"), std::string::npos);
}

TEST_F(CiscoFileSourceTest, knows_nothing_of_other_phones_or_files) {
  for (const char* name : {"SIP000000000000.cnf", "SEP000000000000.cnf.xml", "CTLSEP000E84C060A6.tlv",
                           "SIP000E84C060A7.cnf",  // a 7961 reads only its XML file
                           "XMLDefault.cnf.xml", "OS79XX.TXT", "RINGLIST.DAT", "SIP000E84C060A6.cnf.bak"}) {
    EXPECT_FALSE(source.find(name, lan)) << name;
  }
  EXPECT_TRUE(defaults.find("os79xx.txt", lan));
  EXPECT_TRUE(defaults.find("RINGLIST.DAT", lan));
  EXPECT_FALSE(defaults.find("SIPDefault.cnf", lan));
}

}  // namespace
}  // namespace sb::provisioning
