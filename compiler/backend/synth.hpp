#pragma once
// Yosys synthesis of an output directory's RTL and the resource report (docs/rtl.md).
//
// run_synth reads OUT/report.json "design", runs yosys_scripts/synth_<target>.ys on the RTL files
// (never the simulation-only LUT models) and writes OUT/synth/{report.json,report.md,yosys.log}.
#include <filesystem>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace lutc::backend {

struct synth_params {
  std::string target = "xilinx";  // xilinx | generic | ice40
  std::string yosys = "yosys";    // the Yosys executable
};

struct synth_stats {
  int luts = 0;                    // LUT cells (Xilinx LUT1..LUT6, generic $lut, iCE40 SB_LUT4)
  std::map<int, int> luts_by_size; // inputs -> LUT cells
  int muxf = 0;                    // MUXF7/MUXF8 wide-function multiplexers
  int carry = 0;                   // CARRY4/CARRY8/SB_CARRY cells
  int ff = 0;                      // flip-flops
  int depth = 0;                   // longest path in LUT/MUXF cells between inputs/FFs and outputs/FFs
  double seconds = 0;              // Yosys wall-clock time
  std::string log_path;            // OUT/synth/yosys.log
};

/// Synthesizes OUT's RTL with Yosys for `ps.target` and writes OUT/synth/report.{json,md} and the log.
/// Throws Diagnostic (with the log path and its last lines) if Yosys fails.
synth_stats run_synth(const std::filesystem::path& out_dir, const synth_params& ps);

namespace detail {
/// Resource counts from Yosys `stat -json` output and the `write_json` netlist of the flattened top.
synth_stats count_resources(const nlohmann::json& stat, const nlohmann::json& netlist, const std::string& top);
/// Longest path counted in LUT and MUXF cells through a Yosys `write_json` netlist's module `top`,
/// from inputs and flip-flop outputs to outputs and flip-flop inputs.
int logic_depth(const nlohmann::json& netlist, const std::string& top);
}  // namespace detail

}  // namespace lutc::backend
