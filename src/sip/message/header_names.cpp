// SPDX-License-Identifier: MIT
#include "sip/message/header_names.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <iterator>

#include "base/text.h"

namespace sb::sip::headers {
namespace {

struct Entry {
  std::string_view name;
  char compact;  // 0 if none
  Id id;
};

// Long forms as RFC 3261 §20 and the extension RFCs spell them; compact forms from the IANA SIP
// header registry.
constexpr Entry kHeaders[] = {
    {"Via", 'v', Id::Via},
    {"From", 'f', Id::From},
    {"To", 't', Id::To},
    {"Call-ID", 'i', Id::CallId},
    {"CSeq", 0, Id::CSeq},
    {"Contact", 'm', Id::Contact},
    {"Max-Forwards", 0, Id::MaxForwards},
    {"Expires", 0, Id::Expires},
    {"Content-Length", 'l', Id::ContentLength},
    {"Content-Type", 'c', Id::ContentType},
    {"Accept", 0, Id::Other},
    {"Accept-Contact", 'a', Id::Other},
    {"Accept-Encoding", 0, Id::Other},
    {"Accept-Language", 0, Id::Other},
    {"Alert-Info", 0, Id::Other},
    {"Allow", 0, Id::Other},
    {"Allow-Events", 'u', Id::Other},
    {"Authentication-Info", 0, Id::Other},
    {"Authorization", 0, Id::Other},
    {"Call-Info", 0, Id::Other},
    {"Content-Disposition", 0, Id::Other},
    {"Content-Encoding", 'e', Id::Other},
    {"Content-Language", 0, Id::Other},
    {"Date", 0, Id::Other},
    {"Error-Info", 0, Id::Other},
    {"Event", 'o', Id::Other},
    {"Identity", 'y', Id::Other},
    {"Identity-Info", 'n', Id::Other},
    {"In-Reply-To", 0, Id::Other},
    {"MIME-Version", 0, Id::Other},
    {"Min-Expires", 0, Id::Other},
    {"Min-SE", 0, Id::Other},
    {"Organization", 0, Id::Other},
    {"P-Asserted-Identity", 0, Id::Other},
    {"P-Preferred-Identity", 0, Id::Other},
    {"Path", 0, Id::Other},
    {"Priority", 0, Id::Other},
    {"Privacy", 0, Id::Other},
    {"Proxy-Authenticate", 0, Id::Other},
    {"Proxy-Authorization", 0, Id::Other},
    {"Proxy-Require", 0, Id::Other},
    {"RAck", 0, Id::Other},
    {"Reason", 0, Id::Other},
    {"Record-Route", 0, Id::Other},
    {"Refer-To", 'r', Id::Other},
    {"Referred-By", 'b', Id::Other},
    {"Reject-Contact", 'j', Id::Other},
    {"Replaces", 0, Id::Other},
    {"Reply-To", 0, Id::Other},
    {"Request-Disposition", 'd', Id::Other},
    {"Require", 0, Id::Other},
    {"Retry-After", 0, Id::Other},
    {"Route", 0, Id::Other},
    {"RSeq", 0, Id::Other},
    {"Server", 0, Id::Other},
    {"Service-Route", 0, Id::Other},
    {"Session-Expires", 'x', Id::Other},
    {"Subject", 's', Id::Other},
    {"Subscription-State", 0, Id::Other},
    {"Supported", 'k', Id::Other},
    {"Timestamp", 0, Id::Other},
    {"Unsupported", 0, Id::Other},
    {"User-Agent", 0, Id::Other},
    {"Warning", 0, Id::Other},
    {"WWW-Authenticate", 0, Id::Other},
};

// An open-addressing hash table over the long forms (index + 1, 0 for an empty slot): the parser
// looks up every header line it reads, so a lookup should cost one or two name compares. The
// hash folds case the way equalsTableName() does, so names it finds equal hash alike.
constexpr std::size_t kSlots = 256;

constexpr std::size_t slotOf(std::string_view name) {
  const auto first = static_cast<std::size_t>(static_cast<unsigned char>(name.front()) | 0x20);
  const auto last = static_cast<std::size_t>(static_cast<unsigned char>(name.back()) | 0x20);
  return (first * 31 + last * 7 + name.size() * 13) & (kSlots - 1);
}

struct Table {
  std::array<std::uint8_t, kSlots> slot{};
  std::array<std::uint8_t, 26> compact{};  // by letter: entry index + 1, 0 if none
};

constexpr Table makeTable() {
  Table t;
  for (std::size_t i = 0; i < std::size(kHeaders); ++i) {
    std::size_t s = slotOf(kHeaders[i].name);
    while (t.slot[s] != 0) s = (s + 1) & (kSlots - 1);
    t.slot[s] = static_cast<std::uint8_t>(i + 1);
    if (kHeaders[i].compact != 0)
      t.compact[static_cast<std::size_t>(kHeaders[i].compact - 'a')] =
          static_cast<std::uint8_t>(i + 1);
  }
  return t;
}

constexpr Table kTable = makeTable();
static_assert(std::size(kHeaders) < kSlots / 2, "keep the hash table at most half full");

// Compared eight (or four) bytes at a time, which gives the same answer as byte by byte: every
// lookup of a parsed header line lands here, often on the longest names.
std::uint64_t load8(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
std::uint32_t load4(const char* p) {
  std::uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Case-insensitive compare against a table name, which holds only letters and '-': OR-ing 0x20
// folds case exactly for those (a token never holds the CR that would also fold onto '-').
bool equalsTableName(std::string_view table, std::string_view name) {
  const std::size_t n = table.size();
  if (n != name.size()) return false;
  const char* a = table.data();
  const char* b = name.data();
  if (n >= 8) {
    constexpr std::uint64_t kFold = 0x2020202020202020ull;
    for (std::size_t i = 0; i + 8 <= n; i += 8)
      if ((load8(a + i) | kFold) != (load8(b + i) | kFold)) return false;
    return (load8(a + n - 8) | kFold) == (load8(b + n - 8) | kFold);
  }
  if (n >= 4) {
    constexpr std::uint32_t kFold = 0x20202020u;
    return (load4(a) | kFold) == (load4(b) | kFold) &&
           (load4(a + n - 4) | kFold) == (load4(b + n - 4) | kFold);
  }
  for (std::size_t i = 0; i < n; ++i)
    if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
  return true;
}

}  // namespace

Name lookup(std::string_view name) {
  if (name.empty()) return {name, Id::Other};
  if (name.size() == 1) {
    const char first = text::toLower(name[0]);
    if (first < 'a' || first > 'z') return {name, Id::Other};
    const std::uint8_t k = kTable.compact[static_cast<std::size_t>(first - 'a')];
    if (k == 0) return {name, Id::Other};
    return {kHeaders[k - 1].name, kHeaders[k - 1].id};
  }
  for (std::size_t s = slotOf(name); kTable.slot[s] != 0; s = (s + 1) & (kSlots - 1)) {
    const Entry& e = kHeaders[kTable.slot[s] - 1];
    if (equalsTableName(e.name, name)) return {e.name, e.id};
  }
  return {name, Id::Other};
}

}  // namespace sb::sip::headers
