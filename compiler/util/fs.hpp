#pragma once
// File helpers: whole-file read/write and atomic output directories.
#include <filesystem>
#include <string>

namespace lutc::util {

/// Reads a whole file; throws Diagnostic naming the file if it cannot be read.
std::string read_file(const std::filesystem::path& path);

/// Writes a whole file (creating parent directories); throws on failure.
void write_file(const std::filesystem::path& path, const std::string& content);

/// An output directory that appears only when complete: work happens in a hidden sibling
/// temporary directory which `commit()` renames onto the target (replacing an old one).
/// If the object dies without commit, the temporary directory is removed.
class AtomicDir {
 public:
  explicit AtomicDir(std::filesystem::path target);
  ~AtomicDir();
  AtomicDir(const AtomicDir&) = delete;
  AtomicDir& operator=(const AtomicDir&) = delete;

  const std::filesystem::path& path() const { return temp_; }
  const std::filesystem::path& target() const { return target_; }
  void commit();

 private:
  std::filesystem::path target_, temp_;
  bool committed_ = false;
};

/// The per-user cache directory for lutc ($LUTC_CACHE_DIR, else $XDG_CACHE_HOME/lutc, else ~/.cache/lutc).
std::filesystem::path cache_dir();

}  // namespace lutc::util
