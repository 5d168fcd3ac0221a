// SPDX-License-Identifier: MIT
#include "app/config/weak_secret.h"

#include <gtest/gtest.h>

#include <set>

namespace sb::config {
namespace {

TEST(WeakSecret, short_secrets_are_weak_whatever_they_are) {
  EXPECT_EQ(weakSecretReason("x7#Kq9!", "100"), "shorter than 12 characters");
  EXPECT_EQ(weakSecretReason("100", "100"), "shorter than 12 characters");
  EXPECT_EQ(weakSecretReason("", "100"), "shorter than 12 characters");
}

TEST(WeakSecret, secrets_made_from_the_extension_number_are_weak) {
  EXPECT_EQ(weakSecretReason("100100100100", "100"), "made from the extension number");
  EXPECT_EQ(weakSecretReason("1000password", "1000"), "made from the extension number");
  EXPECT_EQ(weakSecretReason("ext100-2024!", "100"), "made from the extension number");
  // The number inside a long random secret does not make it weak.
  EXPECT_EQ(weakSecretReason("q8Zr100vT2mXw9Lp", "100"), std::nullopt);
}

TEST(WeakSecret, common_passwords_with_decoration_are_weak) {
  EXPECT_EQ(weakSecretReason("password1234", "100"), "a commonly used password");
  EXPECT_EQ(weakSecretReason("Password2024!", "100"), "a commonly used password");
  EXPECT_EQ(weakSecretReason("2024Asterisk!!", "100"), "a commonly used password");
  EXPECT_EQ(weakSecretReason("P@ssw0rd2024", "100"), "a commonly used password");
  EXPECT_EQ(weakSecretReason("Sw1tchb0ard#1", "100"), "a commonly used password");
}

TEST(WeakSecret, patterns_and_sequences_are_weak) {
  EXPECT_EQ(weakSecretReason("aaaaaaaaaaaa", "100"), "a repeated pattern");
  EXPECT_EQ(weakSecretReason("abcabcabcabc", "100"), "a repeated pattern");
  EXPECT_EQ(weakSecretReason("secretsecret", "100"), "a repeated pattern");
  EXPECT_EQ(weakSecretReason("123456789012", "100"), "a keyboard or counting sequence");
  EXPECT_EQ(weakSecretReason("abcdefghijklm", "100"), "a keyboard or counting sequence");
  EXPECT_EQ(weakSecretReason("0987654321098", "100"), "a keyboard or counting sequence");
  EXPECT_EQ(weakSecretReason("qwertyuiopasd", "100"), "a keyboard or counting sequence");
  EXPECT_EQ(weakSecretReason("1qaz2wsx3edc4rfv", "100"), "a keyboard or counting sequence");
}

TEST(WeakSecret, long_unpredictable_secrets_are_accepted) {
  EXPECT_EQ(weakSecretReason("correct horse battery staple", "100"), std::nullopt);
  EXPECT_EQ(weakSecretReason("Vq7-harbor-Lumen-92", "100"), std::nullopt);
  EXPECT_EQ(weakSecretReason("839201746352", "100"), std::nullopt);
  EXPECT_EQ(weakSecretReason("kT3mZq8LwR2xNv5bYp7HdJ4sGc6Fa9Ue", "100"), std::nullopt);
}

TEST(WeakSecret, the_embedded_list_is_large_lower_case_and_without_duplicates) {
  const auto list = commonPasswords();
  EXPECT_GE(list.size(), 200u);
  std::set<std::string_view> unique(list.begin(), list.end());
  EXPECT_EQ(unique.size(), list.size());
  for (auto word : list)
    for (char c : word) EXPECT_FALSE(c >= 'A' && c <= 'Z') << word;
  EXPECT_TRUE(unique.count("password"));
  EXPECT_TRUE(unique.count("123456"));
  EXPECT_TRUE(unique.count("cisco"));
  EXPECT_TRUE(unique.count("secret"));
}

}  // namespace
}  // namespace sb::config
