// SPDX-License-Identifier: MIT
#include "telephony/call/relay_call_media.h"

#include "media/codec/codec_id.h"
#include "media/rtp/relay_session.h"
#include "telephony/call/packet_transforms.h"

namespace sb::call {

namespace {

using media::rtp::Direction;
using media::rtp::Leg;

Leg legOf(Side side) { return side == Side::Caller ? Leg::A : Leg::B; }

std::optional<media::CodecId> codecIdOf(const sdp::CodecRef& codec) {
  return media::codecByName(codec.name);
}

// The relay for one call; its sessions' sockets live on the factory's poller.
class RelayCallMedia final : public CallMedia {
 public:
  explicit RelayCallMedia(std::unique_ptr<media::rtp::RelaySession> session)
      : session_(std::move(session)) {}

  net::SocketAddress relayAddress(Side side) const override { return session_->localRtp(legOf(side)); }

  void expect(Side side, const PeerMedia& peer) override {
    // On hold the phone's address may still be real (a=sendonly): keep sending it our stream
    // (music on hold later), but a 0.0.0.0 address is the relay's "send nothing".
    session_->expectRemote(legOf(side), peer.rtp);
  }

  bool useCodecs(const CodecPlan& plan) override {
    if (sdp::sameCodec(plan.caller, plan.callee)) {
      install(Direction::AtoB, plan.caller.payloadType, plan.callee.payloadType, plan.callerEvents,
              plan.calleeEvents);
      install(Direction::BtoA, plan.callee.payloadType, plan.caller.payloadType, plan.calleeEvents,
              plan.callerEvents);
      return true;
    }
    const auto from = codecIdOf(plan.caller);
    const auto to = codecIdOf(plan.callee);
    if (!from || !to) return false;
    auto forward = media::Transcoder::create(*from, *to);
    auto backward = media::Transcoder::create(*to, *from);
    if (!forward || !backward) return false;
    session_->setTransform(Direction::AtoB, std::make_unique<TranscodingTransform>(
                                                std::move(forward), plan.caller.payloadType,
                                                plan.callee.payloadType, plan.callerEvents, plan.calleeEvents));
    session_->setTransform(Direction::BtoA, std::make_unique<TranscodingTransform>(
                                                std::move(backward), plan.callee.payloadType,
                                                plan.caller.payloadType, plan.calleeEvents, plan.callerEvents));
    return true;
  }

  std::chrono::steady_clock::duration idleFor(SteadyTime now) const override {
    return session_->idleFor(now);
  }

  MediaCounters counters() const override {
    return {session_->stats(Direction::AtoB).packets, session_->stats(Direction::BtoA).packets};
  }

 private:
  void install(Direction direction, std::uint8_t audioFrom, std::uint8_t audioTo,
               std::optional<std::uint8_t> eventsFrom, std::optional<std::uint8_t> eventsTo) {
    const bool same = audioFrom == audioTo && eventsFrom == eventsTo;
    session_->setTransform(direction, same ? nullptr
                                           : std::make_unique<PayloadTypeRewriter>(audioFrom, audioTo,
                                                                                    eventsFrom, eventsTo));
  }

  std::unique_ptr<media::rtp::RelaySession> session_;
};

}  // namespace

RelayMediaFactory::RelayMediaFactory(boost::asio::io_context& io, const Clock& clock,
                                     boost::asio::ip::address bindAddress, std::uint16_t portMin,
                                     std::uint16_t portMax)
    : clock_(clock), ports_(bindAddress, portMin, portMax), poller_(io) {}

std::unique_ptr<CallMedia> RelayMediaFactory::open(std::string& error) {
  auto a = ports_.allocate();
  if (!a.ok()) {
    error = a.error;
    return nullptr;
  }
  auto b = ports_.allocate();
  if (!b.ok()) {
    error = b.error;
    return nullptr;
  }
  return std::make_unique<RelayCallMedia>(std::make_unique<media::rtp::RelaySession>(
      poller_, workspace_, clock_, std::move(*a.lease), std::move(*b.lease)));
}

}  // namespace sb::call
