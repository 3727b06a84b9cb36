#pragma once
// Dual-output LUT packing: a Xilinx LUT6 site computes two functions at once (LUT6_2: O6 and O5)
// when together they read at most 5 distinct inputs (I5 tied to 1). Vivado packs such pairs at
// placement; Yosys's synth_xilinx does not, so the writer instantiates them itself. Pairs are
// found greedily: the widest LUTs first, each with the partner that adds the fewest new inputs.
// A LUT6_2's outputs both wait for all its inputs, so with `input_depth` given only LUTs whose
// latest inputs are equally deep pair: no path gets longer.
#include <cstdint>
#include <vector>

#include "logic/lut_network.hpp"

namespace lutc::backend {

struct lut_pair_params {
  int max_inputs = 5;            // inputs shared by O6 and O5 (I0..I4 of a LUT6_2)
  size_t max_candidates = 256;   // partners examined per LUT (found through shared fanins)
  const std::vector<int>* depth = nullptr;  // per signal: logic depth (backend::signal_depths); null = pair freely
};

/// One LUT6_2: `o6` and `o5` are netlist LUTs, `inputs` their fanins' union (I0 first, at most 5),
/// `init` the 64-bit INIT with I5 = 1: bits 32..63 compute o6, bits 0..31 compute o5.
struct LutPair {
  logic::Signal o6 = 0, o5 = 0;
  std::vector<logic::Signal> inputs;
  uint64_t init = 0;
};

/// Pairs among `luts` (LUT signals of `net`; each appears in at most one pair).
std::vector<LutPair> pair_luts(const logic::LutNetwork& net, const std::vector<logic::Signal>& luts, const lut_pair_params& ps = {});

namespace detail {
/// The INIT bits (32) of `lut` re-read on `inputs` (a superset of its fanins), bit r = input code r.
uint64_t init_on(const logic::Lut& lut, const std::vector<logic::Signal>& inputs);
}  // namespace detail

}  // namespace lutc::backend
