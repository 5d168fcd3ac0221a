// SPDX-License-Identifier: MIT
#include "provisioning/tftp/tftp_file_name.h"

#include <gtest/gtest.h>

namespace sb::tftp {
namespace {

TEST(TftpFileName, takes_the_names_phones_ask_for) {
  EXPECT_EQ(normalizeFileName("SIPDefault.cnf"), "SIPDefault.cnf");
  EXPECT_EQ(normalizeFileName("./SIP000E84C060A6.cnf"), "SIP000E84C060A6.cnf");  // tftp_cfg_dir set
  EXPECT_EQ(normalizeFileName("SEP000E84C060A6.cnf.xml"), "SEP000E84C060A6.cnf.xml");
  EXPECT_EQ(normalizeFileName("P0S3-08-12-00.loads"), "P0S3-08-12-00.loads");
  EXPECT_EQ(normalizeFileName("RINGLIST.DAT"), "RINGLIST.DAT");
}

TEST(TftpFileName, refuses_every_way_out_of_the_root) {
  for (const char* name : {"../etc/passwd", "..", "/etc/passwd", "./../x", "././x", "a/b", "a\\b", "a..b",
                           "%2e%2e/etc/passwd", "%2e%2e", ".hidden", "x\x01", "C:x", "x y", "", "./",
                           "....//x"}) {
    EXPECT_FALSE(normalizeFileName(name)) << name;
  }
  EXPECT_FALSE(normalizeFileName(std::string(129, 'a')));
  EXPECT_TRUE(normalizeFileName(std::string(128, 'a')));
  EXPECT_FALSE(normalizeFileName(std::string("a\0b", 3)));
}

}  // namespace
}  // namespace sb::tftp
