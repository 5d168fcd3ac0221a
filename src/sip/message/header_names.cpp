// SPDX-License-Identifier: MIT
#include "sip/message/header_names.h"

#include <array>
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

// Entries grouped by the lower-case first letter of the long form, so a lookup compares only a
// handful of names: the parser looks up every header line it reads.
struct Buckets {
  std::array<std::array<std::uint8_t, 16>, 26> index{};
  std::array<std::uint8_t, 26> size{};
};

constexpr Buckets makeBuckets() {
  Buckets b;
  for (std::size_t i = 0; i < std::size(kHeaders); ++i) {
    char c = kHeaders[i].name[0];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    const auto letter = static_cast<std::size_t>(c - 'a');
    b.index[letter][b.size[letter]++] = static_cast<std::uint8_t>(i);
  }
  return b;
}

constexpr Buckets kBuckets = makeBuckets();

// Case-insensitive compare against a table name, which holds only letters and '-': OR-ing 0x20
// folds case exactly for those (a token never holds the CR that would also fold onto '-').
bool equalsTableName(std::string_view table, std::string_view name) {
  if (table.size() != name.size()) return false;
  for (std::size_t i = 0; i < table.size(); ++i)
    if ((table[i] | 0x20) != (name[i] | 0x20)) return false;
  return true;
}

}  // namespace

Name lookup(std::string_view name) {
  if (name.empty()) return {name, Id::Other};
  const char first = text::toLower(name[0]);
  if (name.size() == 1) {
    for (const auto& e : kHeaders)
      if (e.compact == first) return {e.name, e.id};
    return {name, Id::Other};
  }
  if (first < 'a' || first > 'z') return {name, Id::Other};
  const auto letter = static_cast<std::size_t>(first - 'a');
  for (std::size_t k = 0; k < kBuckets.size[letter]; ++k) {
    const Entry& e = kHeaders[kBuckets.index[letter][k]];
    if (equalsTableName(e.name, name)) return {e.name, e.id};
  }
  return {name, Id::Other};
}

}  // namespace sb::sip::headers
