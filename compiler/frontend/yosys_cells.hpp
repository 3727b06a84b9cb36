#pragma once
// Bit-level simulation of the combinational Yosys internal cells that `proc; opt_dff; opt_clean`
// leaves in a design ($mux, $pmux, $eq, $and, $reduce_or, $add, $shiftx, ...), so that a cone of
// them can be evaluated exhaustively into a table (frontend/verilog_rom). Semantics follow the
// Yosys manual's cell library; x and z read as 0.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace lutc::frontend {

/// Net ids 0 and 1 are the constants 0 and 1; other ids index a caller's value array.
constexpr uint32_t kNet0 = 0, kNet1 = 1;

/// One cell ready to simulate: its operation, input and output nets (LSB first).
struct SimCell {
  enum class Op {
    not_, pos, neg, and_, or_, xor_, xnor, reduce_and, reduce_or, reduce_xor, reduce_xnor, reduce_bool, logic_not,
    logic_and, logic_or, eq, ne, lt, le, gt, ge, add, sub, mul, shl, shr, sshl, sshr, shift, shiftx, mux, pmux, bmux,
    dlatch
  };
  Op op = Op::not_;
  bool a_signed = false, b_signed = false;
  bool enable_polarity = true;  // $dlatch
  std::vector<uint32_t> a, b, s, y;  // $dlatch: a = D, s = EN, y = Q
};

/// True if `type` is a combinational cell `compile_cell` accepts (or a $dlatch).
bool is_simulated_cell(const std::string& type);

/// Builds a SimCell from a cell's type, parameters (as Yosys writes them: binary strings) and
/// connections (net ids). Throws std::invalid_argument with a reason when unsupported.
SimCell compile_cell(const std::string& type, const std::map<std::string, std::string>& params,
                     const std::map<std::string, std::vector<uint32_t>>& conns);

/// Evaluates `cell`: reads its input nets from `values` (one 0/1 byte per net) and writes its outputs.
void simulate(const SimCell& cell, std::vector<uint8_t>& values);

}  // namespace lutc::frontend
