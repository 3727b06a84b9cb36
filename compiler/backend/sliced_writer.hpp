#pragma once
// A bit-sliced Verilog form of a backend::Netlist, for fast simulation only (`lutc verify`,
// docs/verify.md): every 1-bit signal of the netlist becomes a `width`-bit vector whose bit l is
// the signal's value in vector (lane) l, so one evaluation computes `width` input vectors.
//
//   module lutc_sliced(input [width-1:0] i0, i1, ..., output [width-1:0] o0, o1, ...);
//
// Port i<k> (a "plane") is the netlist's primary input k (the input-port bits, port 0 first, LSB
// first); o<k> is output bit k likewise (a netlist without outputs gets one constant o0).
// Each LUT becomes a Boolean expression over its fanin planes (a decomposition chosen per LUT by
// x86-64 instruction count of its DAG: Shannon muxes, Davio XORs, AND/OR/XOR with literals,
// negations, constants folded);
// each adder cell becomes a ripple-carry adder over planes. The module is combinational whatever
// the emitted RTL's pipelining: it computes what the netlist computes, per vector.
#include <cstdint>
#include <string>
#include <vector>

#include "backend/netlist.hpp"

namespace lutc::backend {

/// Bump when the module's text changes for a given netlist and width: it keys cached simulators
/// (verify/harness.cpp hashes the netlist, not the text).
inline constexpr const char* kSlicedWriterVersion = "sliced-writer-3";

struct sliced_params {
  int width = 64;  // lanes (vectors per evaluation); a multiple of 32
};

struct sliced_stats {
  uint64_t luts = 0;        // LUTs written
  uint64_t lut_ops = 0;     // word operations of all LUT expressions (per plane word)
  uint64_t cells = 0;       // adder cells written
  uint64_t cell_ops = 0;    // word operations of their ripple adders
};

/// The sliced module's Verilog text; fills `st` if given. Throws std::invalid_argument for a
/// width that is not a positive multiple of 32.
std::string emit_sliced_verilog(const Netlist& nl, const sliced_params& ps, sliced_stats* st = nullptr);

namespace detail {
/// A Verilog expression of the k-input function `init` (bit r = value when fanin i carries bit i
/// of r) over the operand expressions `vars` (k = vars.size() <= 6), planes `width` bits wide;
/// `ops` gets its word-operation count (x86-64 instructions of its DAG: a repeated sub-expression
/// counted once, `~x & y` as one andn).
std::string lut_expression(uint64_t init, const std::vector<std::string>& vars, int width, int* ops = nullptr);
}  // namespace detail

}  // namespace lutc::backend
