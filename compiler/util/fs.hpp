#pragma once
// File helpers: whole-file read/write, temporary directories, and atomic publishing of files
// and directories (a reader sees the complete old or the complete new content, never a mix).
#include <filesystem>
#include <string>

namespace lutc::util {

/// Reads a whole file; throws Diagnostic naming the file if it cannot be read.
std::string read_file(const std::filesystem::path& path);

/// Writes a whole file (creating parent directories); throws Diagnostic naming the file and the
/// reason (disk full, read-only, ...) on failure.
void write_file(const std::filesystem::path& path, const std::string& content);

/// Writes `content` to `path` through a sibling temporary and a rename, so `path` is always
/// either absent, the old content or the complete new content. Throws Diagnostic on failure.
void write_atomic(const std::filesystem::path& path, const std::string& content);

/// A fresh private directory `parent/<prefix>XXXXXX` (parent: the system temp directory when
/// empty), removed with its content on destruction unless `keep()` was called.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "lutc-", const std::filesystem::path& parent = {});
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  void keep() { keep_ = true; }

 private:
  std::filesystem::path path_;
  bool keep_ = false;
};

enum class publish_mode {
  replace,        // the target is exchanged atomically for the staged directory
  keep_existing,  // an existing complete target (one holding `marker`) wins; a broken one is replaced
};

/// Moves the complete directory `staged` to `target` atomically (renameat2 RENAME_EXCHANGE where
/// supported, so `target` is never missing while being replaced). Returns true if `staged` was
/// installed; `staged` is gone afterwards either way. Throws Diagnostic naming `target`.
bool publish_directory(const std::filesystem::path& staged, const std::filesystem::path& target,
                       publish_mode mode = publish_mode::replace, const std::string& marker = {});

/// An output directory that appears only when complete: work happens in a hidden sibling
/// `.NAME.tmp-PID-N` which `commit()` publishes onto the target (replacing an old one whole).
/// If the object dies without commit, the temporary directory is removed; temporaries left by
/// earlier runs that were killed (their PID is gone) are removed when the next one starts.
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

/// How `path` is named in messages: a path inside a live AtomicDir's temporary directory is
/// named by its place in the target (errors say `OUT/report.json`, never `.OUT.tmp-123/...`).
std::string display_path(const std::filesystem::path& path);

/// Removes `.NAME.tmp-PID-*` entries in `dir` whose owning process no longer runs.
void remove_stale_temporaries(const std::filesystem::path& dir);

/// The per-user cache directory for lutc ($LUTC_CACHE_DIR, else $XDG_CACHE_HOME/lutc, else ~/.cache/lutc).
std::filesystem::path cache_dir();

}  // namespace lutc::util
