// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::sip {

// One `;name[=value]` parameter of a URI, Via or name-addr. Names compare case-insensitively.
struct Param {
  std::string name;
  std::optional<std::string> value;  // nullopt for a bare flag such as `;lr` or `;rport`
};

// The `;name[=value]` parameters of one URI or header value, in order, as written: escapes stay
// escaped and quoted values keep their quotes. Lookups ignore case.
class ParamList {
 public:
  const std::vector<Param>& all() const { return items_; }
  bool has(std::string_view name) const;
  // The value of the first parameter with this name; an empty string for a bare flag.
  std::optional<std::string_view> get(std::string_view name) const;
  void set(std::string_view name, std::optional<std::string> value);
  void remove(std::string_view name);
  void append(Param p) {
    if (items_.capacity() == 0) items_.reserve(4);  // one allocation for the usual few
    items_.push_back(std::move(p));
  }
  bool empty() const { return items_.empty(); }
  // Appends ";name=value;flag" for every parameter, in order.
  void appendTo(std::string& out) const;

 private:
  std::vector<Param> items_;
};

// A SIP or SIPS URI (RFC 3261 §19.1) or, for any other scheme, an opaque absolute URI
// (RFC 3261 §25.1 absoluteURI) kept as text so it can be refused with 416 rather than 400.
struct Uri {
  std::string scheme;                 // lower case: "sip", "sips", "tel", ...
  std::string user;                   // as written, %-escapes kept (see userUnescaped)
  std::optional<std::string> password;
  std::string host;                   // lower case; IPv6 references keep their brackets "[::1]"
  std::optional<std::uint16_t> port;
  ParamList params;
  std::string headers;                // raw text after '?', without the '?'
  std::string opaque;                 // the whole part after "scheme:" when !isSip()

  static std::optional<Uri> parse(std::string_view text);

  bool isSip() const { return scheme == "sip" || scheme == "sips"; }
  std::string userUnescaped() const;  // %XX decoded: the form used to look up accounts
  // The %XX-decoded value of URI header `name` (RFC 3261 §19.1.1 "?h1=v1&h2=v2"; names compare
  // case-insensitively), e.g. Replaces in a REFER's Refer-To. nullopt when absent.
  std::optional<std::string> header(std::string_view name) const;
  std::string hostPort() const;       // "host" or "host:port"
  std::string toString() const;
};

// RFC 3261 §20.10 / §25.1: ["display name"] <uri> or a bare addr-spec, then header parameters.
struct NameAddr {
  std::string displayName;  // unquoted and unescaped
  Uri uri;
  ParamList params;         // tag, expires, q, ...

  static std::optional<NameAddr> parse(std::string_view text);
  std::optional<std::string_view> tag() const { return params.get("tag"); }
  std::string toString() const;  // always in the <uri> form, so URI parameters stay the URI's
};

// RFC 3261 §20.42 Via: SIP/2.0/TRANSPORT host[:port];params
struct Via {
  std::string protocol = "SIP/2.0";
  std::string transport;  // upper case: "UDP", "TCP", "TLS", ...
  std::string host;       // IPv6 references keep their brackets
  std::optional<std::uint16_t> port;
  ParamList params;

  static std::optional<Via> parse(std::string_view text);
  std::string_view branch() const { return params.get("branch").value_or(std::string_view{}); }
  std::string toString() const;
};

// RFC 3261 §20.16
struct CSeq {
  std::uint32_t number = 0;
  std::string method;

  static std::optional<CSeq> parse(std::string_view text);
  std::string toString() const;
};

// RFC 3261 §20.10 Contact: either "*" or a name-addr with expires/q parameters.
struct Contact {
  bool wildcard = false;
  NameAddr address;
};

}  // namespace sb::sip
