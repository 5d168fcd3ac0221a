// SPDX-License-Identifier: MIT
// RFC 1350 §5 packets and RFC 2347 options, as a server reads and writes them.
#include "provisioning/tftp/tftp_packet.h"

#include <gtest/gtest.h>

namespace sb::tftp {
namespace {

std::vector<std::uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }

TEST(TftpPacket, reads_a_read_request_with_options) {
  static constexpr char kWire[] = "\0\1SIPDefault.cnf\0OCTET\0BLKSIZE\0" "1428\0tsize\0" "0";
  const auto wire = bytes(std::string_view(kWire, sizeof kWire));  // the final NUL included
  const auto packet = parse(wire);
  const auto* request = std::get_if<Request>(&packet);
  ASSERT_NE(request, nullptr);
  EXPECT_EQ(request->opcode, Opcode::Rrq);
  EXPECT_EQ(request->filename, "SIPDefault.cnf");
  EXPECT_EQ(request->mode, "octet");
  ASSERT_EQ(request->options.size(), 2u);
  EXPECT_EQ(request->options[0], (std::pair<std::string, std::string>{"blksize", "1428"}));
  EXPECT_EQ(request->options[1], (std::pair<std::string, std::string>{"tsize", "0"}));
}

TEST(TftpPacket, reads_acks_errors_and_write_requests) {
  const auto ack = parse(bytes(std::string_view("\0\4\1\2", 4)));
  ASSERT_TRUE(std::holds_alternative<Ack>(ack));
  EXPECT_EQ(std::get<Ack>(ack).block, 0x0102);
  const auto error = parse(bytes(std::string_view("\0\5\0\1gone \"x\"\0", 13)));
  ASSERT_TRUE(std::holds_alternative<ErrorPacket>(error));
  EXPECT_EQ(std::get<ErrorPacket>(error).code, ErrorCode::FileNotFound);
  EXPECT_EQ(std::get<ErrorPacket>(error).message, "gone _x_");  // made safe for the log
  const auto wrq = parse(bytes(std::string_view("\0\2x\0octet\0", 10)));
  ASSERT_TRUE(std::holds_alternative<Request>(wrq));
  EXPECT_EQ(std::get<Request>(wrq).opcode, Opcode::Wrq);
}

TEST(TftpPacket, refuses_what_is_not_a_request_a_client_may_send) {
  for (std::string_view wire : {std::string_view("", 0), std::string_view("\0\1", 2),
                                std::string_view("\0\1x", 3),                 // no NUL
                                std::string_view("\0\1\0octet\0", 9),         // empty name
                                std::string_view("\0\1x\0\0", 5),             // empty mode
                                std::string_view("\0\1x\0octet\0blksize\0", 18),  // option without value
                                std::string_view("\0\3\0\1data", 8),          // DATA to a server
                                std::string_view("\0\6blksize\0" "8\0", 13),  // OACK to a server
                                std::string_view("\0\7\0\0", 4), std::string_view("\xff\xff\0\0", 4)}) {
    const auto packet = parse(bytes(wire));
    EXPECT_TRUE(std::holds_alternative<Malformed>(packet)) << testing::PrintToString(std::string(wire));
  }
  std::string longName("\0\1", 2);
  longName += std::string(300, 'a');
  longName += std::string("\0octet\0", 7);
  EXPECT_TRUE(std::holds_alternative<Malformed>(parse(bytes(longName))));
  std::string manyOptions("\0\1x\0octet\0", 10);
  for (int i = 0; i < 17; ++i) manyOptions += std::string("o\0" "1\0", 4);
  const auto many = parse(bytes(manyOptions));
  ASSERT_TRUE(std::holds_alternative<Malformed>(many));
  EXPECT_EQ(std::get<Malformed>(many).code, ErrorCode::OptionNegotiation);
}

TEST(TftpPacket, writes_error_oack_and_data_headers) {
  EXPECT_EQ(errorPacket(ErrorCode::AccessViolation, "no"), std::string("\0\5\0\2no\0", 7));
  EXPECT_EQ(oackPacket({{"blksize", "1428"}, {"tsize", "42"}}), std::string("\0\6blksize\0" "1428\0tsize\0" "42\0", 24));
  std::uint8_t header[4];
  writeDataHeader(header, 0xABCD);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(header), 4), std::string("\0\3\xAB\xCD", 4));
}

}  // namespace
}  // namespace sb::tftp
