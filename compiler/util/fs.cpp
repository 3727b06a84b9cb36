#include "util/fs.hpp"

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include "util/diagnostic.hpp"

namespace lutc::util {
namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Diagnostic(path.string(), 0, 0, "cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const fs::path& path, const std::string& content) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << content;
  if (!out) throw Diagnostic(path.string(), 0, 0, "cannot write file");
}

AtomicDir::AtomicDir(fs::path target) : target_(std::move(target)) {
  if (target_.filename().empty()) target_ = target_.parent_path();
  fs::path parent = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  fs::create_directories(parent);
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path candidate = parent / ("." + target_.filename().string() + ".tmp-" + std::to_string(rd() % 1000000));
    if (fs::create_directory(candidate)) {
      temp_ = candidate;
      return;
    }
  }
  throw Diagnostic(target_.string(), 0, 0, "cannot create a temporary output directory beside it");
}

AtomicDir::~AtomicDir() {
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(temp_, ec);
  }
}

void AtomicDir::commit() {
  std::error_code ec;
  if (fs::exists(target_)) {
    fs::path old = temp_.string() + ".old";
    fs::rename(target_, old, ec);
    if (ec) throw Diagnostic(target_.string(), 0, 0, "cannot replace existing output: " + ec.message());
    fs::rename(temp_, target_, ec);
    fs::remove_all(old);
  } else {
    fs::rename(temp_, target_, ec);
  }
  if (ec) throw Diagnostic(target_.string(), 0, 0, "cannot move output into place: " + ec.message());
  committed_ = true;
}

fs::path cache_dir() {
  if (const char* d = std::getenv("LUTC_CACHE_DIR"); d && *d) return d;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return fs::path(x) / "lutc";
  if (const char* h = std::getenv("HOME"); h && *h) return fs::path(h) / ".cache" / "lutc";
  return fs::temp_directory_path() / "lutc-cache";
}

}  // namespace lutc::util
