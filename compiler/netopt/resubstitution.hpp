#pragma once
// Resubstitution under don't cares (like ABC's mfs), over a whole LUT network.
//
// A LUT n often need not compute its function exactly: on input patterns the network never
// shows its fanins (satisfiability don't cares) or where a change of n reaches no output
// (observability don't cares) its value is free. Under those don't cares, n may be a function of
// other signals that already exist. The pass looks, for each LUT n with a fanin f that only n
// reads, for a divisor d (an existing signal that does not depend on n: n's transitive fanin a
// few levels deep, and LUTs reading those) such that n is a function of its other fanins and d
// on its care set. Then n reads d instead of f, and f's maximum fanout-free cone (MFFC) is freed.
//
// The care set is found by simulation: the patterns of a Simulator (random, plus counterexamples
// found on the way), where flipping n changes a root of its fanout window (the LUTs up to
// `tfo_levels` levels after n; roots are those read outside the window or outside the LUT
// network). A candidate that passes on those patterns is proved by SAT: a window of the network
// (sat_window.hpp) holding the fanout window twice, once as it is and once with n replaced by
// the new function g, must make every root equal (a miter over the roots). A counterexample on
// a pattern where g's value was not yet set by the simulation sets it and the query repeats; one
// that contradicts a value the simulation set rejects the candidate. Cut windows over-approximate
// the network, so UNSAT stays sound. Each rewrite keeps every root's function, so every output
// and every signal read outside the LUT network is unchanged for all inputs.
#include <cstddef>
#include <vector>

#include "backend/netlist.hpp"
#include "logic/lut_network.hpp"
#include "netopt/simulation.hpp"

namespace lutc::netopt {

struct resub_params {
  simulation_params simulation{32, 32, 7};  // care sets on 2048 random patterns (+ counterexamples)
  int lut_size = 6;
  int tfo_levels = 2;            // observability window: fanout levels after the LUT (0: none)
  size_t tfo_luts = 32;          // ... at most this many LUTs
  int tfi_levels = 3;            // divisors: the LUT's transitive fanin this many levels deep
  size_t max_divisors = 150;     // ... plus the LUTs reading them, at most this many in all
  size_t window_luts = 300;      // SAT window (transitive fanin of the fanout window's roots)
  size_t window_cells = 4;       // ... with at most this many adder cells (0: all); the outputs of
                                 // cells left out are free (behind long adder chains nearly every
                                 // query was undecided, at ~0.1 s each; i1024h4 keeps every
                                 // resubstitution with 4)
  size_t max_undecided = 16;     // no more LUTs are tried once more queries than this plus one
                                 // in `calls_per_undecided` of all hit conflict_limit (behind
                                 // adder cells nearly all do, at ~0.1 s each)
  size_t calls_per_undecided = 8;
  bool budget_cells_only = true; // count only queries whose window holds an adder cell: in deep
                                 // table networks most queries are undecided too, but cheap, and
                                 // the rest free LUTs (NeuraLUT-5L-like: 709 with no budget, 7 with)
  int conflict_limit = 1000;     // per SAT query; beyond it the candidate is dropped
  int max_proofs = 4;            // SAT-checked candidates per LUT
  bool buffers = true;           // also LUTs equal to a divisor (or a constant) on their care set
  size_t first_divisors = 2;     // with two divisors: the first among this many (most pairs of
                                 // care patterns told apart), the second any
};

struct resub_stats {
  size_t luts_tried = 0;         // LUTs with a fanin only they read
  size_t candidates = 0;         // (fanin, divisor) pairs that passed simulation
  size_t sat_calls = 0;
  size_t sat_undecided = 0;      // queries that hit conflict_limit
  size_t budget_calls = 0;       // queries the undecided budget counts (all, or those behind cells)
  size_t budget_undecided = 0;   // ... of them undecided
  size_t rejected = 0;           // candidates a SAT counterexample disproved
  size_t resubs = 0;             // LUTs rewritten
  size_t buffers = 0;            // ... of them, into a buffer of a divisor or a constant
  size_t luts_freed = 0;         // LUTs left without readers
  size_t patterns_added = 0;     // counterexamples added to the simulation
  double seconds = 0;
};

/// Rewrites LUTs of `net` in place (fanins and init; no LUT is added or renumbered; a LUT reads
/// only earlier signals). `observed[s]` marks signals read outside the LUT network: they are
/// never freed nor changed. LUTs freed keep their entries but no live LUT reads them.
resub_stats resubstitute(logic::LutNetwork& net, const std::vector<char>& observed, const resub_params& ps,
                         const std::vector<backend::ArithCell>& cells = {});

namespace detail {
/// Whether the bits of `value` on the patterns in `care` (word by word, `words` words) are a
/// function of the signals' words `in[0..m)`; if so, `table` gets the value of each combination
/// seen (bit r) and `fixed` the combinations seen.
bool functional_on_care(const uint64_t* value, const uint64_t* care, const uint64_t* const* in, int m, int words,
                        uint64_t* table, uint64_t* fixed);
}  // namespace detail

}  // namespace lutc::netopt
