// SPDX-License-Identifier: MIT
// libFuzzer target for the Digest header parsers of sip/auth. The input is taken as header
// values, one per line, as a 401/407 brings them (WWW-Authenticate / Proxy-Authenticate) and as
// a REGISTER brings credentials. Promises: a challenge we accept has a realm and a nonce and
// can be answered; the credentials we build from it read back (parseCredentials) with the same
// realm, nonce, opaque and response; and credentials the server accepts write out
// (formatCredentials) to a value that reads back to the same credentials.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "require.h"
#include "sip/auth/credentials.h"
#include "sip/auth/digest_challenge.h"
#include "sip/auth/digest_responder.h"

namespace {

using namespace sb::sip::auth;

void checkAnswerable(const DigestChallenge& challenge) {
  SB_REQUIRE(!challenge.nonce.empty());
  SB_REQUIRE(!challenge.session || challenge.qopAuth);
  const Credentials answer = answerChallenge(challenge, "fuzz", "secret", "REGISTER",
                                             "sip:fuzz.example", 1, "cnonce");
  SB_REQUIRE(!answer.response.empty());
  const std::string header = formatCredentials(answer);
  // The server does not take "-sess" credentials, and a challenge near the size bounds can give
  // credentials past them (escaping, the fields we add).
  if (challenge.session || header.size() > kMaxCredentialsSize) return;
  const auto back = parseCredentials(header);
  SB_REQUIRE(back.has_value());
  SB_REQUIRE(back->realm == challenge.realm);
  SB_REQUIRE(back->nonce == challenge.nonce);
  SB_REQUIRE(back->opaque == challenge.opaque);
  SB_REQUIRE(back->response == answer.response);
  SB_REQUIRE(back->algorithm == challenge.algorithm);
  SB_REQUIRE(back->qop == answer.qop);
}

// qop goes out as a token (RFC 7616 §3.4); a quoted qop with other characters cannot.
bool isPlainToken(std::string_view s) {
  for (char ch : s) {
    const bool plain = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-';
    if (!plain) return false;
  }
  return true;
}

void checkCredentials(const Credentials& c) {
  const std::string header = formatCredentials(c);
  if (header.size() > kMaxCredentialsSize || !isPlainToken(c.qop)) return;
  const auto back = parseCredentials(header);
  SB_REQUIRE(back.has_value());
  SB_REQUIRE(back->username == c.username && back->realm == c.realm && back->nonce == c.nonce);
  SB_REQUIRE(back->uri == c.uri && back->response == c.response && back->opaque == c.opaque);
  SB_REQUIRE(back->algorithm == c.algorithm && back->nc == c.nc && back->cnonce == c.cnonce);
  SB_REQUIRE(back->qop == c.qop);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= input.size() && lines.size() < 16) {
    const std::size_t end = input.find('\n', start);
    lines.push_back(input.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  for (std::string_view line : lines) {
    if (auto challenge = parseChallenge(line)) checkAnswerable(*challenge);
    if (auto credentials = parseCredentials(line)) checkCredentials(*credentials);
  }
  if (auto best = strongestChallenge(lines)) {
    SB_REQUIRE(!best->nonce.empty());
  }
  (void)parseChallenge(input);
  return 0;
}
