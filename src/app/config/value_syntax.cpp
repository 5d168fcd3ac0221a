// SPDX-License-Identifier: MIT
#include "app/config/value_syntax.h"

#include <boost/asio/ip/address.hpp>

#include "base/text.h"

namespace sb::config {
namespace {

bool isHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isAlnum(char c) {
  return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool isIpLiteral(std::string_view text) {
  boost::system::error_code ec;
  boost::asio::ip::make_address(std::string(text), ec);
  return !ec;
}

}  // namespace

std::optional<net::SocketAddress> parseSocketAddress(std::string_view text, std::string* why) {
  auto fail = [&](std::string reason) -> std::optional<net::SocketAddress> {
    if (why) *why = std::move(reason);
    return std::nullopt;
  };
  const bool bracketed = !text.empty() && text.front() == '[';
  const auto colon = bracketed ? text.find("]:") : text.rfind(':');
  if (colon == std::string_view::npos)
    return fail("expected host:port, e.g. 0.0.0.0:5060 or [::]:5060");
  const std::string_view host = bracketed ? text.substr(1, colon - 1) : text.substr(0, colon);
  const std::string_view port = text.substr(colon + (bracketed ? 2 : 1));
  if (!bracketed && host.find(':') != std::string_view::npos)
    return fail("an IPv6 address must be in brackets, e.g. [::]:5060");
  if (!isIpLiteral(host))
    return fail(singleQuoted(host) + " is not an IP address (use 0.0.0.0 for all)");
  const auto number = text::parseUnsigned<unsigned>(port);
  if (!number || *number < 1 || *number > 65535)
    return fail("port '" + std::string(port) + "' is not a number from 1 to 65535");
  auto address = net::SocketAddress::parse(text);
  if (!address) return fail("expected host:port");
  return address;
}

std::optional<ListenSpec> parseListenSpec(std::string_view text, std::string* why) {
  const auto colon = text.find(':');
  const auto kind = net::transportFromName(text.substr(0, colon));
  if (colon == std::string_view::npos || !kind) {
    if (why)
      *why = "expected transport:host:port with transport udp, tcp or tls, e.g. udp:0.0.0.0:5060";
    return std::nullopt;
  }
  auto address = parseSocketAddress(text.substr(colon + 1), why);
  if (!address) return std::nullopt;
  return ListenSpec{*kind, address->ipString(), address->port};
}

std::optional<std::string> normalizeMac(std::string_view text) {
  std::string digits;
  // Accepted shapes: six pairs split by ':' or '-', three quads split by '.', or twelve digits
  // together. Mixed or misplaced separators are refused rather than guessed at.
  char separator = 0;
  std::size_t groupSize = 0;
  if (text.size() == 17 && (text[2] == ':' || text[2] == '-')) {
    separator = text[2];
    groupSize = 2;
  } else if (text.size() == 14 && text[4] == '.') {
    separator = '.';
    groupSize = 4;
  } else if (text.size() != 12) {
    return std::nullopt;
  }
  std::size_t inGroup = 0;
  for (char c : text) {
    if (separator && c == separator) {
      if (inGroup != groupSize) return std::nullopt;
      inGroup = 0;
      continue;
    }
    if (!isHexDigit(c)) return std::nullopt;
    digits.push_back(text::toUpper(c));
    ++inGroup;
    if (separator && inGroup > groupSize) return std::nullopt;
  }
  if (digits.size() != 12) return std::nullopt;
  return digits;
}

bool isExtensionNumber(std::string_view text) {
  if (text.empty() || text.size() > 15) return false;
  for (char c : text)
    if (!isDigit(c)) return false;
  return true;
}

bool isHostName(std::string_view text) {
  if (text.empty()) return false;
  if (isIpLiteral(text)) return true;
  if (text.size() > 253) return false;
  std::size_t start = 0;
  while (true) {
    const auto dot = text.find('.', start);
    const std::string_view label = text.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (label.empty() || label.size() > 63) return false;
    if (label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
      if (!isAlnum(c) && c != '-') return false;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return true;
}

bool hasControlCharacters(std::string_view text) {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return true;
  }
  return false;
}

std::string singleQuoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('\'');
  out.append(text);
  out.push_back('\'');
  return out;
}

}  // namespace sb::config
