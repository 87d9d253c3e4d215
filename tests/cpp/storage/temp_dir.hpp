// SPDX-License-Identifier: Apache-2.0
// File: tests/cpp/storage/temp_dir.hpp
//
// A fresh directory under the test temporary directory, removed with
// everything in it when the object dies, for tests of stores on files.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace onhand::testing {

class temp_dir {
 public:
  temp_dir() {
    std::string pattern = ::testing::TempDir() + "onhand-store-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed for " << pattern;
    path_ = pattern;
  }
  temp_dir(const temp_dir&) = delete;
  auto operator=(const temp_dir&) -> temp_dir& = delete;
  ~temp_dir() {
    std::error_code ignored;
    // A test may have made parts read-only: make them writable to remove them.
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ignored);
    std::filesystem::remove_all(path_, ignored);
  }

  [[nodiscard]] auto path() const -> const std::filesystem::path& { return path_; }
  /// The path of `name` inside the directory.
  [[nodiscard]] auto file(const std::string& name) const -> std::string {
    return (path_ / name).string();
  }

 private:
  std::filesystem::path path_;
};

}  // namespace onhand::testing
