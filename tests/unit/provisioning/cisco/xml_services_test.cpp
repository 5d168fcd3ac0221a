// SPDX-License-Identifier: MIT
#include "provisioning/cisco/xml_services.h"

#include <gtest/gtest.h>

namespace sb::provisioning {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(XmlServices, a_directory_page_holds_at_most_32_entries_escaped) {
  std::vector<DirectoryEntry> entries;
  for (int i = 0; i < 40; ++i) entries.push_back({"Name <" + std::to_string(i) + "> & co", std::to_string(100 + i)});
  const auto text = directoryXml("Directory", "Page 1", entries);
  EXPECT_EQ(count(text, "<DirectoryEntry>"), 32u);
  EXPECT_NE(text.find("<Name>Name &lt;0&gt; &amp; co</Name><Telephone>100</Telephone>"), std::string::npos) << text;
  EXPECT_EQ(text.rfind("<CiscoIPPhoneDirectory>", 100), text.find("<CiscoIPPhoneDirectory>"));
  EXPECT_TRUE(text.starts_with("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<CiscoIPPhoneDirectory>"));
}

TEST(XmlServices, names_become_latin_1_for_the_screen) {
  EXPECT_EQ(toLatin1("J\xC3\xBCrgen"), "J\xFCrgen");          // ü
  EXPECT_EQ(toLatin1("\xE2\x82\xAC 5"), "? 5");               // € is not in Latin-1
  EXPECT_EQ(toLatin1("bad \xC3"), "bad ?");                   // truncated sequence
  EXPECT_EQ(toLatin1("\xF0\x9F\x93\x9E call"), "? call");     // emoji
}

TEST(XmlServices, input_menu_and_text_objects) {
  const auto input = inputXml("Directory", "Search", "http://x/list?a=1&b=2", "Name", "q", "A");
  EXPECT_NE(input.find("<URL>http://x/list?a=1&amp;b=2</URL>"), std::string::npos);
  EXPECT_NE(input.find("<QueryStringParam>q</QueryStringParam>"), std::string::npos);
  EXPECT_NE(input.find("<InputFlags>A</InputFlags>"), std::string::npos);
  std::vector<MenuItem> items(120, MenuItem{std::string(100, 'x'), "http://x/"});
  const auto menu = menuXml("Menu", "", items);
  EXPECT_EQ(count(menu, "<MenuItem>"), 100u);
  EXPECT_NE(menu.find("<Name>" + std::string(64, 'x') + "</Name>"), std::string::npos);
  const auto text = textXml("T", "P", "line\x01one");
  EXPECT_NE(text.find("<Text>lineone</Text>"), std::string::npos);  // no control characters
}

}  // namespace
}  // namespace sb::provisioning
