// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "samples.h"
#include "sdp/codec_catalog.h"
#include "sdp/codec_ref.h"
#include "sdp/sdp_parser.h"

namespace sb::sdp {
namespace {

MediaDescription firstMedia(std::string_view text) {
  ParseResult r = parse(text);
  EXPECT_TRUE(r.ok()) << r.error;
  return r.ok() ? r.description->media.at(0) : MediaDescription{};
}

std::vector<std::string> names(const std::vector<CodecRef>& codecs) {
  std::vector<std::string> out;
  for (const CodecRef& c : codecs) out.push_back(std::to_string(c.payloadType) + ' ' + c.name);
  return out;
}

}  // namespace

TEST(StaticPayloadTypes, follow_rfc_3551_including_g722_at_8000) {
  EXPECT_EQ(staticPayloadType(0), (CodecRef{0, "PCMU", 8000, 1, ""}));
  EXPECT_EQ(staticPayloadType(8), (CodecRef{8, "PCMA", 8000, 1, ""}));
  EXPECT_EQ(staticPayloadType(9), (CodecRef{9, "G722", 8000, 1, ""}));
  EXPECT_EQ(staticPayloadType(18), (CodecRef{18, "G729", 8000, 1, ""}));
  EXPECT_EQ(staticPayloadType(10)->channels, 2u);
  EXPECT_EQ(staticPayloadType(34)->name, "H263");
  for (std::uint8_t unassigned : {1, 2, 19, 20, 24, 27, 35, 96, 101, 127})
    EXPECT_FALSE(staticPayloadType(unassigned).has_value()) << int(unassigned);
}

TEST(Catalog, has_what_switchboard_speaks) {
  EXPECT_EQ(names(codecs::catalog()), (std::vector<std::string>{"111 opus", "9 G722", "0 PCMU", "8 PCMA",
                                                                "18 G729", "101 telephone-event"}));
  EXPECT_EQ(codecs::opus().clockRate, 48000u);
  EXPECT_EQ(codecs::opus().channels, 2u);
  EXPECT_EQ(codecs::g722().clockRate, 8000u);
  EXPECT_EQ(codecs::g729().fmtp, "annexb=no");
  EXPECT_EQ(codecs::telephoneEvent().fmtp, "0-16");
  EXPECT_EQ(codecs::find(CodecRef{97, "OPUS", 48000, 2, ""})->payloadType, 111);
  EXPECT_FALSE(codecs::find(CodecRef{97, "opus", 48000, 1, ""}).has_value());
  EXPECT_FALSE(codecs::find(CodecRef{3, "GSM", 8000, 1, ""}).has_value());
}

TEST(SameCodec, ignores_name_case_payload_type_and_fmtp_but_not_rate_or_channels) {
  EXPECT_TRUE(sameCodec(CodecRef{0, "PCMU", 8000, 1, ""}, CodecRef{96, "pcmu", 8000, 1, "x"}));
  EXPECT_FALSE(sameCodec(CodecRef{9, "G722", 8000, 1, ""}, CodecRef{9, "G722", 16000, 1, ""}));
  EXPECT_FALSE(sameCodec(codecs::opus(), CodecRef{111, "opus", 48000, 1, ""}));
  EXPECT_TRUE(isTelephoneEvent(CodecRef{101, "Telephone-Event", 8000, 1, ""}));
  EXPECT_TRUE(isAuxiliary(CodecRef{13, "CN", 8000, 1, ""}));
  EXPECT_FALSE(isAuxiliary(codecs::pcmu()));
}

TEST(ResolveCodecs, uses_rtpmap_and_fmtp_from_a_cisco_offer) {
  const auto codecs = resolveCodecs(firstMedia(samples::kCisco7960Offer));
  EXPECT_EQ(names(codecs), (std::vector<std::string>{"0 PCMU", "8 PCMA", "18 G729", "101 telephone-event"}));
  EXPECT_EQ(codecs[3].fmtp, "0-11");
  EXPECT_EQ(codecs[3].clockRate, 8000u);
}

TEST(ResolveCodecs, falls_back_to_the_static_table_without_rtpmap) {
  const auto codecs = resolveCodecs(firstMedia(samples::kLinphoneOffer));
  EXPECT_EQ(names(codecs),
            (std::vector<std::string>{"96 opus", "97 speex", "98 speex", "0 PCMU", "8 PCMA", "18 G729",
                                      "101 telephone-event", "99 telephone-event", "100 telephone-event"}));
  EXPECT_EQ(codecs[5].fmtp, "annexb=yes");
  EXPECT_EQ(codecs[6].clockRate, 48000u);
}

TEST(ResolveCodecs, skips_dynamic_payload_types_without_rtpmap_and_non_rtp_media) {
  const std::string head = "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n";
  EXPECT_EQ(
      names(resolveCodecs(firstMedia(head + "m=audio 4000 RTP/AVP 96 0 97\r\na=rtpmap:97 iLBC/8000\r\n"))),
      (std::vector<std::string>{"0 PCMU", "97 iLBC"}));
  EXPECT_TRUE(resolveCodecs(firstMedia(head + "m=image 4000 udptl t38\r\n")).empty());
}

TEST(ResolveCodecs, lets_rtpmap_override_a_static_number) {
  const std::string head = "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n";
  const auto codecs =
      resolveCodecs(firstMedia(head + "m=audio 4000 RTP/AVP 18\r\na=rtpmap:18 G729a/8000\r\n"));
  EXPECT_EQ(names(codecs), std::vector<std::string>{"18 G729a"});
}

TEST(MatchCodecs, keeps_our_order_and_the_offerers_numbers) {
  const auto offered = resolveCodecs(firstMedia(samples::kBaresipOffer));
  const auto matched =
      matchCodecs(offered, {codecs::pcma(), codecs::opus(), codecs::g729(), codecs::telephoneEvent()});
  EXPECT_EQ(names(matched), (std::vector<std::string>{"8 PCMA", "96 opus"}));
  EXPECT_EQ(matched[1].fmtp, "stereo=1;sprop-stereo=1");
}

}  // namespace sb::sdp
