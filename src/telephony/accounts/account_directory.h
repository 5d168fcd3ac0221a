// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <string_view>
#include <unordered_map>

namespace sb::accounts {

// A SIP account: an extension that may register and place calls.
struct Account {
  std::string number;       // the user part phones register with
  std::string displayName;  // caller ID name
  std::string secret;       // digest password (configured or generated)
};

// Every account by number, built from the configuration at start. Lookups are exact: SIP user
// parts are case-sensitive (RFC 3261 §19.1.4).
class AccountDirectory {
 public:
  void add(Account account) { byNumber_[account.number] = std::move(account); }
  const Account* find(std::string_view number) const {
    auto it = byNumber_.find(std::string(number));
    return it == byNumber_.end() ? nullptr : &it->second;
  }
  std::size_t size() const { return byNumber_.size(); }
  const std::unordered_map<std::string, Account>& all() const { return byNumber_; }

 private:
  std::unordered_map<std::string, Account> byNumber_;
};

}  // namespace sb::accounts
