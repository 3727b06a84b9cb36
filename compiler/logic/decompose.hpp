#pragma once
// The builtin minimization engine: DC-aware functional decomposition into K-LUTs.
//
// Recursive on a multi-output sub-problem (tables over local variables, each variable a signal
// of the network under construction):
//  1. support reduction per output under don't cares (greedy, removing the variable whose
//     removal merges the fewest care minterms first);
//  2. outputs whose support fits a LUT become one LUT;
//  3. Ashenhurst-Curtis decomposition of the remaining outputs jointly: the bound set (<= K
//     variables) is chosen by joint column multiplicity over all outputs (exhaustive for small
//     problems, beam search otherwise); columns compatible under don't cares are merged (greedy
//     clique partition = colouring); classes are encoded in ceil(log2 mu) LUTs ordered by the
//     classes' weight so that threshold-like structure is kept in the image function; unused
//     codes become don't cares of the image function, which is decomposed recursively;
//  4. Shannon expansion when no bound set makes progress;
//  5. a final LUT-level pass (`optimize_luts`).
#include "logic/lut_network.hpp"
#include "logic/minimize.hpp"

namespace lutc::logic {

struct decompose_params {
  int lut_size = 6;
  int effort = 1;  // 0: greedy; 1: exhaustive bound sets on small problems + encoding trials; 2+: wider
  bool verbose = false;
};

struct decompose_stats {
  size_t curtis_steps = 0;
  size_t shannon_steps = 0;
  size_t vars_removed = 0;  // support reduction under don't cares
  size_t absorbed = 0;      // LUTs merged by the final pass
};

/// True if fewer than a quarter of the minterms are cared for: the care set is a sample
/// (learning from examples), and the engine keeps to K-bounded steps that generalize.
bool is_sampled(const MultiFunction& f);

/// Decomposes `f` into a K-LUT network (correct on f's care set; checked by the caller).
LutNetwork decompose(const MultiFunction& f, const decompose_params& ps, decompose_stats* st = nullptr);

}  // namespace lutc::logic
