// SPDX-License-Identifier: MIT
// libFuzzer target for the RTP and RTCP packet views: check() and parse() agree, whatever parse()
// accepts keeps every accessor inside the datagram, the setters write only the fields they name
// and leave the packet valid, and an RTCP compound's packets tile it exactly. Also the kernel
// address conversion the relay applies to every packet's source. A broken promise aborts.
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "media/rtp/raw_address.h"
#include "media/rtp/rtcp_packet_view.h"
#include "media/rtp/rtp_packet_view.h"
#include "require.h"

namespace {

using namespace sb::media::rtp;

bool inside(std::span<const std::uint8_t> part, const std::vector<std::uint8_t>& whole) {
  return part.empty() ||
         (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

void checkRtp(std::vector<std::uint8_t>& bytes) {
  const RtpError checked = RtpPacketView::check(bytes);
  const RtpParseResult r = RtpPacketView::parse(bytes);
  SB_REQUIRE(checked == r.error);
  SB_REQUIRE(!describe(r.error).empty());
  if (!r.ok()) return;
  RtpPacketView p = r.packet;
  SB_REQUIRE(p.bytes().data() == bytes.data() && p.bytes().size() == bytes.size());
  SB_REQUIRE(p.headerBytes() >= RtpPacketView::kFixedHeaderBytes);
  SB_REQUIRE(p.headerBytes() + p.paddingBytes() <= bytes.size());
  SB_REQUIRE(p.payload().data() == bytes.data() + p.headerBytes());
  SB_REQUIRE(p.payload().size() == bytes.size() - p.headerBytes() - p.paddingBytes());
  SB_REQUIRE(p.padding() == (p.paddingBytes() > 0));
  SB_REQUIRE(inside(p.extensionData(), bytes));
  SB_REQUIRE(p.extension() || (p.extensionData().empty() && p.extensionProfile() == 0));
  std::uint64_t sum = p.marker() + p.payloadType() + p.sequenceNumber() + p.timestamp() + p.ssrc();
  for (std::size_t i = 0; i < p.csrcCount(); ++i) sum += p.csrc(i);
  for (auto octet : p.extensionData()) sum += octet;
  (void)sum;

  // The setters touch their fields only, and the packet stays valid with the same layout.
  const std::vector<std::uint8_t> before = bytes;
  const std::uint8_t payloadType = p.payloadType() == 0 ? 1 : 0;  // never 72/73
  p.setPayloadType(payloadType);
  p.setMarker(!p.marker());
  p.setSequenceNumber(static_cast<std::uint16_t>(~p.sequenceNumber()));
  p.setTimestamp(~p.timestamp());
  p.setSsrc(~p.ssrc());
  SB_REQUIRE(p.payloadType() == payloadType);
  const RtpParseResult again = RtpPacketView::parse(bytes);
  SB_REQUIRE(again.ok());
  SB_REQUIRE(again.packet.headerBytes() == p.headerBytes());
  SB_REQUIRE(again.packet.paddingBytes() == p.paddingBytes());
  SB_REQUIRE(bytes[0] == before[0]);
  SB_REQUIRE(std::memcmp(bytes.data() + 12, before.data() + 12, bytes.size() - 12) == 0);
  bytes = before;
}

void checkRtcp(std::vector<std::uint8_t>& bytes) {
  const RtcpError checked = RtcpPacketView::check(bytes);
  const RtcpParseResult r = RtcpPacketView::parse(bytes);
  SB_REQUIRE(checked == r.error);
  SB_REQUIRE(!describe(r.error).empty());
  if (!r.ok()) return;
  const RtcpPacketView& p = r.packet;
  SB_REQUIRE(looksLikeRtcp(bytes));
  SB_REQUIRE(p.packetType() == RtcpPacketView::kSenderReport ||
             p.packetType() == RtcpPacketView::kReceiverReport);
  std::size_t parts = 0;
  std::size_t covered = 0;
  p.forEachPart([&](const RtcpPacketView::Part& part) {
    SB_REQUIRE(part.bytes.data() == bytes.data() + covered);
    SB_REQUIRE(part.bytes.size() >= 4 && part.bytes.size() % 4 == 0);
    SB_REQUIRE(part.count < 32);
    covered += part.bytes.size();
    ++parts;
  });
  SB_REQUIRE(parts == p.partCount() && parts >= 1);
  SB_REQUIRE(covered == bytes.size());
  const std::uint32_t ssrc = p.senderSsrc();
  RtcpPacketView writable = r.packet;
  writable.setSenderSsrc(~ssrc);
  SB_REQUIRE(writable.senderSsrc() == ~ssrc);
  SB_REQUIRE(RtcpPacketView::check(bytes) == RtcpError::None);
  writable.setSenderSsrc(ssrc);
}

// The relay turns every datagram's source into a RawAddress; what it accepts must convert to a
// SocketAddress and back to the same address.
void checkSource(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return;
  sockaddr_storage storage{};
  const std::size_t n = std::min(size - 1, sizeof storage);
  std::memcpy(&storage, data + 1, n);
  const auto length =
      static_cast<socklen_t>(data[0] % 2 == 0 ? sizeof(sockaddr_in) : sizeof(sockaddr_in6));
  storage.ss_family = data[0] % 3 == 0 ? AF_INET : data[0] % 3 == 1 ? AF_INET6 : AF_UNIX;
  const auto raw = RawAddress::fromKernel(storage, length);
  if (!raw) return;
  SB_REQUIRE(raw->size() <= length && !raw->empty());
  const RawAddress back = RawAddress::from(raw->toSocketAddress());
  SB_REQUIRE(back == *raw);
  SB_REQUIRE(back.sameHost(raw->withPort(static_cast<std::uint16_t>(raw->port() + 1))));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::uint8_t> bytes(data, data + size);
  checkRtp(bytes);
  checkRtcp(bytes);
  checkSource(data, size);
  return 0;
}
