// SPDX-License-Identifier: MIT
#include "provisioning/cisco/xml_services.h"

#include "provisioning/cisco/cisco_files.h"

namespace sb::provisioning {
namespace {

constexpr std::string_view kProlog = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n";

// Escaped ISO-8859-1 text of at most `max` characters (the phone collapses whitespace anyway).
std::string text(std::string_view utf8, std::size_t max = 64) {
  std::string latin = toLatin1(utf8);
  if (latin.size() > max) latin.resize(max);
  return xmlEscape(latin);
}

}  // namespace

std::string toLatin1(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if ((c & 0xE0) == 0xC0 && i + 1 < utf8.size() && (static_cast<unsigned char>(utf8[i + 1]) & 0xC0) == 0x80) {
      const unsigned code = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3Fu);
      out.push_back(code >= 0xA0 && code <= 0xFF ? static_cast<char>(code) : '?');
      ++i;
    } else {
      // Longer sequences are outside Latin-1: skip their continuation bytes.
      out.push_back('?');
      while (i + 1 < utf8.size() && (static_cast<unsigned char>(utf8[i + 1]) & 0xC0) == 0x80) ++i;
    }
  }
  return out;
}

std::string directoryXml(std::string_view title, std::string_view prompt, const std::vector<DirectoryEntry>& page) {
  std::string out(kProlog);
  out.append("<CiscoIPPhoneDirectory>\n<Title>").append(text(title, 32)).append("</Title>\n");
  out.append("<Prompt>").append(text(prompt, 32)).append("</Prompt>\n");
  for (std::size_t i = 0; i < page.size() && i < kDirectoryPageSize; ++i) {
    out.append("<DirectoryEntry><Name>").append(text(page[i].name, 32)).append("</Name><Telephone>");
    out.append(text(page[i].telephone, 32)).append("</Telephone></DirectoryEntry>\n");
  }
  out.append("</CiscoIPPhoneDirectory>\n");
  return out;
}

std::string inputXml(std::string_view title, std::string_view prompt, std::string_view url, std::string_view label,
                     std::string_view param, std::string_view flags) {
  std::string out(kProlog);
  out.append("<CiscoIPPhoneInput>\n<Title>").append(text(title, 32)).append("</Title>\n");
  out.append("<Prompt>").append(text(prompt, 32)).append("</Prompt>\n");
  out.append("<URL>").append(xmlEscape(url)).append("</URL>\n<InputItem>\n");
  out.append("<DisplayName>").append(text(label, 32)).append("</DisplayName>\n");
  out.append("<QueryStringParam>").append(xmlEscape(param)).append("</QueryStringParam>\n");
  out.append("<DefaultValue></DefaultValue>\n<InputFlags>").append(xmlEscape(flags)).append("</InputFlags>\n");
  out.append("</InputItem>\n</CiscoIPPhoneInput>\n");
  return out;
}

std::string menuXml(std::string_view title, std::string_view prompt, const std::vector<MenuItem>& items) {
  std::string out(kProlog);
  out.append("<CiscoIPPhoneMenu>\n<Title>").append(text(title, 32)).append("</Title>\n");
  out.append("<Prompt>").append(text(prompt, 32)).append("</Prompt>\n");
  for (std::size_t i = 0; i < items.size() && i < 100; ++i) {
    out.append("<MenuItem><Name>").append(text(items[i].name, 64)).append("</Name><URL>");
    out.append(xmlEscape(items[i].url)).append("</URL></MenuItem>\n");
  }
  out.append("</CiscoIPPhoneMenu>\n");
  return out;
}

std::string textXml(std::string_view title, std::string_view prompt, std::string_view body) {
  std::string out(kProlog);
  out.append("<CiscoIPPhoneText>\n<Title>").append(text(title, 32)).append("</Title>\n");
  out.append("<Prompt>").append(text(prompt, 32)).append("</Prompt>\n");
  out.append("<Text>").append(text(body, 4000)).append("</Text>\n</CiscoIPPhoneText>\n");
  return out;
}

}  // namespace sb::provisioning
