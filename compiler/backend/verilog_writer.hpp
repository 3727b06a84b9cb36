#pragma once
// Verilog emission of a backend::Netlist, optionally pipelined (docs/rtl.md).
//
// The module skeleton comes from rtl_templates/top.v.in; this writer produces the header comment,
// the port list and the body: one LUT per netlist LUT that reaches an output (Xilinx LUTn
// primitive or a generic indexed constant), the pipeline registers, and the output assigns.
#include <filesystem>
#include <string>
#include <vector>

#include "backend/carry_chain.hpp"
#include "backend/netlist.hpp"

namespace lutc::backend {

struct emit_params {
  std::string target = "xilinx";  // xilinx | generic
  int pipeline = 0;               // a register rank after every N layers (and on the outputs); 0 = combinational
  double stage_delay = 0;         // > 0 (instead of pipeline): ranks so no stage is longer than this (backend/pipeline.hpp)
  bool lut_pairs = false;         // xilinx: two LUTs reading at most 5 inputs together share one LUT6_2 (backend/lut_pairs.hpp)
  bool pipelined() const { return pipeline > 0 || stage_delay > 0; }
};

struct emit_stats {
  size_t luts = 0;        // LUTs written (netlist LUTs that reach an output and have at least one input)
  size_t registers = 0;   // flip-flop bits
  int latency = 0;        // clock cycles from input to output
  double max_stage_delay = 0;  // pipelined: the longest path inside one stage (LUT levels, backend/pipeline.hpp)
  carry_chain_stats carry;     // target xilinx: the explicit CARRY4 chains (backend/carry_chain.hpp)
  size_t lut_pairs = 0;        // target xilinx: LUT pairs written as one LUT6_2 each (one LUT site less per pair)
  std::vector<std::string> files;           // every file written, relative to the output directory ("rtl/top.v")
  std::vector<std::string> sim_only_files;  // the subset that is for simulation only (LUT models)
};

/// The Verilog text of `nl` (the content of rtl/<top>.v); fills `st` if given.
std::string emit_verilog(const Netlist& nl, const emit_params& ps, emit_stats* st = nullptr);

/// Writes OUT/rtl/<top>.v (+ OUT/rtl/lut_models.v for target xilinx) into `out_dir`.
emit_stats write_verilog(const Netlist& nl, const emit_params& ps, const std::filesystem::path& out_dir);

}  // namespace lutc::backend
