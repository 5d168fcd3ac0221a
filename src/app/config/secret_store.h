// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <vector>

#include "app/config/config.h"
#include "base/clock.h"
#include "storage/database.h"
#include "storage/secret_repository.h"

namespace sb::config {

// A secret Switchboard made up, as `ctl secrets` lists it.
struct GeneratedSecret {
  std::string kind;  // "extension", "phone", "server"
  std::string name;  // extension number, phone MAC, "nonce_key"
  std::string value;
};

// Completes a Config with the secrets the file leaves to Switchboard: a digest password for each
// extension whose `secret` is empty, an admin password (phone_password) for each phone, and the
// server's nonce key. The first start draws each from the CSPRNG and saves it in the database;
// later starts read it back, so phones keep working across restarts. It does not check secrets
// written in the file (the loader does) and never deletes a saved one: an extension removed and
// added back gets its old secret again.
class SecretStore {
 public:
  static constexpr std::size_t kSecretLength = 32;         // 62^32: about 190 bits
  static constexpr std::size_t kPhonePasswordDigits = 12;  // see generatePhonePassword()

  SecretStore(storage::Database& db, const Clock& clock) : db_(db), repository_(db), clock_(clock) {}

  // Fills config's missing secrets in one transaction. On a database failure nothing is saved
  // and the error says what failed.
  Status fill(Config& config);

  // Every generated secret the last fill() put into the configuration, for `ctl secrets`.
  const std::vector<GeneratedSecret>& generated() const { return generated_; }

  // A phone_password: the phone's settings menu asks for it on the keypad, so it is digits only;
  // 12 digits (40 bits) is plenty for a secret that can only be tried by hand at the phone.
  static std::string generatePhonePassword();

 private:
  Result<std::string> obtain(const std::string& kind, const std::string& name,
                                       std::string (*generate)());

  storage::Database& db_;
  storage::SecretRepository repository_;
  const Clock& clock_;
  std::vector<GeneratedSecret> generated_;
};

}  // namespace sb::config
