#pragma once
// Helpers shared by all unit tests.
#include <unistd.h>

#include <filesystem>
#include <random>
#include <string>
#include <system_error>

namespace lutc::test {

/// A fresh directory under the system temp dir, removed when the test is done. The name is
/// unique per process and call, so tests may run in parallel processes.
struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& name) {
    std::random_device rd;
    path = std::filesystem::temp_directory_path() /
           ("lutc-test-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(rd() % 1000000));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

/// The README's example model, read by several flow tests.
inline std::string example_model() { return std::string(LUTC_SOURCE_DIR) + "/examples/tiny_mlp.yaml"; }

}  // namespace lutc::test
