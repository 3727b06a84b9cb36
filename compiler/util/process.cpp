#include "util/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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

/// Process groups of running tools, for the signal handler (lock-free slots).
constexpr int kMaxChildren = 256;
std::atomic<pid_t> running[kMaxChildren];

struct RunningChild {
  int slot = -1;
  explicit RunningChild(pid_t pid) {
    for (int i = 0; i < kMaxChildren; ++i) {
      pid_t expected = 0;
      if (running[i].compare_exchange_strong(expected, pid)) {
        slot = i;
        return;
      }
    }
  }
  ~RunningChild() {
    if (slot >= 0) running[slot].store(0);
  }
};

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

  // Everything the child needs is prepared here, before spawning.
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int pipefd[2];
  if (pipe2(pipefd, O_CLOEXEC) != 0) throw Diagnostic("cannot create a pipe to run '" + what + "'");
  detail::Fd read_end{pipefd[0]}, write_end{pipefd[1]};

  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipefd[1], 1);
  posix_spawn_file_actions_adddup2(&actions, pipefd[1], 2);
  if (!ps.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, ps.cwd.c_str());
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
    if (err == ENOTDIR || (!ps.cwd.empty() && !std::filesystem::is_directory(ps.cwd)))
      throw Diagnostic("cannot run '" + what + "': no working directory " + ps.cwd.string());
    throw Diagnostic("cannot run '" + argv[0] + "': " + std::strerror(err));
  }
  close(write_end.fd);
  write_end.fd = -1;
  detail::RunningChild registered(pid);

  ProcessResult result;
  using clock = std::chrono::steady_clock;
  const auto deadline = clock::now() + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(
                                           timeout > 0 ? timeout : 1e9));
  char buf[65536];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
    if (left <= 0) {
      detail::reap(pid, true);
      throw Diagnostic(what + " timed out after " + detail::seconds_text(timeout) + " s");
    }
    pollfd p{read_end.fd, POLLIN, 0};
    int n = poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) continue;
    ssize_t got = read(read_end.fd, buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;  // EOF: every writer (the tool and its children) is gone
    result.output.append(buf, static_cast<size_t>(got));
  }
  // The output is closed; the tool should be exiting. Still bounded by the deadline.
  for (;;) {
    int status = 0;
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) {
      result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    if (r < 0 && errno != EINTR) break;
    if (clock::now() >= deadline) {
      detail::reap(pid, true);
      throw Diagnostic(what + " timed out after " + detail::seconds_text(timeout) + " s");
    }
    usleep(2000);
  }
  return result;
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
