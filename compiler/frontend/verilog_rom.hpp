#pragma once
// Verilog table networks (LogicNets, PolyLUT, hand-written case ROMs) read through Yosys
// (docs/model-format.md, "Verilog"). Yosys elaborates the design (`read_verilog; hierarchy;
// proc; opt_dff; opt_clean; write_json`, with a timeout); lutc reads the JSON and flattens it:
//  - every ROM Yosys infers from a case statement ($memrd with $meminit) becomes a table node,
//    its index the address bits traced back through wires and registers;
//  - any other combinational logic ($pmux, $eq, $add, ...) that drives a module instance's
//    output port or a top output port becomes a table too, evaluated exhaustively from the
//    input bits it depends on (at most kMaxLogicInputBits);
//  - registers ($dff, $sdff, ...) are read as wires (re-insert them with `lutc compile
//    --pipeline N`); top inputs that only clock, reset or enable them are dropped.
// Everything else (written memories, unsupported cells, cycles) is a Diagnostic with the
// Verilog source location Yosys recorded; a Yosys error is reported as its first error line.
#include <string>
#include <vector>

#include "frontend/yosys_netlist.hpp"
#include "ir/network.hpp"

namespace lutc::frontend {

constexpr int kMaxRomIndexBits = 24;   // as the native format
constexpr int kMaxLogicInputBits = 16; // logic cones are evaluated on every input combination

using verilog_params = yosys_params;

struct verilog_stats {
  std::string top;                          // the top module
  size_t files = 0, modules = 0;            // read (modules: as written, before parameter derivation)
  size_t roms = 0;                          // tables from inferred ROMs
  size_t logic_tables = 0;                  // tables evaluated from other logic
  size_t register_cells = 0;                // register cells read as wires
  size_t register_bits = 0;
  std::vector<std::string> dropped_inputs;  // top inputs that only clock, reset or enable registers
  double yosys_seconds = 0;
};

/// Reads a directory (every `*.v` in it; the top is the one module no other module
/// instantiates) or a `.v` file (read with the other `.v` files of its directory; the top is the
/// file's module, or the one of its modules no module instantiates).
ir::Network read_verilog(const std::string& path, const verilog_params& ps = {}, verilog_stats* stats = nullptr);

/// Reads `sources` (written to a temporary directory under their relative paths for Yosys).
ir::Network read_verilog_sources(const std::vector<VerilogSource>& sources, const verilog_params& ps = {},
                                 verilog_stats* stats = nullptr);

}  // namespace lutc::frontend
