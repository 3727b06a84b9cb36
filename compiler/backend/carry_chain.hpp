#pragma once
// Adder cells written for Xilinx 7-series as explicit CARRY4 chains (docs/rtl.md, "explicit carry
// chains"): which cells, which LUTs merge into propagate LUTs, how many sum bits the chain must
// produce, and which top sum bits are cheaper as LUTs reading the chain's carry than as one more
// CARRY4. The Verilog writer emits what the plan says; `carry_chain_sum` computes what that
// Verilog computes, so tests can hold it to `cell_sum`.
#include <cstdint>
#include <vector>

#include "backend/netlist.hpp"

namespace lutc::backend {

/// What the writer knows about every signal (per signal) and adder cell.
struct carry_chain_context {
  const std::vector<int>& constant;    // 0 or 1 for a constant signal, else -1
  const std::vector<char>& emitted;    // a LUT that is written
  const std::vector<int>& stage;       // pipeline stage producing the signal
  const std::vector<int>& cell_stage;  // per adder cell
  const std::vector<int>& delay;       // registers after the signal
};

/// A leaf of a tail LUT that stands for the carry into the chain's removed last block (the
/// CO[3] output of the CARRY4 before it).
inline constexpr logic::Signal block_carry_leaf = UINT32_MAX;

/// A sum bit computed by one LUT after the chain: bit `position` of (the addends' bits from the
/// removed block's first position up to `position`) + the carry into that block.
struct TailLut {
  int position = 0;                   // chain position
  std::vector<logic::Signal> leaves;  // LUT inputs, I0 first (block_carry_leaf: the carry)
  uint64_t init = 0;                  // LUT INIT over the leaves
  bool wire = false;                  // the bit is leaves[0] itself (no LUT is written)
};

/// How one adder cell is written. Chain position j is sum bit `first + j`; position j adds a[j],
/// b[j] (inverted when invert_b) and the carry; the carry into position 0 is `carry_in` (const0,
/// const1 or a signal). Positions [0, 4 * blocks) are CARRY4s with propagate a ^ b (or, where
/// absorbed[j] is a LUT, one LUT computing that LUT XOR a) and DI a; positions [4 * blocks,
/// positions) are tail LUTs. Sum bits at or above first + positions are read by nothing.
///
/// A ternary chain (three terms) adds x + y + z as s + k: per position one LUT6_2 with inputs
/// x[j], y[j], z[j] (each inverted where `invert3` says) and k[j], whose O6 is the propagate
/// x ^ y ^ z ^ k[j] and whose O5 is k[j + 1] = majority(x, y, z), DI = k[j]; k[0] is `k0`.
struct CarryChain {
  bool explicit_chain = false;
  bool ternary = false;
  std::vector<logic::Signal> c;       // ternary: the third addend per position
  bool invert3[3] = {false, false, false};  // ternary: a, b, c inverted (negated terms)
  bool k0 = false;                    // ternary: constant 1 added at position 0
  int first = 0;                      // 1 for an incrementer x + c (c odd): its bit 0 is NOT x[0]
  int positions = 0;
  int blocks = 0;
  logic::Signal carry_in = logic::LutNetwork::const0;
  bool invert_b = false;
  std::vector<logic::Signal> a, b, absorbed;  // per position; absorbed: the merged LUT or 0
  std::vector<TailLut> tail;          // positions [4 * blocks, positions)
};

struct carry_chain_stats {
  size_t chains = 0;
  size_t carry4 = 0;                  // CARRY4 cells written
  size_t carry4_trimmed = 0;          // CARRY4s saved by not computing unread top sum bits
  size_t carry4_tail = 0;             // CARRY4s replaced by tail LUTs
  size_t tail_luts = 0;
  size_t absorbed_luts = 0;           // LUTs merged into propagate or tail LUTs
  size_t ternary_chains = 0;          // three-term chains (one LUT6_2 per position)
  size_t ternary_luts = 0;            // their LUT6_2s
};

/// The chain plan of every cell (explicit_chain false for cells left to synthesis: more than two
/// terms, both negated, other constants).
std::vector<CarryChain> plan_carry_chains(const Netlist& nl, const carry_chain_context& ctx, carry_chain_stats* st = nullptr);

/// Sum bits [0, first + positions) as the written chain computes them, given every signal's value
/// (absorbed LUTs included, as the LUT network computes them).
std::vector<char> carry_chain_sum(const Netlist& nl, const CarryChain& cc, const std::vector<char>& value);

}  // namespace lutc::backend
