#pragma once
// A bit-sliced C++ form of a backend::Netlist, for fast simulation only (`lutc verify`,
// docs/verify.md): every 1-bit signal of the netlist becomes a plane of `lanes` bits whose bit l
// is the signal's value in vector (lane) l, held in a GCC vector type (one AVX2 or AVX-512
// instruction per word operation when compiled with -march=native), so one evaluation computes
// `lanes` input vectors:
//
//   extern "C" void lutc_sliced_eval(const uint64_t* in, uint64_t* out);
//
// `in` holds one plane (lanes / 64 words, word g = vectors 64g..64g+63) per primary input of the
// netlist (the input-port bits, port 0 first, LSB first); `out` one per output bit likewise (a
// netlist without outputs gets one constant plane).
// Each LUT becomes a Boolean expression over its fanin planes (a decomposition chosen per LUT by
// x86-64 instruction count of its DAG: Shannon muxes, Davio XORs, AND/OR/XOR with literals,
// negations, constants folded); each adder cell becomes a ripple-carry adder over planes. The
// program is straight-line word statements on a state array whose slots are reused after their
// last reader, split into functions (a single huge function compiles superlinearly slowly) and
// those into translation units (compiled in parallel). It is combinational whatever the emitted
// RTL's pipelining: it computes what the netlist computes, per vector.
#include <cstdint>
#include <string>
#include <vector>

#include "backend/netlist.hpp"

namespace lutc::backend {

/// Bump when the module's text changes for a given netlist and width: it keys cached simulators
/// (verify/harness.cpp hashes the netlist, not the text).
inline constexpr const char* kSlicedWriterVersion = "sliced-writer-4-cpp";

/// How the constant planes are spelled in the expressions (macros of the generated units).
inline constexpr const char* kZeroPlane = "ZERO";
inline constexpr const char* kOnesPlane = "ONES";

struct sliced_params {
  int lanes = 256;                    // vectors per evaluation; a multiple of 64
  int statements_per_function = 200;  // word statements (LUTs, adder bits) per function
  int functions_per_unit = 2;         // functions per translation unit
};

struct sliced_stats {
  uint64_t luts = 0;        // LUTs written
  uint64_t lut_ops = 0;     // word operations of all LUT expressions (per plane word)
  uint64_t cells = 0;       // adder cells written
  uint64_t cell_ops = 0;    // word operations of their ripple adders
  uint64_t slots = 0;       // planes of the state array (after reuse)
  uint64_t functions = 0;   // functions of word statements
  uint64_t units = 0;       // translation units, the entry unit included
};

/// The generated translation units; units[0] defines lutc_sliced_eval and the state.
struct sliced_source {
  std::vector<std::string> units;
};

/// The sliced form's C++ units; fills `st` if given. Throws std::invalid_argument for lanes that
/// are not a positive multiple of 64 or a non-positive split.
sliced_source emit_sliced_cpp(const Netlist& nl, const sliced_params& ps, sliced_stats* st = nullptr);

namespace detail {
/// A C++ expression of the k-input function `init` (bit r = value when fanin i
/// carries bit i of r) over the operand expressions `vars` (k = vars.size() <= 6), with ~ & | ^,
/// parentheses and the constants kZeroPlane / kOnesPlane; `ops` gets its word-operation count
/// (x86-64 instructions of its DAG: a repeated sub-expression counted once, `~x & y` as one andn).
std::string lut_expression(uint64_t init, const std::vector<std::string>& vars, int* ops = nullptr);
}  // namespace detail

}  // namespace lutc::backend
