// SPDX-License-Identifier: MIT
#pragma once
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "net/socket_address.h"
#include "provisioning/tftp/tftp_server.h"

namespace sb::app {

// What each configured phone fetched over TFTP and when, for `ctl phones`. A phone is known by
// the files named after its MAC (SIP<MAC>.cnf, SEP<MAC>.cnf.xml); the shared files
// (SIPDefault.cnf, dialplan.xml, firmware) are put down to the phone last seen at that address.
class PhoneActivity {
 public:
  struct Fetch {
    std::string file;
    SystemTime at;
    std::string result;  // "sent", "failed: ...", "refused: ..."
    std::uint64_t bytes = 0;
  };
  struct Phone {
    std::optional<net::SocketAddress> address;
    std::deque<Fetch> fetches;  // newest last, at most kKept
  };
  static constexpr std::size_t kKept = 20;

  PhoneActivity(std::vector<std::string> macs, const Clock& clock);
  void onTftp(const tftp::TftpEvent& event);
  // Follows the configured phones after a reload: new MACs are added, removed ones forgotten.
  void track(const std::vector<std::string>& macs);
  const Phone* phone(const std::string& mac) const;

 private:
  std::optional<std::string> macNamedIn(const std::string& file) const;

  const Clock& clock_;
  std::map<std::string, Phone> phones_;           // by MAC
  std::map<std::string, std::string> byAddress_;  // IP text -> MAC
};

}  // namespace sb::app
