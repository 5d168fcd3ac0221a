// SPDX-License-Identifier: MIT
#include "sip/auth/digest_hash.h"

#include <gtest/gtest.h>

namespace sb::sip::auth {
namespace {

// RFC 7616 §3.9.1: the same request answered with SHA-256 and with MD5.
Credentials rfc7616Example(DigestAlgorithm algorithm) {
  Credentials c;
  c.username = "Mufasa";
  c.realm = "http-auth@example.org";
  c.uri = "/dir/index.html";
  c.algorithm = algorithm;
  c.nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
  c.nc = "00000001";
  c.nonceCount = 1;
  c.cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
  c.qop = "auth";
  c.opaque = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
  return c;
}

TEST(DigestHash, matches_the_rfc7616_sha256_example) {
  EXPECT_EQ(expectedResponse(rfc7616Example(DigestAlgorithm::Sha256), "GET", "Circle of Life"),
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
}

TEST(DigestHash, matches_the_rfc7616_md5_example) {
  EXPECT_EQ(expectedResponse(rfc7616Example(DigestAlgorithm::Md5), "GET", "Circle of Life"),
            "8ca523f5e9506fed4657c9700eebdbec");
}

TEST(DigestHash, matches_the_rfc2617_example) {
  Credentials c;
  c.username = "Mufasa";
  c.realm = "testrealm@host.com";
  c.nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093";
  c.uri = "/dir/index.html";
  c.qop = "auth";
  c.nc = "00000001";
  c.nonceCount = 1;
  c.cnonce = "0a4f113b";
  EXPECT_EQ(expectedResponse(c, "GET", "Circle Of Life"), "6629fae49393a05397450978507c4ef1");
}

// RFC 2069 §2.4 example as corrected by erratum 749 (the printed response, e966c932..., is wrong).
TEST(DigestHash, matches_the_rfc2069_example_without_qop) {
  Credentials c;
  c.username = "Mufasa";
  c.realm = "testrealm@host.com";
  c.nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093";
  c.uri = "/dir/index.html";
  EXPECT_EQ(expectedResponse(c, "GET", "CircleOfLife"), "1949323746fe6a43ef61f9606e7febea");
}

TEST(DigestHash, hashes_known_md5_and_sha256_values) {
  EXPECT_EQ(hashHex(DigestAlgorithm::Md5, "abc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(hashHex(DigestAlgorithm::Sha256, "abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(DigestHash, compares_equal_and_unequal_strings) {
  EXPECT_TRUE(constantTimeEquals("abcd", "abcd"));
  EXPECT_FALSE(constantTimeEquals("abcd", "abce"));
  EXPECT_FALSE(constantTimeEquals("abcd", "abc"));
  EXPECT_TRUE(constantTimeEquals("", ""));
}

}  // namespace
}  // namespace sb::sip::auth
