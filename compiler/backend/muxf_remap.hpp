#pragma once
// Wide functions on Xilinx's F7/F8 multiplexers (docs/rtl.md, "MUXF7/MUXF8"): a cone of LUTs that
// nothing outside reads (its maximum fanout-free cone) and that depends on 7 leaves is a 2:1 mux,
// on one leaf, of two 6-input cofactors; on 8 leaves, a mux of two such muxes. The Xilinx writer
// writes a mux of two single-reader LUTs as MUXF7 (and a mux of two MUXF7 as MUXF8), which needs no
// LUT. A cone is rewritten only when its LUTs outnumber the LUTs of that form (2 or 4). Yosys maps
// other flows' wide functions onto the same multiplexers (alkaid's e32600: 1481 MUXF), so LUT
// counts stay like for like. The netlist stays a LUT network computing the same function (the
// muxes are 3-input LUTs, INIT 0xCA on (d0, d1, s)): netopt, verify and eval see no difference.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "backend/netlist.hpp"

namespace lutc::backend {

struct muxf_remap_params {
  int max_leaves = 8;  // 7: MUXF7 only; 8: MUXF8 too
};

struct muxf_remap_stats {
  size_t cones = 0;         // cones rewritten
  size_t cone_luts = 0;     // LUTs those cones had
  size_t site_luts = 0;     // LUTs (not muxes) they have now
};

/// INIT of the 3-input mux LUT the writer turns into MUXF7/MUXF8: fanins (d0, d1, s), s ? d1 : d0.
inline constexpr uint64_t mux_lut_init = 0xCA;

/// Per signal: 7 for a mux LUT the Xilinx writer writes as MUXF7 (its data inputs are LUTs written
/// as LUTs that nothing else reads), 8 for one written as MUXF8 (its data inputs are such MUXF7s),
/// else 0. `emitted` marks the LUTs written, `absorbed` those written inside a carry chain's LUTs.
std::vector<int> muxf_levels(const Netlist& nl, const std::vector<char>& emitted, const std::vector<char>& absorbed);

namespace detail {

/// A cone to rewrite: its root, the LUTs it replaces and its leaves (the select leaves last).
struct MuxCone {
  logic::Signal root = 0;
  std::vector<logic::Signal> luts;
  std::vector<logic::Signal> leaves;
  uint64_t table[4] = {0, 0, 0, 0};  // root as a function of the leaves (bit m: leaf j = bit j of m)
};

/// Adds a LUT computing rows [base, base + 64) of the cone's table over its first 6 leaves,
/// without the leaves it does not depend on (`map`: old signal -> signal in `out`).
logic::Signal add_cofactor(logic::LutNetwork& out, const MuxCone& c, uint32_t base, const std::vector<logic::Signal>& map);

/// Adds the cone of 7 (8) leaves as two (four) cofactor LUTs under one (three) mux LUTs; its root.
logic::Signal add_mux_tree(logic::LutNetwork& out, const MuxCone& c, const std::vector<logic::Signal>& map);

/// True when a 64-row cofactor is constant: no LUT for a MUXF input, so the cone stays LUTs.
bool degenerate(const MuxCone& c);

/// Adds LUT `x` of `net` to `out` unchanged (fanins through `map`); its new signal.
logic::Signal copy_lut(logic::LutNetwork& out, const logic::LutNetwork& net, logic::Signal x, const std::vector<logic::Signal>& map);

/// Ends a rewrite of `nl.luts` into `out`: outputs and the adder cells' operands through `map`,
/// then `out` (and `layers`, per LUT of out, when nl has layers) replace nl's.
void finish_rewrite(Netlist& nl, logic::LutNetwork&& out, const std::vector<logic::Signal>& map, std::vector<int>&& layers);

}  // namespace detail

/// Rewrites `nl` in place (LUT layers kept); a no-op when no cone gains.
void muxf_remap(Netlist& nl, const muxf_remap_params& ps = {}, muxf_remap_stats* st = nullptr);

}  // namespace lutc::backend
