// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <string_view>

// Session descriptions as real user agents send them, CRLF line ends as on the wire.
namespace sb::sdp::samples {

// Turns "\n" line ends into CRLF, so the samples below stay readable.
inline std::string crlf(std::string_view lf) {
  std::string out;
  for (char c : lf) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

// Cisco 7960, SIP firmware 8.x: c= after m=, DTMF events 0-11 only, no fmtp for G.729.
inline const std::string kCisco7960Offer = crlf(
    "v=0\n"
    "o=Cisco-SIPUA 6745 0 IN IP4 192.168.1.101\n"
    "s=SIP Call\n"
    "t=0 0\n"
    "m=audio 16962 RTP/AVP 0 8 18 101\n"
    "c=IN IP4 192.168.1.101\n"
    "a=rtpmap:0 PCMU/8000\n"
    "a=rtpmap:8 PCMA/8000\n"
    "a=rtpmap:18 G729/8000\n"
    "a=rtpmap:101 telephone-event/8000\n"
    "a=fmtp:101 0-11\n"
    "a=sendrecv\n");

// The same phone pressing Hold: the RFC 2543 form, connection address 0.0.0.0 (RFC 3264 §8.4),
// next session version, direction attribute unchanged.
inline const std::string kCisco7960Hold = crlf(
    "v=0\n"
    "o=Cisco-SIPUA 6745 1 IN IP4 192.168.1.101\n"
    "s=SIP Call\n"
    "t=0 0\n"
    "m=audio 16962 RTP/AVP 0 8 18 101\n"
    "c=IN IP4 0.0.0.0\n"
    "a=rtpmap:0 PCMU/8000\n"
    "a=rtpmap:8 PCMA/8000\n"
    "a=rtpmap:18 G729/8000\n"
    "a=rtpmap:101 telephone-event/8000\n"
    "a=fmtp:101 0-11\n"
    "a=sendrecv\n");

// baresip 1.0.0 (Debian) with the opus, g722 and g711 modules, captured from its SIP trace.
inline const std::string kBaresipOffer = crlf(
    "v=0\n"
    "o=- 1341962312 78766280 IN IP4 127.0.0.1\n"
    "s=-\n"
    "c=IN IP4 127.0.0.1\n"
    "t=0 0\n"
    "a=tool:baresip 1.0.0\n"
    "m=audio 12506 RTP/AVP 96 9 0 8 101\n"
    "a=rtpmap:96 opus/48000/2\n"
    "a=fmtp:96 stereo=1;sprop-stereo=1\n"
    "a=rtpmap:9 G722/8000\n"
    "a=rtpmap:0 PCMU/8000\n"
    "a=rtpmap:8 PCMA/8000\n"
    "a=rtpmap:101 telephone-event/8000\n"
    "a=fmtp:101 0-15\n"
    "a=sendrecv\n"
    "a=label:1\n"
    "a=rtcp-rsize\n"
    "a=ssrc:567399803 cname:sip:200@127.0.0.1\n"
    "a=minptime:20\n"
    "a=ptime:20\n");

// baresip putting the call on hold the RFC 3264 way (a=sendonly), with rtcp-mux enabled.
inline const std::string kBaresipHold = crlf(
    "v=0\n"
    "o=- 1341962312 78766281 IN IP4 127.0.0.1\n"
    "s=-\n"
    "c=IN IP4 127.0.0.1\n"
    "t=0 0\n"
    "a=tool:baresip 1.0.0\n"
    "m=audio 12506 RTP/AVP 96 9 0 8 101\n"
    "a=rtpmap:96 opus/48000/2\n"
    "a=fmtp:96 stereo=1;sprop-stereo=1\n"
    "a=rtpmap:9 G722/8000\n"
    "a=rtpmap:0 PCMU/8000\n"
    "a=rtpmap:8 PCMA/8000\n"
    "a=rtpmap:101 telephone-event/8000\n"
    "a=fmtp:101 0-15\n"
    "a=sendonly\n"
    "a=label:1\n"
    "a=rtcp-rsize\n"
    "a=rtcp-mux\n"
    "a=ssrc:567399803 cname:sip:200@127.0.0.1\n"
    "a=minptime:20\n"
    "a=ptime:20\n");

// Linphone desktop: static payload types without rtpmap (and an fmtp for one of them),
// telephone-event at three clock rates, a=rtcp (RFC 3605), and a video stream.
inline const std::string kLinphoneOffer = crlf(
    "v=0\n"
    "o=alice 1543 3285 IN IP4 192.168.1.30\n"
    "s=Talk\n"
    "c=IN IP4 192.168.1.30\n"
    "t=0 0\n"
    "a=rtcp-xr:rcvr-rtt=all:10000 stat-summary=loss,dup,jitt,TTL voip-metrics\n"
    "m=audio 7078 RTP/AVP 96 97 98 0 8 18 101 99 100\n"
    "a=rtpmap:96 opus/48000/2\n"
    "a=fmtp:96 useinbandfec=1\n"
    "a=rtpmap:97 speex/16000\n"
    "a=fmtp:97 vbr=on\n"
    "a=rtpmap:98 speex/8000\n"
    "a=fmtp:98 vbr=on\n"
    "a=fmtp:18 annexb=yes\n"
    "a=rtpmap:101 telephone-event/48000\n"
    "a=rtpmap:99 telephone-event/16000\n"
    "a=rtpmap:100 telephone-event/8000\n"
    "a=rtcp:7079\n"
    "a=rtcp-fb:* trr-int 1000\n"
    "a=rtcp-fb:* ccm tmmbr\n"
    "m=video 9078 RTP/AVP 96\n"
    "a=rtpmap:96 VP8/90000\n"
    "a=rtcp:9079\n"
    "a=rtcp-fb:* trr-int 1000\n"
    "a=rtcp-fb:* ccm tmmbr\n"
    "a=rtcp-fb:96 nack pli\n"
    "a=rtcp-fb:96 ccm fir\n");

// sipp 3.6 `-sn uac`, captured.
inline const std::string kSippUacOffer = crlf(
    "v=0\n"
    "o=user1 53655765 2353687637 IN IP4 127.0.0.1\n"
    "s=-\n"
    "c=IN IP4 127.0.0.1\n"
    "t=0 0\n"
    "m=audio 6004 RTP/AVP 0\n"
    "a=rtpmap:0 PCMU/8000\n");

// sipp 3.6 `-sn uas` answering it, captured.
inline const std::string kSippUasAnswer = crlf(
    "v=0\n"
    "o=user1 53655765 2353687637 IN IP4 127.0.0.1\n"
    "s=-\n"
    "c=IN IP4 127.0.0.1\n"
    "t=0 0\n"
    "m=audio 6000 RTP/AVP 0\n"
    "a=rtpmap:0 PCMU/8000\n");

}  // namespace sb::sdp::samples
