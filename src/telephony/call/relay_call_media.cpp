// SPDX-License-Identifier: MIT
#include "telephony/call/relay_call_media.h"

#include <algorithm>
#include <array>

#include "base/random.h"
#include "media/codec/codec.h"
#include "media/codec/codec_id.h"
#include "media/rtp/relay_session.h"
#include "telephony/call/caller_tap.h"
#include "telephony/call/packet_transforms.h"

namespace sb::call {

namespace {

using media::rtp::Direction;
using media::rtp::Leg;

Leg legOf(Side side) { return side == Side::Caller ? Leg::A : Leg::B; }

std::optional<media::CodecId> codecIdOf(const sdp::CodecRef& codec) {
  return media::codecByName(codec.name);
}

// Music on hold for one held phone: every 20 ms one packet of the music loop, encoded in the
// codec that phone uses, with its own SSRC, sequence and timestamp (RFC 3550 §5.1), sent from the
// relay port the phone already sends to, so it passes the phone's NAT.
class MusicPlayer {
 public:
  static constexpr int kPacketMs = 20;

  // `loop`: the sound starts over at its end (music, a tone); otherwise silence follows it.
  MusicPlayer(media::rtp::RelaySession& session, Leg leg, Timers& timers,
              std::shared_ptr<const std::vector<std::int16_t>> music, const sdp::CodecRef& codec, bool loop)
      : session_(session), leg_(leg), timers_(timers), sound_(std::move(music)), loop_(loop),
        payloadType_(codec.payloadType) {
    if (auto id = media::codecByName(codec.name)) {
      encoder_ = media::makeEncoder(*id, 8000);
      ticks_ = media::rtpTicksFor(media::codecInfo(*id), kPacketMs);
    }
    ssrc_ = static_cast<std::uint32_t>(random::u64());
    sequence_ = static_cast<std::uint16_t>(random::u64());
    timestamp_ = static_cast<std::uint32_t>(random::u64());
    if (encoder_) timer_ = timers_.schedule(Millis(kPacketMs), [this] { tick(); });
  }
  ~MusicPlayer() {
    if (timer_ != TimerId{}) timers_.cancel(timer_);
  }
  MusicPlayer(const MusicPlayer&) = delete;
  MusicPlayer& operator=(const MusicPlayer&) = delete;

  // A sound played once has been sent to its end.
  bool finished() const { return !loop_ && position_ >= sound_->size(); }

 private:
  void read(std::span<std::int16_t> pcm) {
    for (auto& sample : pcm) {
      if (position_ >= sound_->size()) {
        if (!loop_ || sound_->empty()) {
          sample = 0;
          continue;
        }
        position_ = 0;
      }
      sample = (*sound_)[position_++];
    }
  }

  void tick() {
    timer_ = timers_.schedule(Millis(kPacketMs), [this] { tick(); });
    std::array<std::int16_t, 8000 * kPacketMs / 1000> pcm{};
    read(pcm);
    std::array<std::uint8_t, 12 + media::kMaxPayloadBytes> packet{};
    const auto encoded = encoder_->encode(pcm, std::span(packet).subspan(12));
    if (!encoded.ok()) return;
    packet[0] = 0x80;
    packet[1] = static_cast<std::uint8_t>(payloadType_ & 0x7f);
    packet[2] = static_cast<std::uint8_t>(sequence_ >> 8);
    packet[3] = static_cast<std::uint8_t>(sequence_);
    for (int i = 0; i < 4; ++i) packet[4 + i] = static_cast<std::uint8_t>(timestamp_ >> (24 - 8 * i));
    for (int i = 0; i < 4; ++i) packet[8 + i] = static_cast<std::uint8_t>(ssrc_ >> (24 - 8 * i));
    ++sequence_;
    timestamp_ += ticks_;
    session_.sendTo(leg_, std::span(packet).first(12 + encoded.count));
  }

  media::rtp::RelaySession& session_;
  Leg leg_;
  Timers& timers_;
  std::shared_ptr<const std::vector<std::int16_t>> sound_;
  std::size_t position_ = 0;
  bool loop_;
  std::unique_ptr<media::Encoder> encoder_;
  std::uint8_t payloadType_;
  std::uint32_t ticks_ = 160;
  std::uint32_t ssrc_ = 0;
  std::uint16_t sequence_ = 0;
  std::uint32_t timestamp_ = 0;
  TimerId timer_{};
};

// The echo test's transform: it keeps what the caller sends (up to kSlots packets) instead of
// passing it on, for RelayCallMedia to send back to the caller from the caller's own port, which
// is the one the caller's NAT lets packets in from. Fixed buffers: nothing is allocated per packet.
class EchoCapture final : public media::rtp::PacketTransform {
 public:
  static constexpr std::size_t kSlots = 16;
  static constexpr std::size_t kSlotBytes = 1500;

  std::span<const std::uint8_t> transform(media::rtp::RtpPacketView packet, std::span<std::uint8_t>) override {
    const auto bytes = packet.bytes();
    if (count_ == kSlots || bytes.size() > kSlotBytes) return {};  // full: drop, as a jitter buffer would
    auto& slot = slots_[(first_ + count_) % kSlots];
    std::copy(bytes.begin(), bytes.end(), slot.bytes.begin());
    slot.size = bytes.size();
    ++count_;
    return {};
  }
  // Hands each kept packet to `send`, oldest first, and forgets them.
  template <typename Send>
  void drain(Send&& send) {
    for (; count_ > 0; --count_, first_ = (first_ + 1) % kSlots) {
      send(std::span<const std::uint8_t>(slots_[first_].bytes.data(), slots_[first_].size));
    }
  }

 private:
  struct Slot {
    std::array<std::uint8_t, kSlotBytes> bytes{};
    std::size_t size = 0;
  };
  std::array<Slot, kSlots> slots_{};
  std::size_t first_ = 0;
  std::size_t count_ = 0;
};

// The relay for one call; its sessions' sockets live on the factory's poller.
class RelayCallMedia final : public CallMedia {
 public:
  RelayCallMedia(std::unique_ptr<media::rtp::RelaySession> session, Timers& timers,
                 std::shared_ptr<const std::vector<std::int16_t>> music)
      : session_(std::move(session)), timers_(timers), music_(std::move(music)) {}
  ~RelayCallMedia() override {
    musicPlayer_.reset();
    if (echoTimer_ != TimerId{}) timers_.cancel(echoTimer_);
  }

  void setHolds(bool callerHolds, bool calleeHolds) override {
    musicPlayer_.reset();
    // RFC 3264 §6.1: a holder that does not receive gets nothing, not even the held party's
    // sound; the held party hears music in place of the holder.
    session_->setForwarding(Direction::BtoA, !callerHolds && !calleeHolds);
    session_->setForwarding(Direction::AtoB, !callerHolds && !calleeHolds);
    if (callerHolds != calleeHolds) play(callerHolds ? Side::Callee : Side::Caller, music_);
  }

  void play(Side side, std::shared_ptr<const std::vector<std::int16_t>> pcm) override {
    start(side, std::move(pcm), true);
  }

  void playOnce(Side side, std::shared_ptr<const std::vector<std::int16_t>> pcm) override {
    start(side, std::move(pcm), false);
  }

  bool playing(Side side) const override {
    return musicPlayer_ && playerSide_ == side && !musicPlayer_->finished();
  }

  void listenToCaller() override {
    if (!plan_) return;
    const auto codec = codecIdOf(plan_->caller);
    auto decoder = codec ? media::makeDecoder(*codec, CallerTap::kRate) : nullptr;
    auto tap = std::make_unique<CallerTap>(std::move(decoder), plan_->caller.payloadType, plan_->callerEvents);
    tap_ = tap.get();
    session_->setTransform(Direction::AtoB, std::move(tap));
  }

  void takeFromCaller(std::vector<std::int16_t>& audio, std::string& keys) override {
    if (tap_) tap_->take(audio, keys);
  }

  void echoCaller() override {
    auto capture = std::make_unique<EchoCapture>();
    echo_ = capture.get();
    session_->setTransform(Direction::AtoB, std::move(capture));
    scheduleEcho();
  }

  net::SocketAddress relayAddress(Side side) const override { return session_->localRtp(legOf(side)); }

  void announce(Side side, const boost::asio::ip::address& ip) override { session_->announce(legOf(side), ip); }

  void expect(Side side, const PeerMedia& peer) override {
    // On hold the phone's address may still be real (a=sendonly): keep sending it our stream
    // (music on hold later), but a 0.0.0.0 address is the relay's "send nothing".
    session_->expectRemote(legOf(side), peer.rtp);
  }

  void playMusicTo(std::optional<Side> side) override {
    musicPlayer_.reset();
    session_->setForwarding(Direction::AtoB, true);
    session_->setForwarding(Direction::BtoA, true);
    // The holder's packets (if any) no longer reach the held phone: the music does.
    if (side) play(*side, music_);
  }

  bool useCodecs(const CodecPlan& plan) override {
    plan_ = plan;
    if (echo_ || tap_) return true;  // the echo test's or the listener's transform stays
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
    return {session_->stats(Direction::AtoB).packets, session_->stats(Direction::BtoA).packets,
            session_->offloaded()};
  }

 private:
  void start(Side side, std::shared_ptr<const std::vector<std::int16_t>> pcm, bool loop) {
    musicPlayer_.reset();
    if (!plan_ || !pcm) return;
    session_->setForwarding(side == Side::Caller ? Direction::BtoA : Direction::AtoB, false);
    playerSide_ = side;
    musicPlayer_ = std::make_unique<MusicPlayer>(*session_, legOf(side), timers_, std::move(pcm),
                                                 side == Side::Caller ? plan_->caller : plan_->callee, loop);
  }

  void install(Direction direction, std::uint8_t audioFrom, std::uint8_t audioTo,
               std::optional<std::uint8_t> eventsFrom, std::optional<std::uint8_t> eventsTo) {
    const bool same = audioFrom == audioTo && eventsFrom == eventsTo;
    session_->setTransform(direction, same ? nullptr
                                           : std::make_unique<PayloadTypeRewriter>(audioFrom, audioTo,
                                                                                    eventsFrom, eventsTo));
  }

  std::unique_ptr<media::rtp::RelaySession> session_;
  Timers& timers_;
  std::shared_ptr<const std::vector<std::int16_t>> music_;
  std::optional<CodecPlan> plan_;
  std::unique_ptr<MusicPlayer> musicPlayer_;
  Side playerSide_ = Side::Caller;
  EchoCapture* echo_ = nullptr;  // owned by the session as its A-to-B transform
  CallerTap* tap_ = nullptr;     // likewise, while Switchboard listens to the caller
  TimerId echoTimer_{};

  void scheduleEcho() {
    // Every 10 ms: what the caller sent comes back out of its own relay port.
    echoTimer_ = timers_.schedule(Millis(10), [this] {
      echo_->drain([this](std::span<const std::uint8_t> packet) { session_->sendTo(Leg::A, packet); });
      scheduleEcho();
    });
  }
};

}  // namespace

RelayMediaFactory::RelayMediaFactory(boost::asio::io_context& io, Timers& timers,
                                     boost::asio::ip::address bindAddress, std::uint16_t portMin,
                                     std::uint16_t portMax,
                                     std::shared_ptr<const std::vector<std::int16_t>> music,
                                     media::rtp::Offloader* offloader)
    : timers_(timers),
      music_(std::move(music)),
      offloader_(offloader),
      ports_(bindAddress, portMin, portMax),
      poller_(io) {}

Result<std::unique_ptr<CallMedia>> RelayMediaFactory::open() {
  auto a = ports_.allocate();
  if (!a.ok()) return fail(a.error);
  auto b = ports_.allocate();
  if (!b.ok()) return fail(b.error);
  return std::unique_ptr<CallMedia>(std::make_unique<RelayCallMedia>(
      std::make_unique<media::rtp::RelaySession>(poller_, workspace_, timers_.clock(), std::move(*a.lease),
                                                 std::move(*b.lease), media::rtp::LatchPolicy{}, offloader_),
      timers_, music_));
}

}  // namespace sb::call
