#pragma once
// LogicNets-generated Verilog as a model (docs/model-format.md, "LogicNets Verilog"): a small,
// strict reader for exactly that family of files. Modules with ANSI port lists, `wire`/`reg`
// declarations (optionally initialized), `assign`, instantiations with named connections whose
// expressions are identifiers, bit/part selects and `{...}` concatenations, combinational
// `always` blocks holding one `case` ROM (a neuron), and clocked `always` blocks that are plain
// registers (optional synchronous reset). The design is flattened: every case ROM becomes a
// table node, registers become wires (re-insert them with `lutc compile --pipeline N`), and the
// clock/reset inputs that only feed registers are dropped. Anything else is a Diagnostic.
#include <string>
#include <vector>

#include "ir/network.hpp"

namespace lutc::frontend {

struct logicnets_stats {
  std::string top;                           // the top module
  size_t files = 0, modules = 0;             // parsed
  size_t neurons = 0;                        // case ROMs in the flattened design
  size_t register_instances = 0;             // clocked blocks read as wires
  size_t register_bits = 0;
  std::vector<std::string> dropped_inputs;   // top inputs that only clock or reset registers
};

/// One Verilog source: its path (for diagnostics) and text.
struct VerilogSource {
  std::string path;
  std::string text;
};

/// Reads a LogicNets design: a directory (every `*.v` in it; the top is the one module no other
/// module instantiates) or a `.v` file (read with the other `.v` files of its directory; the top
/// is the file's module, or the one of its modules no module instantiates).
ir::Network read_logicnets(const std::string& path, logicnets_stats* stats = nullptr);

/// Parses and flattens `sources` with top module `top` ("" = the one module no module instantiates).
ir::Network read_logicnets_sources(const std::vector<VerilogSource>& sources, const std::string& top,
                                   logicnets_stats* stats = nullptr);

}  // namespace lutc::frontend
