// SPDX-License-Identifier: MIT
#include "media/endpoint/wav_file_source.h"

#include <gtest/gtest.h>
#include <sndfile.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <string>
#include <vector>

#include "media/endpoint/tone_detector.h"

namespace sb::media {
namespace {

namespace fs = std::filesystem;

class WavFileSourceTest : public testing::Test {
 protected:
  void SetUp() override {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("sb-wav-" + std::to_string(::getpid()) + "-" + info->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes `seconds` of a sine per channel (each channel its own frequency) with libsndfile.
  fs::path write(const std::string& name, int format, int rate, std::vector<double> frequencies, double seconds) {
    const fs::path path = dir_ / name;
    SF_INFO info{};
    info.samplerate = rate;
    info.channels = static_cast<int>(frequencies.size());
    info.format = format;
    SNDFILE* f = sf_open(path.c_str(), SFM_WRITE, &info);
    EXPECT_NE(f, nullptr) << sf_strerror(nullptr);
    if (f == nullptr) return path;
    const auto frames = static_cast<std::size_t>(seconds * rate);
    std::vector<float> data(frames * frequencies.size());
    for (std::size_t i = 0; i < frames; ++i) {
      for (std::size_t c = 0; c < frequencies.size(); ++c) {
        data[i * frequencies.size() + c] =
            static_cast<float>(0.5 * std::sin(2 * std::numbers::pi * frequencies[c] * static_cast<double>(i) / rate));
      }
    }
    EXPECT_EQ(sf_writef_float(f, data.data(), static_cast<sf_count_t>(frames)), static_cast<sf_count_t>(frames));
    sf_close(f);
    return path;
  }

  fs::path dir_;
};

TEST_F(WavFileSourceTest, plays_a_44khz_stereo_file_as_mono_at_8khz_with_both_channels_in_it) {
  const auto path = write("music.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, {440, 1000}, 2.0);
  auto opened = WavFileSource::open(path, 8000);
  ASSERT_TRUE(opened.source) << opened.error;
  EXPECT_EQ(opened.source->pcmRate(), 8000);
  EXPECT_NEAR(static_cast<double>(opened.source->lengthSamples()), 16000, 1);
  std::vector<std::int16_t> pcm(8000);
  EXPECT_EQ(opened.source->read(pcm), pcm.size());
  // Mixed down: each channel carries half the power; averaging halves each amplitude (-12 dBFS).
  EXPECT_NEAR(ToneDetector(8000, 440).relativePower(pcm), 0.5, 0.05);
  EXPECT_NEAR(ToneDetector(8000, 1000).relativePower(pcm), 0.5, 0.05);
  EXPECT_NEAR(ToneDetector(8000, 440).levelDbfs(pcm), -12.0, 0.5);
  EXPECT_LT(ToneDetector(8000, 3000).relativePower(pcm), 0.001);
}

TEST_F(WavFileSourceTest, filters_out_what_would_alias_when_downsampling) {
  // 6 kHz cannot exist at 8 kHz; without the anti-alias filter it would fold to 2 kHz.
  const auto path = write("high.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, {6000}, 1.0);
  auto opened = WavFileSource::open(path, 8000);
  ASSERT_TRUE(opened.source) << opened.error;
  std::vector<std::int16_t> pcm(8000);
  opened.source->read(pcm);
  EXPECT_LT(ToneDetector(8000, 2000).levelDbfs(pcm), -60);
}

TEST_F(WavFileSourceTest, upsamples_an_8khz_file_for_a_16khz_pivot) {
  const auto path = write("voice.wav", SF_FORMAT_WAV | SF_FORMAT_ULAW, 8000, {700}, 1.0);
  auto opened = WavFileSource::open(path, 16000);
  ASSERT_TRUE(opened.source) << opened.error;
  std::vector<std::int16_t> pcm(16000);
  opened.source->read(pcm);
  EXPECT_GT(ToneDetector(16000, 700).relativePower(pcm), 0.95);
}

TEST_F(WavFileSourceTest, loops_back_to_the_start_when_the_file_ends) {
  const auto path = write("short.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, {500}, 0.25);
  auto opened = WavFileSource::open(path, 8000);
  ASSERT_TRUE(opened.source) << opened.error;
  ASSERT_EQ(opened.source->lengthSamples(), 2000u);
  std::vector<std::int16_t> pcm(5000);
  opened.source->read(pcm);
  for (std::size_t i = 0; i < 2000; ++i) {
    ASSERT_EQ(pcm[i], pcm[i + 2000]) << i;
    if (i < 1000) {
      ASSERT_EQ(pcm[i], pcm[i + 4000]) << i;
    }
  }
  auto second = opened.source->clone();
  std::vector<std::int16_t> fromStart(100);
  second->read(fromStart);
  EXPECT_TRUE(std::equal(fromStart.begin(), fromStart.end(), pcm.begin()));
}

TEST_F(WavFileSourceTest, reads_other_formats_libsndfile_knows) {
  const auto path = write("tone.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 16000, {800}, 0.5);
  auto opened = WavFileSource::open(path, 16000);
  ASSERT_TRUE(opened.source) << opened.error;
  std::vector<std::int16_t> pcm(8000);
  opened.source->read(pcm);
  EXPECT_GT(ToneDetector(16000, 800).relativePower(pcm), 0.95);
}

TEST_F(WavFileSourceTest, a_missing_file_is_an_error_naming_it) {
  auto opened = WavFileSource::open(dir_ / "nope.wav", 8000);
  EXPECT_EQ(opened.source, nullptr);
  EXPECT_NE(opened.error.find("nope.wav"), std::string::npos) << opened.error;
}

TEST_F(WavFileSourceTest, a_file_that_is_not_audio_is_an_error) {
  const fs::path path = dir_ / "notes.wav";
  std::ofstream(path) << "RIFF this is plain text pretending to be a wave file\n";
  auto opened = WavFileSource::open(path, 8000);
  EXPECT_EQ(opened.source, nullptr);
  EXPECT_FALSE(opened.error.empty());
}

TEST_F(WavFileSourceTest, a_file_with_no_samples_is_an_error) {
  const auto path = write("empty.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, {500}, 0.0);
  auto opened = WavFileSource::open(path, 8000);
  EXPECT_EQ(opened.source, nullptr);
  EXPECT_NE(opened.error.find("no audio"), std::string::npos) << opened.error;
}

TEST_F(WavFileSourceTest, a_rate_that_is_not_a_pivot_rate_is_an_error) {
  const auto path = write("ok.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, {500}, 0.1);
  auto opened = WavFileSource::open(path, 44100);
  EXPECT_EQ(opened.source, nullptr);
  EXPECT_FALSE(opened.error.empty());
}

}  // namespace
}  // namespace sb::media
