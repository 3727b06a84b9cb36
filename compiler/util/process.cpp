#include "util/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "util/diagnostic.hpp"

extern char** environ;

namespace lutc::util {
namespace detail {

/// Closes a file descriptor on scope exit.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) close(fd);
  }
};

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", s);
  return buf;
}

double effective_timeout(double requested) {
  if (const char* e = std::getenv("LUTC_TOOL_TIMEOUT"); e && *e) {
    char* end = nullptr;
    double v = std::strtod(e, &end);
    if (end && *end == '\0' && std::isfinite(v) && v > 0) return v;
  }
  return requested;
}

/// Waits for `pid`; SIGKILLs its group first when `kill_group`.
int reap(pid_t pid, bool kill_group) {
  if (kill_group) kill(-pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

using clock = std::chrono::steady_clock;

/// The time `timeout` seconds from now (<= 0: no timeout, a deadline that never comes).
clock::time_point deadline_after(double timeout) {
  return clock::now() + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(timeout > 0 ? timeout : 1e9));
}

/// Waits until `fd` is ready for `events` (or hung up: the read or write says which); false
/// once `deadline` has passed.
bool wait_ready(int fd, short events, clock::time_point deadline) {
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, events, 0};
    if (poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000))) > 0) return true;
  }
}

/// Waits for `pid` to exit, polling until `deadline`; then kills its group and throws.
int wait_exit(pid_t pid, clock::time_point deadline, const std::string& what, double timeout) {
  for (;;) {
    int status = 0;
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (r < 0 && errno != EINTR) return -1;
    if (clock::now() >= deadline) {
      reap(pid, true);
      throw Diagnostic(what + " timed out after " + seconds_text(timeout) + " s");
    }
    usleep(2000);
  }
}

/// Process groups of running tools, for the signal handler (lock-free slots).
constexpr int kMaxChildren = 256;
std::atomic<pid_t> running[kMaxChildren];

/// The slot `pid` took in `running` (-1: all taken; the group then is not killed on a signal).
int register_child(pid_t pid) {
  for (int i = 0; i < kMaxChildren; ++i) {
    pid_t expected = 0;
    if (running[i].compare_exchange_strong(expected, pid)) return i;
  }
  return -1;
}
void unregister_child(int slot) {
  if (slot >= 0) running[slot].store(0);
}

struct RunningChild {
  int slot = -1;
  explicit RunningChild(pid_t pid) : slot(register_child(pid)) {}
  ~RunningChild() { unregister_child(slot); }
};

/// The child's standard streams: a descriptor to dup2 onto 0, 1, 2 (-1: /dev/null for stdin;
/// for stderr, `stderr_file` when given).
struct child_fds {
  int in = -1, out = -1, err = -1;
};

/// Spawns `argv` (looked up on PATH) in its own process group with default signal handling.
/// Everything the child needs is prepared here, before spawning.
pid_t spawn(const std::vector<std::string>& argv, const std::filesystem::path& cwd, const std::string& what, child_fds fds,
            const std::filesystem::path& stderr_file) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attr);
  if (fds.in >= 0) posix_spawn_file_actions_adddup2(&actions, fds.in, 0);
  else posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, fds.out, 1);
  if (!stderr_file.empty()) posix_spawn_file_actions_addopen(&actions, 2, stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  else posix_spawn_file_actions_adddup2(&actions, fds.err, 2);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  // Own process group (so a timeout kills the tool's children too), default signal handling.
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  pid_t pid = -1;
  int err = posix_spawnp(&pid, args[0], &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (err != 0) {
    if (err == ENOENT || err == EACCES)
      throw Diagnostic("cannot run '" + argv[0] + "': not found (run tools/setup.sh to install dependencies)");
    if (err == ENOTDIR || (!cwd.empty() && !std::filesystem::is_directory(cwd)))
      throw Diagnostic("cannot run '" + what + "': no working directory " + cwd.string());
    throw Diagnostic("cannot run '" + argv[0] + "': " + std::strerror(err));
  }
  return pid;
}

void on_fatal_signal(int sig) {
  for (auto& r : running)
    if (pid_t pid = r.load(); pid > 0) kill(-pid, SIGKILL);
  signal(sig, SIG_DFL);
  raise(sig);
}

}  // namespace detail

void kill_children_on_signal() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) signal(sig, detail::on_fatal_signal);
}

ProcessResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                          double timeout_seconds) {
  return run_process(argv, process_params{cwd, timeout_seconds, {}});
}

ProcessResult run_process(const std::vector<std::string>& argv, const process_params& ps) {
  if (argv.empty()) throw Diagnostic("run_process: empty command");
  const std::string what = ps.what.empty() ? std::filesystem::path(argv[0]).filename().string() : ps.what;
  const double timeout = detail::effective_timeout(ps.timeout_seconds);
  int pipefd[2];
  if (pipe2(pipefd, O_CLOEXEC) != 0) throw Diagnostic("cannot create a pipe to run '" + what + "'");
  detail::Fd read_end{pipefd[0]}, write_end{pipefd[1]};
  const pid_t pid = detail::spawn(argv, ps.cwd, what, {-1, pipefd[1], pipefd[1]}, {});
  close(write_end.fd);
  write_end.fd = -1;
  detail::RunningChild registered(pid);

  ProcessResult result;
  const auto deadline = detail::deadline_after(timeout);
  char buf[65536];
  for (;;) {
    if (!detail::wait_ready(read_end.fd, POLLIN, deadline)) {
      detail::reap(pid, true);
      throw Diagnostic(what + " timed out after " + detail::seconds_text(timeout) + " s");
    }
    ssize_t got = read(read_end.fd, buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;  // EOF: every writer (the tool and its children) is gone
    result.output.append(buf, static_cast<size_t>(got));
  }
  // The output is closed; the tool should be exiting. Still bounded by the deadline.
  result.exit_code = detail::wait_exit(pid, deadline, what, timeout);
  return result;
}

StreamingProcess::StreamingProcess(const std::vector<std::string>& argv, const process_params& ps,
                                   const std::filesystem::path& stderr_file)
    : stderr_file_(stderr_file), timeout_(detail::effective_timeout(ps.timeout_seconds)) {
  if (argv.empty()) throw Diagnostic("StreamingProcess: empty command");
  what_ = ps.what.empty() ? std::filesystem::path(argv[0]).filename().string() : ps.what;
  int to_child[2], from_child[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, to_child) != 0)
    throw Diagnostic("cannot create a socket to run '" + what_ + "'");
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, from_child) != 0) {
    close(to_child[0]);
    close(to_child[1]);
    throw Diagnostic("cannot create a socket to run '" + what_ + "'");
  }
  detail::Fd child_in{to_child[1]}, child_out{from_child[1]};
  in_fd_ = to_child[0];
  out_fd_ = from_child[0];
  try {
    pid_ = detail::spawn(argv, ps.cwd, what_, {child_in.fd, child_out.fd, -1}, stderr_file_);
  } catch (...) {
    close(in_fd_);
    close(out_fd_);
    throw;
  }
  slot_ = detail::register_child(pid_.load());
}

StreamingProcess::~StreamingProcess() {
  if (in_fd_ >= 0) close(in_fd_);
  if (out_fd_ >= 0) close(out_fd_);
  if (const int pid = pid_.exchange(-1); pid > 0) detail::reap(pid, true);
  detail::unregister_child(slot_);
}

void StreamingProcess::kill() {
  if (const int pid = pid_.load(); pid > 0) ::kill(-pid, SIGKILL);
}

void StreamingProcess::fail(const std::string& why) {
  if (const int pid = pid_.exchange(-1); pid > 0) detail::reap(pid, true);
  const std::string err = errors();
  throw Diagnostic(what_ + " " + why + (err.empty() ? "" : ": " + err));
}

void StreamingProcess::wait_ready(int fd, short events) {
  if (!detail::wait_ready(fd, events, detail::deadline_after(timeout_))) fail("timed out after " + detail::seconds_text(timeout_) + " s");
}

void StreamingProcess::write(const void* data, size_t bytes) {
  const char* p = static_cast<const char*>(data);
  while (bytes > 0) {
    wait_ready(in_fd_, POLLOUT);
    ssize_t n = send(in_fd_, p, bytes, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
    if (n < 0) fail("stopped reading its input (" + std::string(std::strerror(errno)) + ")");
    p += n;
    bytes -= static_cast<size_t>(n);
  }
}

void StreamingProcess::read(void* data, size_t bytes) {
  char* p = static_cast<char*>(data);
  while (bytes > 0) {
    wait_ready(out_fd_, POLLIN);
    ssize_t n = recv(out_fd_, p, bytes, MSG_DONTWAIT);
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
    if (n == 0) fail("ended its output early");
    if (n < 0) fail("cannot be read (" + std::string(std::strerror(errno)) + ")");
    p += n;
    bytes -= static_cast<size_t>(n);
  }
}

int StreamingProcess::finish() {
  const int pid = pid_.exchange(-1);
  if (pid <= 0) return -1;
  close(in_fd_);
  in_fd_ = -1;
  return detail::wait_exit(pid, detail::deadline_after(timeout_), what_, timeout_);
}

std::string StreamingProcess::errors(int lines) const {
  std::ifstream f(stderr_file_);
  std::vector<std::string> all;
  for (std::string line; std::getline(f, line);) all.push_back(line);
  std::string out;
  for (size_t i = all.size() > static_cast<size_t>(lines) ? all.size() - static_cast<size_t>(lines) : 0; i < all.size(); ++i)
    out += (out.empty() ? "" : "\n") + all[i];
  return out;
}

std::string find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  if (!path) return {};
  std::stringstream ss(path);
  std::string dir;
  while (std::getline(ss, dir, ':')) {
    std::filesystem::path p = std::filesystem::path(dir) / name;
    if (access(p.c_str(), X_OK) == 0) return p.string();
  }
  return {};
}

}  // namespace lutc::util
