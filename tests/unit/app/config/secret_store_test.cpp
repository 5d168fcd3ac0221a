// SPDX-License-Identifier: MIT
#include "app/config/secret_store.h"

#include <gtest/gtest.h>

#include "app/config/config_loader.h"
#include "config_test_support.h"

namespace sb::config {
namespace {

using testing::ConfigDir;

const std::string kFile = R"([pbx]
domain = "voip.example.local"
[[extension]]
number = "100"
[[extension]]
number = "101"
secret = "correct horse battery staple"
[[phone]]
mac = "00:0E:84:C0:60:A6"
model = "cisco-7960"
lines = ["100", "101"]
)";

Config loadConfig(const ConfigDir& dir) {
  auto result = ConfigLoader::load(dir.write(kFile));
  for (const auto& p : result.problems) ADD_FAILURE() << p.toString();
  return std::move(*result.config);
}

TEST(SecretStore, fills_empty_secrets_and_keeps_written_ones) {
  ConfigDir dir;
  auto db = storage::Database::open(dir.path() / "s.db");
  ASSERT_TRUE(db) << db.error();
  ManualClock clock;
  SecretStore store(**db, clock);
  Config config = loadConfig(dir);
  ASSERT_TRUE(store.fill(config));

  EXPECT_EQ(config.extensions[0].secret.size(), SecretStore::kSecretLength);
  EXPECT_TRUE(config.extensions[0].secretGenerated);
  EXPECT_EQ(config.extensions[1].secret, "correct horse battery staple");
  EXPECT_FALSE(config.extensions[1].secretGenerated);
  EXPECT_EQ(config.phones[0].password.size(), SecretStore::kPhonePasswordDigits);
  EXPECT_EQ(config.phones[0].password.find_first_not_of("0123456789"), std::string::npos);
  EXPECT_EQ(config.nonceKey.size(), SecretStore::kSecretLength);
  EXPECT_NE(config.nonceKey, config.extensions[0].secret);

  // `ctl secrets` lists the generated ones, not the one the file wrote.
  const auto& listed = store.generated();
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].kind, "extension");
  EXPECT_EQ(listed[0].name, "100");
  EXPECT_EQ(listed[0].value, config.extensions[0].secret);
  EXPECT_EQ(listed[1].kind, "phone");
  EXPECT_EQ(listed[1].name, "000E84C060A6");
  EXPECT_EQ(listed[2].kind, "server");
  EXPECT_EQ(listed[2].name, "nonce_key");
}

TEST(SecretStore, generated_secrets_persist_across_two_opens_of_the_database) {
  ConfigDir dir;
  const auto file = dir.path() / "s.db";
  ManualClock clock;
  Config first = loadConfig(dir);
  {
    auto db = storage::Database::open(file);
    ASSERT_TRUE(db) << db.error();
    SecretStore store(**db, clock);
    ASSERT_TRUE(store.fill(first));
  }
  Config second = loadConfig(dir);
  auto db = storage::Database::open(file);
  ASSERT_TRUE(db) << db.error();
  SecretStore store(**db, clock);
  ASSERT_TRUE(store.fill(second));
  EXPECT_EQ(second.extensions[0].secret, first.extensions[0].secret);
  EXPECT_EQ(second.phones[0].password, first.phones[0].password);
  EXPECT_EQ(second.nonceKey, first.nonceKey);

  // And they are really in the database, with the clock's time.
  storage::SecretRepository repo(**db);
  auto saved = repo.get("extension", "100");
  ASSERT_TRUE(saved) << saved.error();
  ASSERT_TRUE(saved->has_value());
  EXPECT_EQ((*saved)->value, first.extensions[0].secret);
  EXPECT_EQ((*saved)->createdAt, 1'800'000'000);
  auto written = repo.get("extension", "101");
  ASSERT_TRUE(written);
  EXPECT_FALSE(written->has_value());  // a secret from the file is never stored
}

TEST(SecretStore, separate_databases_generate_different_secrets) {
  ConfigDir dir;
  ManualClock clock;
  Config a = loadConfig(dir);
  Config b = loadConfig(dir);
  auto dbA = storage::Database::open(dir.path() / "a.db");
  auto dbB = storage::Database::open(dir.path() / "b.db");
  ASSERT_TRUE(dbA && dbB);
  SecretStore storeA(**dbA, clock);
  SecretStore storeB(**dbB, clock);
  ASSERT_TRUE(storeA.fill(a));
  ASSERT_TRUE(storeB.fill(b));
  EXPECT_NE(a.extensions[0].secret, b.extensions[0].secret);
  EXPECT_NE(a.nonceKey, b.nonceKey);
}

}  // namespace
}  // namespace sb::config
