#pragma once
// Multi-output regions onto MUXF7/MUXF8 (docs/rtl.md, "MUXF7/MUXF8"). muxf_remap rewrites a cone
// only when nothing outside it reads its LUTs; but a table of 7-8 index bits minimized as one
// network shares LUTs between its output bits, so no output has such a cone, although one
// 7-input output costs 2 LUTs under a MUXF7 (8 inputs: 4 under MUXF8) whatever it shares.
//
// A region is every LUT computable from a cut L of at most 8 signals (the closure of L; L is a
// maximal cut of some LUT, so a table's index bits and the sibling tables reading the same bits
// fall in one region). Its roots are the LUTs read from outside it. Each root either keeps its
// LUTs (the region's LUTs it reaches, up to other rewritten roots) or is rewritten as a function
// of L: one LUT on at most 6 leaves, else cofactor LUTs under F7/F8 muxes (2 or 4 LUTs). The
// subset rewritten minimizes the region's LUTs (exhaustive up to 12 rewritable roots, else
// greedy); regions that gain are applied best first, each LUT in at most one region.
// Like muxf_remap, the netlist stays a LUT network with the same function: the muxes are 3-input
// LUTs (mux_lut_init) that the Xilinx writer writes as MUXF7/MUXF8.
#include <cstddef>

#include "backend/netlist.hpp"

namespace lutc::backend {

struct muxf_regions_params {
  int max_leaves = 8;          // 7: MUXF7 only; 8: MUXF8 too
  size_t max_region_luts = 256;  // regions are simulated on 2^|L| rows per LUT
  size_t max_exhaustive_roots = 12;
};

struct muxf_regions_stats {
  size_t regions = 0;        // regions rewritten
  size_t region_luts = 0;    // LUTs they had (muxes counted as LUTs)
  size_t luts_after = 0;     // LUTs they have now, muxes written as MUXF7/MUXF8 not counted
  size_t roots_rewritten = 0;
};

/// LUTs of `net` (a table's minimized network, its outputs read from outside) after muxf_regions
/// and muxf_remap, not counting the muxes written as MUXF7/MUXF8: what Yosys counts of it in a
/// combinational Xilinx design. Lowering compares a table's alternatives by it.
size_t luts_after_muxf(const logic::LutNetwork& net);
/// Its name as a minimize_params::cost_name (cache keys, job files).
inline constexpr const char* luts_after_muxf_name = "luts-after-muxf";

/// Rewrites `nl` in place (LUT layers kept); a no-op when no region gains.
void muxf_regions(Netlist& nl, const muxf_regions_params& ps = {}, muxf_regions_stats* st = nullptr);

}  // namespace lutc::backend
