#include "util/fs.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <stdio.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <vector>

#include "util/diagnostic.hpp"

namespace lutc::util {
namespace fs = std::filesystem;

namespace detail {

/// `.NAME.tmp-PID-N`, unique within this process.
std::string temporary_name(const std::string& name) {
  static std::atomic<uint64_t> counter{0};
  return "." + name + ".tmp-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
}

/// The PID in a `.NAME.tmp-PID-N[...]` file name, or 0.
pid_t temporary_owner(const std::string& file_name) {
  if (file_name.empty() || file_name[0] != '.') return 0;
  size_t at = file_name.rfind(".tmp-");
  if (at == std::string::npos) return 0;
  size_t start = at + 5, end = start;
  while (end < file_name.size() && std::isdigit(static_cast<unsigned char>(file_name[end]))) ++end;
  if (end == start || end >= file_name.size() || file_name[end] != '-' || end - start > 9) return 0;
  return static_cast<pid_t>(std::stol(file_name.substr(start, end - start)));
}

/// Writes all of `content` to a new file; returns errno on failure (0 on success).
int write_whole(const fs::path& path, const std::string& content, bool sync) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return errno;
  size_t done = 0;
  int err = 0;
  while (done < content.size()) {
    ssize_t n = write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      err = n < 0 ? errno : EIO;
      break;
    }
    done += static_cast<size_t>(n);
  }
  if (!err && sync && fsync(fd) != 0) err = errno;
  if (close(fd) != 0 && !err) err = errno;
  return err;
}

void create_parent(const fs::path& path) {
  if (!path.has_parent_path()) return;
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) throw Diagnostic(display_path(path), 0, 0, "cannot create its directory: " + ec.message());
}

/// Temporary directories of live AtomicDirs and their targets, for display_path.
std::mutex live_mutex;
std::vector<std::pair<fs::path, fs::path>> live_dirs;

}  // namespace detail

std::string display_path(const fs::path& path) {
  std::lock_guard<std::mutex> lock(detail::live_mutex);
  std::string s = path.string();
  for (const auto& [temp, target] : detail::live_dirs)
    if (s.rfind(temp.string(), 0) == 0) return target.string() + s.substr(temp.string().size());
  return s;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Diagnostic(path.string(), 0, 0, "cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const fs::path& path, const std::string& content) {
  detail::create_parent(path);
  if (int err = detail::write_whole(path, content, false))
    throw Diagnostic(display_path(path), 0, 0, std::string("cannot write file: ") + std::strerror(err));
}

void write_atomic(const fs::path& path, const std::string& content) {
  detail::create_parent(path);
  fs::path tmp = path.parent_path() / detail::temporary_name(path.filename().string());
  int err = detail::write_whole(tmp, content, false);
  if (!err && std::rename(tmp.c_str(), path.c_str()) != 0) err = errno;
  if (err) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw Diagnostic(path.string(), 0, 0, std::string("cannot write file: ") + std::strerror(err));
  }
}

TempDir::TempDir(const std::string& prefix, const fs::path& parent_in) {
  fs::path parent = parent_in.empty() ? fs::temp_directory_path() : parent_in;
  std::error_code ec;
  fs::create_directories(parent, ec);
  std::string pattern = (parent / (prefix + "XXXXXX")).string();
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data()))
    throw Diagnostic(parent.string(), 0, 0, std::string("cannot create a temporary directory: ") + std::strerror(errno));
  path_ = buf.data();
}

TempDir::~TempDir() {
  if (keep_) return;
  std::error_code ec;
  fs::remove_all(path_, ec);
}

bool publish_directory(const fs::path& staged, const fs::path& target, publish_mode mode, const std::string& marker) {
  std::error_code ec;
  auto complete = [&] { return mode == publish_mode::keep_existing && !marker.empty() && fs::exists(target / marker, ec); };
  auto drop_staged = [&] { fs::remove_all(staged, ec); };
  // No target yet: a plain rename that refuses to overwrite one created meanwhile.
  if (renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) == 0) return true;
  int err = errno;
  if (err == EINVAL || err == ENOSYS) {  // no renameat2 on this file system: plain rename
    if (!fs::exists(target, ec) && std::rename(staged.c_str(), target.c_str()) == 0) return true;
    err = EEXIST;
  }
  if (err != EEXIST && err != ENOTEMPTY)
    throw Diagnostic(target.string(), 0, 0, std::string("cannot move the output into place: ") + std::strerror(err));
  if (complete()) {  // another process installed a complete entry first: use it
    drop_staged();
    return false;
  }
  // Exchange: `target` is the new content at once, `staged` then holds the old one to delete.
  if (renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) {
    drop_staged();
    return true;
  }
  err = errno;
  if (err != EINVAL && err != ENOSYS)
    throw Diagnostic(target.string(), 0, 0, std::string("cannot replace the existing output: ") + std::strerror(err));
  // Fallback protocol: move the old one aside under a name the next run cleans up, then rename.
  fs::path old = staged.string() + "-old";
  if (std::rename(target.c_str(), old.c_str()) != 0)
    throw Diagnostic(target.string(), 0, 0, std::string("cannot replace the existing output: ") + std::strerror(errno));
  if (std::rename(staged.c_str(), target.c_str()) != 0) {
    err = errno;
    std::rename(old.c_str(), target.c_str());
    throw Diagnostic(target.string(), 0, 0, std::string("cannot move the output into place: ") + std::strerror(err));
  }
  fs::remove_all(old, ec);
  return true;
}

void remove_stale_temporaries(const fs::path& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    pid_t owner = detail::temporary_owner(e.path().filename().string());
    if (owner <= 0 || owner == getpid()) continue;
    if (kill(owner, 0) == 0 || errno != ESRCH) continue;  // alive, or not ours to judge
    std::error_code rm;
    fs::remove_all(e.path(), rm);
  }
}

AtomicDir::AtomicDir(fs::path target) : target_(std::move(target)) {
  if (target_.filename().empty()) target_ = target_.parent_path();
  fs::path parent = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) throw Diagnostic(target_.string(), 0, 0, "cannot create the output directory's parent: " + ec.message());
  remove_stale_temporaries(parent);
  temp_ = parent / detail::temporary_name(target_.filename().string());
  if (mkdir(temp_.c_str(), 0777) != 0)
    throw Diagnostic(target_.string(), 0, 0,
                     std::string("cannot create the output directory: ") + std::strerror(errno));
  std::lock_guard<std::mutex> lock(detail::live_mutex);
  detail::live_dirs.emplace_back(temp_, target_);
}

AtomicDir::~AtomicDir() {
  {
    std::lock_guard<std::mutex> lock(detail::live_mutex);
    std::erase(detail::live_dirs, std::make_pair(temp_, target_));
  }
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(temp_, ec);
  }
}

void AtomicDir::commit() {
  publish_directory(temp_, target_, publish_mode::replace);
  committed_ = true;
}

fs::path cache_dir() {
  if (const char* d = std::getenv("LUTC_CACHE_DIR"); d && *d) return d;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return fs::path(x) / "lutc";
  if (const char* h = std::getenv("HOME"); h && *h) return fs::path(h) / ".cache" / "lutc";
  return fs::temp_directory_path() / "lutc-cache";
}

}  // namespace lutc::util
