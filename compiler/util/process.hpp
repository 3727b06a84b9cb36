#pragma once
// Running external tools (Verilator, Yosys, ABC, the simulator) as subprocesses.
// Spawned with posix_spawn (no code of ours runs between fork and exec, so a multithreaded
// caller cannot deadlock the child), in their own process group, and every call has a timeout
// after which the whole group is killed.
#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

namespace lutc::util {

struct ProcessResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr interleaved
};

/// Default timeouts per tool, in seconds (generous: they only bound a hung tool).
namespace timeouts {
inline constexpr double kDefault = 600;
inline constexpr double kVerilatorBuild = 600;
inline constexpr double kSimulation = 1800;
inline constexpr double kYosys = 600;
inline constexpr double kAbc = 120;
inline constexpr double kQuick = 30;  // `--version`, self-tests
}  // namespace timeouts

struct process_params {
  std::filesystem::path cwd;                  // empty = current directory
  double timeout_seconds = timeouts::kDefault;  // <= 0: no timeout
  std::string what;                           // the tool's name in messages (default: argv[0]'s file name)
};

/// Runs `argv` (looked up on PATH), capturing stdout+stderr. Never throws for a non-zero exit;
/// throws Diagnostic if the program cannot be started, or "WHAT timed out after N s" after
/// killing its process group when it runs longer than the timeout.
/// `$LUTC_TOOL_TIMEOUT` (seconds), when set, overrides every timeout (for tests and slow machines).
ProcessResult run_process(const std::vector<std::string>& argv, const process_params& ps);
ProcessResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd = {},
                          double timeout_seconds = timeouts::kDefault);

/// A tool that keeps running while the caller streams bytes to its stdin and reads its stdout
/// (both ends of Unix sockets, so a write to a tool that died fails with EPIPE instead of
/// raising SIGPIPE in the caller); its stderr goes to a file, quoted in errors. Spawned like
/// run_process (own process group, killed with it on a signal or destruction). One thread may
/// write while another reads. Every read and write is bounded by `ps.timeout_seconds` of
/// silence, after which the group is killed and Diagnostic("WHAT timed out ...") is thrown.
class StreamingProcess {
 public:
  /// `stderr_file` receives the tool's stderr (truncated first).
  StreamingProcess(const std::vector<std::string>& argv, const process_params& ps, const std::filesystem::path& stderr_file);
  ~StreamingProcess();  // kills the group if finish() did not reap it
  StreamingProcess(const StreamingProcess&) = delete;
  StreamingProcess& operator=(const StreamingProcess&) = delete;

  /// Writes all `bytes`; throws Diagnostic when the tool is gone or silent past the timeout.
  void write(const void* data, size_t bytes);
  /// Reads exactly `bytes`; throws Diagnostic on end of output before that, or a timeout.
  void read(void* data, size_t bytes);
  /// Closes the tool's stdin and waits (bounded by the timeout) for it to exit; its exit code.
  int finish();
  /// Kills the tool's process group (from any thread); a blocked read or write then fails.
  void kill();
  /// The last `lines` lines of what the tool wrote to stderr.
  std::string errors(int lines = 10) const;
  const std::string& what() const { return what_; }

 private:
  [[noreturn]] void fail(const std::string& why);
  void wait_ready(int fd, short events);  // until `fd` is ready; fail() after timeout_ s of silence
  std::string what_;
  std::filesystem::path stderr_file_;
  double timeout_ = 0;
  std::atomic<int> pid_{-1};  // -1 once reaped (fail() may run on the reading and the writing thread)
  int in_fd_ = -1, out_fd_ = -1;
  int slot_ = -1;  // in the signal handler's list of running groups
};

/// Installs SIGINT/SIGTERM/SIGHUP handlers that kill the process groups of running tools, then
/// die of the same signal (tools run in their own groups, so a terminal's Ctrl-C misses them).
void kill_children_on_signal();

/// Finds an executable on PATH; returns empty if absent.
std::string find_program(const std::string& name);

}  // namespace lutc::util
