// SPDX-License-Identifier: MIT
#include "app/config/secret_store.h"

#include "base/random.h"

namespace sb::config {
namespace {

std::string generateSecret() { return random::token(SecretStore::kSecretLength); }

}  // namespace

std::string SecretStore::generatePhonePassword() {
  std::string out;
  std::uint8_t buf[32];
  while (out.size() < kPhonePasswordDigits) {
    random::fill(buf, sizeof buf);
    for (std::uint8_t b : buf) {
      // Rejection sampling: 250 = 25 * 10, so values below it map to digits without bias.
      if (b < 250 && out.size() < kPhonePasswordDigits) out.push_back(static_cast<char>('0' + b % 10));
    }
  }
  return out;
}

Result<std::string> SecretStore::obtain(const std::string& kind, const std::string& name,
                                                  std::string (*generate)()) {
  auto existing = repository_.get(kind, name);
  if (!existing) return fail(existing.error());
  if (existing->has_value()) return (*existing)->value;
  storage::SecretRecord record{kind, name, generate(),
                               std::chrono::duration_cast<std::chrono::seconds>(
                                   clock_.systemNow().time_since_epoch())
                                   .count()};
  if (auto saved = repository_.put(record); !saved) return fail(saved.error());
  return record.value;
}

Status SecretStore::fill(Config& config) {
  std::vector<GeneratedSecret> generated;
  storage::Transaction tx = db_.transaction();
  if (!tx.began()) return tx.commit();

  for (auto& extension : config.extensions) {
    if (!extension.secret.empty() && !extension.secretGenerated) continue;
    auto secret = obtain("extension", extension.number, &generateSecret);
    if (!secret) return fail(secret.error());
    extension.secret = *secret;
    extension.secretGenerated = true;
    generated.push_back({"extension", extension.number, *secret});
  }
  for (auto& phone : config.phones) {
    auto password = obtain("phone", phone.mac, &generatePhonePassword);
    if (!password) return fail(password.error());
    phone.password = *password;
    generated.push_back({"phone", phone.mac, *password});
  }
  auto nonceKey = obtain("server", "nonce_key", &generateSecret);
  if (!nonceKey) return fail(nonceKey.error());
  config.nonceKey = *nonceKey;
  generated.push_back({"server", "nonce_key", *nonceKey});

  if (auto committed = tx.commit(); !committed) return committed;
  generated_ = std::move(generated);
  return {};
}

}  // namespace sb::config
