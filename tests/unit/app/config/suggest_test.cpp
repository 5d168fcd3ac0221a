// SPDX-License-Identifier: MIT
#include "app/config/suggest.h"

#include <gtest/gtest.h>

namespace sb::config {
namespace {

TEST(EditDistance, counts_insertions_deletions_substitutions_and_swaps) {
  EXPECT_EQ(editDistance("listen", "listen"), 0u);
  EXPECT_EQ(editDistance("qualify_frequncy", "qualify_frequency"), 1u);  // insertion
  EXPECT_EQ(editDistance("port-min", "port_min"), 1u);                   // substitution
  EXPECT_EQ(editDistance("domian", "domain"), 1u);                       // swap
  EXPECT_EQ(editDistance("Domain", "domain"), 0u);                       // case ignored
  EXPECT_EQ(editDistance("", "abc"), 3u);
  EXPECT_EQ(editDistance("kitten", "sitting"), 3u);
}

TEST(ClosestMatch, suggests_only_likely_typos) {
  const std::vector<std::string> keys = {"domain", "data_dir", "log_level"};
  EXPECT_EQ(closestMatch("domian", keys), "domain");
  EXPECT_EQ(closestMatch("datadir", keys), "data_dir");
  EXPECT_EQ(closestMatch("loglevel", keys), "log_level");
  EXPECT_EQ(closestMatch("colour", keys), std::nullopt);
  EXPECT_EQ(closestMatch("x", keys), std::nullopt);
}

}  // namespace
}  // namespace sb::config
