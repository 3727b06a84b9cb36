#pragma once
// The builtin minimization engine: DC-aware functional decomposition into K-LUTs.
//
// Recursive on a multi-output sub-problem (tables over local variables, each variable a signal
// of the network under construction):
//  1. support reduction per output under don't cares (greedy, the variable seen in the fewest
//     care pairs first); outputs whose support fits a LUT become one LUT (remaining don't cares
//     filled by the majority of the nearest care minterms);
//  2. Ashenhurst-Curtis decomposition of the remaining outputs jointly, f = h(g(B), A): the bound
//     set B is chosen by joint column multiplicity over all outputs (exhaustive for small
//     problems, beam search otherwise); columns compatible under don't cares are merged (greedy
//     clique partition, most constrained column first, best-overlap class); the classes are
//     ranked by weight (outputs read as an integer) and binary- or Gray-coded, so for threshold
//     neurons the code is a quantized partial sum and h stays threshold-like; unused codes are
//     don't cares of h. Steps: |B| <= K (the encoder is |code| LUTs), non-disjoint with one
//     shared variable, or |B| > K (the encoder is decomposed recursively);
//  3. when the outputs share no decomposition: output groups that still decompose jointly;
//     Shannon expansion as the last resort;
//  4. at effort >= 1, the first steps of large problems are chosen by trial: every candidate
//     (K-bounded step, the best wide bound sets, output split; greedy policies; at effort 2 also
//     the code) is synthesized in a scratch network and the smallest is kept. The trials run in
//     three rounds (wide steps that keep outputs together first; the others once a best is
//     known): a trial stops once it holds 1.5x the best's LUTs (the final LUT pass removes far
//     fewer), which cuts the hopeless ones short;
//  5. a final LUT-level pass (`optimize_luts`).
// Sampled care sets (fewer than 1/4 of the minterms cared, learning from examples) keep to
// K-bounded steps without trials: wide bound sets over-fit there.
#include "logic/lut_network.hpp"
#include "logic/minimize.hpp"

namespace lutc::logic {

struct decompose_params {
  int lut_size = 6;
  int effort = 1;  // 0: greedy (~0.03 s for 12x3); 1: trials at the top (~0.7 s); 2: + code trials (~1.7 s); 3: deeper
  bool verbose = false;
  int threads = 1;  // the trials of one table run on up to this many threads (same result)
  bool stop_trials = true;  // false: every trial runs to its end (the reference the tests compare with)
};

struct decompose_stats {
  size_t curtis_steps = 0;
  size_t shannon_steps = 0;
  size_t vars_removed = 0;  // support reduction under don't cares
  size_t absorbed = 0;      // LUTs merged by the final pass
  size_t trials = 0;          // trial syntheses (step 4), the winners' reruns included
  size_t trials_stopped = 0;  // trials stopped past their LUT budget
  size_t searches = 0;        // bound-set searches run (not found in the memo)
  size_t counted = 0;         // candidate bound sets whose columns were counted
};

/// True if fewer than a quarter of the minterms are cared for. With a care set sampled from data
/// (minimize_params::care_is_sample) the engine then keeps to K-bounded steps that generalize.
bool has_sparse_care(const MultiFunction& f);

/// Decomposes `f` into a K-LUT network (correct on f's care set; checked by the caller).
LutNetwork decompose(const MultiFunction& f, const decompose_params& ps, decompose_stats* st = nullptr);

}  // namespace lutc::logic
