// SPDX-License-Identifier: MIT
#include "media/endpoint/sound_file.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <vector>

#include "base/random.h"

namespace sb::media {
namespace {

std::filesystem::path freshDir() {
  auto dir = std::filesystem::temp_directory_path() / ("sb-sound-" + random::token(10));
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(SoundFile, writes_a_wav_that_reads_back_sample_for_sample) {
  const auto dir = freshDir();
  std::vector<std::int16_t> pcm(8000);
  for (std::size_t i = 0; i < pcm.size(); ++i) pcm[i] = static_cast<std::int16_t>(9000 * std::sin(i * 0.3));
  const auto file = dir / "message.wav";
  ASSERT_TRUE(writeWavAtomically(file, pcm, 8000).ok());
  EXPECT_FALSE(std::filesystem::exists(dir / "message.wav.partial"));
  const auto loaded = loadSound(file, 8000);
  ASSERT_TRUE(loaded.pcm) << loaded.error;
  ASSERT_EQ(loaded.pcm->size(), pcm.size());
  for (std::size_t i = 0; i < pcm.size(); ++i) ASSERT_NEAR((*loaded.pcm)[i], pcm[i], 1) << i;
  std::filesystem::remove_all(dir);
}

TEST(SoundFile, a_failed_write_leaves_nothing_behind) {
  const auto dir = freshDir();
  const std::vector<std::int16_t> pcm(800);
  EXPECT_FALSE(writeWavAtomically(dir / "missing-folder" / "m.wav", pcm, 8000).ok());
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

TEST(SoundFile, refuses_what_is_not_a_sound) {
  const auto dir = freshDir();
  const auto file = dir / "text.wav";
  FILE* f = std::fopen(file.c_str(), "w");
  std::fputs("not a wav file at all", f);
  std::fclose(f);
  const auto loaded = loadSound(file, 8000);
  EXPECT_FALSE(loaded.pcm);
  EXPECT_NE(loaded.error.find("text.wav"), std::string::npos) << loaded.error;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sb::media
