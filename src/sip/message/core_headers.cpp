// SPDX-License-Identifier: MIT
#include "sip/message/core_headers.h"

#include <charconv>

#include "base/text.h"
#include "sip/message/grammar.h"

namespace sb::sip::core {
namespace {

// Calls `each` for every comma-separated item outside quotes and <>; no allocation when the
// value holds a single item, as it does almost always.
template <typename F>
bool forEachItem(std::string_view value, F&& each) {
  if (value.find(',') == std::string_view::npos) return each(text::trim(value));
  for (std::string_view item : text::splitOutsideQuotes(value, ','))
    if (!each(item)) return false;
  return true;
}

}  // namespace

bool parseVias(std::string_view value, std::vector<Via>& out) {
  return forEachItem(value, [&](std::string_view item) {
    // Parsed in place at the end of `out`: no Via is built elsewhere and moved in.
    out.emplace_back();
    if (grammar::parseViaInto(item, out.back())) return true;
    out.pop_back();
    return false;
  });
}

bool parseContacts(std::string_view value, std::vector<Contact>& out) {
  return forEachItem(value, [&](std::string_view item) {
    if (item == "*") {
      out.push_back(Contact{true, {}});
      return true;
    }
    out.emplace_back();
    if (grammar::parseNameAddrInto(item, out.back().address)) return true;
    out.pop_back();
    return false;
  });
}

bool validCallId(std::string_view value) {
  if (value.empty()) return false;
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return false;
  }
  return true;
}

bool parseDigits(std::string_view text, std::optional<std::uint32_t>& value) {
  if (!grammar::allDigits(text)) return false;
  std::uint32_t v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec == std::errc{} && ptr == text.data() + text.size())
    value = v;
  else
    value.reset();
  return true;
}

std::optional<std::uint32_t> maxForwardsValue(std::string_view text, bool& malformed) {
  std::optional<std::uint32_t> value;
  malformed = !parseDigits(text, value);
  if (value && *value > 255) value.reset();
  return value;
}

}  // namespace sb::sip::core
