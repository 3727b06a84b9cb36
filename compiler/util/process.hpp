#pragma once
// Running external tools (Verilator, Yosys, ABC, the simulator) as subprocesses.
// Spawned with posix_spawn (no code of ours runs between fork and exec, so a multithreaded
// caller cannot deadlock the child), in their own process group, and every call has a timeout
// after which the whole group is killed.
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

/// Installs SIGINT/SIGTERM/SIGHUP handlers that kill the process groups of running tools, then
/// die of the same signal (tools run in their own groups, so a terminal's Ctrl-C misses them).
void kill_children_on_signal();

/// Finds an executable on PATH; returns empty if absent.
std::string find_program(const std::string& name);

}  // namespace lutc::util
