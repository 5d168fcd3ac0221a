// SPDX-License-Identifier: MIT
#include "sip/transaction/transaction_key.h"

#include <gtest/gtest.h>

#include <string>

#include "transaction_test_support.h"

namespace sb::sip::test {
namespace {

std::string serverKey(const Message& m, std::string_view method) {
  std::string key;
  EXPECT_TRUE(serverTransactionKey(m, method, key));
  return key;
}

TEST(TransactionKey, recognises_the_magic_cookie) {
  EXPECT_TRUE(hasMagicCookie("z9hG4bK776asdhds"));
  EXPECT_TRUE(hasMagicCookie("Z9HG4BK776asdhds"));
  EXPECT_FALSE(hasMagicCookie("z9hG4bK"));
  EXPECT_FALSE(hasMagicCookie("776asdhds"));
  EXPECT_FALSE(hasMagicCookie(""));
}

TEST(TransactionKey, server_key_folds_branch_and_host_case) {
  Message a = request(Method::Options, "z9hG4bKAbC");
  Message b = request(Method::Options, "z9hg4bkabc");
  b.setVias({via("z9hg4bkabc", "192.0.2.10")});
  a.setVias({via("z9hG4bKAbC", "192.0.2.10")});
  EXPECT_EQ(serverKey(a, "OPTIONS"), serverKey(b, "OPTIONS"));
}

TEST(TransactionKey, server_key_tells_apart_method_sent_by_and_port) {
  const Message base = request(Method::Invite, "z9hG4bK1");
  Message otherPort = base;
  otherPort.setVias({via("z9hG4bK1", "192.0.2.10", 5070)});
  EXPECT_NE(serverKey(base, "INVITE"), serverKey(base, "CANCEL"));
  EXPECT_NE(serverKey(base, "INVITE"), serverKey(otherPort, "INVITE"));
  // An ACK looks its INVITE up under the INVITE's key.
  EXPECT_EQ(serverKey(request(Method::Ack, "z9hG4bK1"), "INVITE"), serverKey(base, "INVITE"));
}

TEST(TransactionKey, rfc2543_key_uses_call_id_cseq_and_from_tag) {
  const Message base = request(Method::Invite, "");
  Message otherCall = request(Method::Invite, "", "c2@h");
  Message otherCSeq = base;
  otherCSeq.setCSeq(CSeq{2, "INVITE"});
  EXPECT_TRUE(serverKey(base, "INVITE").starts_with("2543|"));
  EXPECT_NE(serverKey(base, "INVITE"), serverKey(otherCall, "INVITE"));
  EXPECT_NE(serverKey(base, "INVITE"), serverKey(otherCSeq, "INVITE"));
  // A branch without the cookie is treated the same way.
  EXPECT_TRUE(serverKey(request(Method::Invite, "1234"), "INVITE").starts_with("2543|"));
}

TEST(TransactionKey, a_message_without_via_has_no_key) {
  Message m = request(Method::Options, "z9hG4bK1");
  m.setVias({});
  std::string key = "stale";
  EXPECT_FALSE(serverTransactionKey(m, "OPTIONS", key));
  EXPECT_FALSE(clientTransactionKeyForRequest(m, key));
  EXPECT_TRUE(key.empty());
}

TEST(TransactionKey, a_response_matches_its_request_by_branch_and_cseq_method) {
  const Message req = request(Method::Register, "z9hG4bKreg");
  std::string requestKey;
  std::string responseKey;
  ASSERT_TRUE(clientTransactionKeyForRequest(req, requestKey));
  ASSERT_TRUE(clientTransactionKeyForResponse(response(req, 200), responseKey));
  EXPECT_EQ(requestKey, responseKey);
  std::string noBranch;
  EXPECT_FALSE(clientTransactionKeyForResponse(response(request(Method::Register, ""), 200),
                                               noBranch));
}

}  // namespace
}  // namespace sb::sip::test
