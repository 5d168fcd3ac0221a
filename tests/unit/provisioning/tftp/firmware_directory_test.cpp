// SPDX-License-Identifier: MIT
#include "provisioning/tftp/firmware_directory.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "base/random.h"

namespace sb::tftp {
namespace {

namespace fs = std::filesystem;

class FirmwareDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("sb-fw-" + random::token(10));
    fs::create_directories(base_ / "firmware" / "sub");
    write(base_ / "firmware" / "P0S3-08-12-00.bin", "image");
    write(base_ / "firmware" / "sub" / "inner.bin", "inner");
    write(base_ / "secret.txt", "secret");
    fs::create_symlink(base_ / "secret.txt", base_ / "firmware" / "escape.txt");
    fs::create_symlink(base_ / "firmware" / "P0S3-08-12-00.bin", base_ / "firmware" / "alias.bin");
  }
  void TearDown() override { fs::remove_all(base_); }
  static void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

  fs::path base_;
};

TEST_F(FirmwareDirectoryTest, serves_files_of_the_folder_without_regard_to_case) {
  FirmwareDirectory dir(base_ / "firmware");
  const auto file = dir.find("p0s3-08-12-00.BIN", {});
  ASSERT_TRUE(file);
  EXPECT_EQ(*file->bytes, "image");
  EXPECT_EQ(file->name, "P0S3-08-12-00.bin");
  EXPECT_FALSE(dir.find("missing.bin", {}));
}

TEST_F(FirmwareDirectoryTest, follows_no_link_out_of_the_folder_and_serves_no_folder) {
  FirmwareDirectory dir(base_ / "firmware");
  EXPECT_FALSE(dir.find("escape.txt", {}));
  EXPECT_FALSE(dir.find("sub", {}));
  const auto alias = dir.find("alias.bin", {});  // a link to a file inside is fine
  ASSERT_TRUE(alias);
  EXPECT_EQ(*alias->bytes, "image");
}

TEST_F(FirmwareDirectoryTest, reads_a_changed_file_again) {
  FirmwareDirectory dir(base_ / "firmware");
  const auto before = dir.find("P0S3-08-12-00.bin", {});
  write(base_ / "firmware" / "P0S3-08-12-00.bin", "new image");
  const auto after = dir.find("P0S3-08-12-00.bin", {});
  ASSERT_TRUE(before && after);
  EXPECT_EQ(*before->bytes, "image");  // a transfer in progress keeps what it started with
  EXPECT_EQ(*after->bytes, "new image");
}

}  // namespace
}  // namespace sb::tftp
