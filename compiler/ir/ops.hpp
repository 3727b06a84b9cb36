#pragma once
// Per-kind payloads of IR nodes. A node's payload is a `std::variant` of these structs, so every
// pass and lowering must say what it does with each kind (std::visit); passes that do not
// understand a kind leave the node alone.
//
// Arithmetic semantics (ALIR, exactly): every arithmetic node computes an exact rational value
// from the real values of its operands (operand code * 2^-frac_bits, read signed when the
// operand's format is signed), then truncates it to the node's `frac_bits` (toward -inf) and
// wraps it into the node's width (two's complement). Arithmetic operands are whole nodes
// (Operand.lo == 0, Operand.width == the operand node's width) with a known `format`.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "tt/truth_table.hpp"

namespace lutc::ir {

/// Where a table's don't cares came from. A data sample's don't cares must generalize (passes
/// keep its index bits, the minimizer picks a generalizing engine); reachability and frontend
/// don't cares are rows that never occur, so only the LUT count matters there.
enum class CareSource { full, reachability, data_sample, frontend };

/// The name used in the YAML model and in diagnostics ("full", "reachability", ...).
const char* care_source_name(CareSource s);

/// A lookup table with `index_bits` input bits and `out_width` output bits.
struct Table {
  int index_bits = 0;
  int out_width = 0;
  std::vector<uint64_t> rows;               // 2^index_bits output codes
  std::vector<logic::TruthTable> care;      // per output bit, over index bits; empty = all care
  CareSource care_source = CareSource::full;

  uint64_t num_rows() const { return uint64_t{1} << index_bits; }
  bool cares(int bit, uint64_t row) const { return care.empty() || care[bit].get(row); }
  bool fully_specified() const { return care.empty(); }
  /// Output bit `bit` as a truth table over the index bits.
  logic::TruthTable bit_function(int bit) const;
  /// Care set of output bit `bit` (all ones when fully specified).
  logic::TruthTable bit_care(int bit) const;
};

/// A primary input; real data is multiplied by 2^scale_shift before quantization (ALIR inp_shifts).
struct InputOp {
  int scale_shift = 0;
  /// Real data outside the format wraps, as ALIR's input quantizer defines; otherwise data sets
  /// reject such values of a wrapping format (they would alias silently).
  bool wraps_real_data = false;
};

/// A constant code.
struct ConstantOp {
  uint64_t value = 0;
};

/// -a
struct NegateOp {};

/// a + b * 2^shift, or a - b * 2^shift.
struct AddSubOp {
  bool subtract = false;
  int shift = 0;
};

/// sum over operands j of (+/-) a_j * 2^shift_j (ALIR's shifted sum).
struct SumOp {
  std::vector<bool> negate;   // per operand
  std::vector<int> shift;     // per operand
};

/// max(a, 0)
struct ReluOp {};

/// a * 2^shift (then the node's truncation and wrap: ALIR's quantize)
struct QuantizeOp {
  int shift = 0;
};

/// a + value * 2^-shift
struct AddConstOp {
  int64_t value = 0;
  int shift = 0;
};

/// MSB of operand 2's code (at its width) ? operand 0 : operand 1 * 2^shift.
struct MsbMuxOp {
  int shift = 0;
};

/// a * b
struct MultiplyOp {};

/// On codes: not (~a, wrapped), any (a != 0), all (every bit of a's width set).
struct BitUnaryOp {
  enum class Kind { bit_not, reduce_any, reduce_all } kind = Kind::bit_not;
};

/// a op (b * 2^shift), on codes aligned to the finer of the two steps.
struct BitBinaryOp {
  enum class Kind { bit_and, bit_or, bit_xor } kind = Kind::bit_and;
  int shift = 0;
};

using NodeOp = std::variant<InputOp, ConstantOp, Table, NegateOp, AddSubOp, SumOp, ReluOp, QuantizeOp, AddConstOp,
                            MsbMuxOp, MultiplyOp, BitUnaryOp, BitBinaryOp>;

/// Same order as `NodeOp`'s alternatives (NodeKind(op.index())).
enum class NodeKind { input, constant, table, negate, add_sub, sum, relu, quantize, add_const, msb_mux, multiply, bit_unary, bit_binary };

/// Lower-case name of a kind, for logs and reports.
const char* kind_name(NodeKind k);

/// True for kinds that compute arithmetic on fixed-point values (everything but input, constant, table).
inline bool is_arithmetic(NodeKind k) { return k != NodeKind::input && k != NodeKind::constant && k != NodeKind::table; }

/// True for kinds lowered to a carry chain (adder cells): adders, constant adds such as HGQ's
/// rounding incrementers, negations, multipliers.
inline bool lowers_to_carry_chain(NodeKind k) {
  return k == NodeKind::negate || k == NodeKind::add_sub || k == NodeKind::sum || k == NodeKind::add_const ||
         k == NodeKind::multiply;
}

}  // namespace lutc::ir
