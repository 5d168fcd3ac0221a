// SPDX-License-Identifier: MIT
// Proves that transcoding allocates nothing per packet once a Transcoder exists. Every heap
// allocation in the process is counted, including those of the C codec libraries: this binary
// replaces malloc/calloc/realloc with counting versions that forward to glibc, or, under
// AddressSanitizer (which owns malloc), installs the sanitizer's allocation hook instead.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <string>

#include "codec_test_support.h"
#include "media/codec/transcoder.h"

// spandsp.h would need libtiff; the G.722 header stands alone.
#include <spandsp/telephony.h>
#include <spandsp/g722.h>

namespace {

std::atomic<bool> counting{false};
std::atomic<long> allocations{0};

void noteAllocation() {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

#if defined(__SANITIZE_ADDRESS__)
#define SB_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SB_ASAN 1
#endif
#endif

#ifdef SB_ASAN
extern "C" int __sanitizer_install_malloc_and_free_hooks(void (*onMalloc)(const volatile void*, std::size_t),
                                                         void (*onFree)(const volatile void*));
namespace {
[[maybe_unused]] const int kHooksInstalled = __sanitizer_install_malloc_and_free_hooks(
    [](const volatile void*, std::size_t) { noteAllocation(); }, [](const volatile void*) {});
}  // namespace
#else
extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t n, std::size_t size);
void* __libc_realloc(void* p, std::size_t size);

void* malloc(std::size_t size) {
  noteAllocation();
  return __libc_malloc(size);
}
void* calloc(std::size_t n, std::size_t size) {
  noteAllocation();
  return __libc_calloc(n, size);
}
void* realloc(void* p, std::size_t size) {
  noteAllocation();
  return __libc_realloc(p, size);
}
}
#endif

namespace sb::media {
namespace {

struct Pair {
  CodecId from;
  CodecId to;
};

std::string pairName(const testing::TestParamInfo<Pair>& info) {
  return std::string(codecName(info.param.from)) + "_to_" + std::string(codecName(info.param.to));
}

TEST(AllocationCounter, sees_allocations_made_inside_the_c_codec_libraries) {
  allocations = 0;
  counting = true;
  g722_encode_state_t* state = g722_encode_init(nullptr, 64000, 0);  // mallocs inside libspandsp
  counting = false;
  g722_encode_free(state);
  EXPECT_GE(allocations.load(), 1);
}

class TranscoderAllocation : public testing::TestWithParam<Pair> {};

TEST_P(TranscoderAllocation, transcoding_packets_allocates_nothing_after_construction) {
  const auto [from, to] = GetParam();
  auto transcoder = Transcoder::create(from, to);
  ASSERT_TRUE(transcoder);
  const int rate = transcoder->pivotRate();
  auto enc = makeEncoder(from, rate);
  const auto pcm = test::sine(rate, 1000, 20);
  std::vector<std::uint8_t> payload(kMaxPayloadBytes);
  const CodecResult n = enc->encode(pcm, payload);
  ASSERT_TRUE(n.ok());
  payload.resize(n.count);
  const std::vector<std::uint8_t> malformed(3, 0xFF);

  // The check must be able to fail: an allocation inside the window is seen.
  allocations = 0;
  counting = true;
  auto* probe = new int(7);
  counting = false;
  delete probe;
  ASSERT_EQ(allocations.load(), 1);

  allocations = 0;
  counting = true;
  std::size_t produced = 0;
  bool allOk = true;
  for (int i = 0; i < 200; ++i) {
    allOk = transcoder->push(payload).ok() && allOk;
    if (i % 50 == 7) allOk = transcoder->pushLoss(20).ok() && allOk;
    (void)transcoder->push(malformed);  // refused (for G.711, accepted) either way without allocating
    while (auto out = transcoder->pull()) produced += out->payload.size();
  }
  counting = false;
  EXPECT_TRUE(allOk);
  EXPECT_GT(produced, 0u);
  EXPECT_EQ(allocations.load(), 0);
}

INSTANTIATE_TEST_SUITE_P(
    RequiredPairs, TranscoderAllocation,
    testing::Values(Pair{CodecId::Pcmu, CodecId::Pcma}, Pair{CodecId::Pcmu, CodecId::G729},
                    Pair{CodecId::G729, CodecId::Pcmu}, Pair{CodecId::Pcma, CodecId::Opus},
                    Pair{CodecId::Opus, CodecId::Pcma}, Pair{CodecId::Pcmu, CodecId::G722},
                    Pair{CodecId::G722, CodecId::Pcmu}, Pair{CodecId::G722, CodecId::Opus},
                    Pair{CodecId::Opus, CodecId::G722}),
    pairName);

}  // namespace
}  // namespace sb::media
