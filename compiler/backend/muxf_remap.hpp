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

/// Rewrites `nl` in place (LUT layers kept); a no-op when no cone gains.
void muxf_remap(Netlist& nl, const muxf_remap_params& ps = {}, muxf_remap_stats* st = nullptr);

}  // namespace lutc::backend
