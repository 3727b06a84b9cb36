#pragma once
// The `design` object of a `lutc compile` output directory (OUT/report.json): what the
// simulator needs to know about the emitted RTL (top module, ports, clocking, files).
#include <filesystem>

#include "backend/netlist.hpp"
#include <string>
#include <vector>

namespace lutc::verify {

using DesignPort = backend::Port;  // name as in the RTL, width in bits

struct Design {
  std::string top;
  std::string target;
  int pipeline = 0;                                   // > 0: the top has a `clk` input
  int latency = 0;                                    // rising edges from inputs to outputs
  std::vector<DesignPort> inputs;                     // port order = packing order (port 0 at bit 0)
  std::vector<DesignPort> outputs;
  std::vector<std::filesystem::path> rtl_files;       // absolute
  std::vector<std::filesystem::path> sim_only_files;  // absolute

  bool has_clock() const { return pipeline > 0; }
  int input_bits() const;
  int output_bits() const;
  /// rtl_files then sim_only_files, without repeats, in that order.
  std::vector<std::filesystem::path> simulation_files() const;
};

/// Reads `out_dir/report.json` and returns its `design` object; throws Diagnostic naming the
/// file when it is missing or malformed, or when a listed RTL file does not exist.
Design read_design(const std::filesystem::path& out_dir);

/// Parses a `design` JSON object (text of the object itself); paths are resolved against `base_dir`.
/// `origin` names the file in diagnostics.
Design parse_design(const std::string& json_text, const std::filesystem::path& base_dir, const std::string& origin);

}  // namespace lutc::verify
