#pragma once
// Running external tools (Verilator, Yosys, ABC) as subprocesses.
#include <filesystem>
#include <string>
#include <vector>

namespace lutc::util {

struct ProcessResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr interleaved
};

/// Runs `argv` in `cwd` (empty = current dir), capturing stdout+stderr. Never throws for a
/// non-zero exit; throws Diagnostic if the program cannot be started.
ProcessResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd = {});

/// Finds an executable on PATH; returns empty if absent.
std::string find_program(const std::string& name);

}  // namespace lutc::util
