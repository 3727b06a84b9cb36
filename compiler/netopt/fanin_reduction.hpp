#pragma once
// Fanin reduction by joint reachability (satisfiability don't cares), over a whole LUT network.
//
// A LUT's fanins are driven by other logic, so they never take some value combinations together
// (two neurons reading the same inputs, a saturated ReLU, ...). On the combinations they can
// take, a LUT often depends on fewer fanins than it reads, or on none. The pass finds, for each
// LUT, exactly which combinations are reachable: random simulation collects most of them, then a
// SAT query over the whole network ("can the fanins take a combination not seen yet?") finds the
// rest one counterexample at a time, each added to the simulation so later LUTs see it too.
// Each LUT's queries go to a fresh solver holding only a window of its fanins' transitive fanin
// (the nearest levels, at most `window_luts` LUTs, adder cells included); signals where the
// window is cut are free variables. That over-approximates what the fanins can take, so a
// combination proved unreachable in the window is unreachable in the network (sound), and the
// cost of a query no longer grows with the network. Only a window that reaches the primary
// inputs everywhere gives counterexamples the simulation can replay.
// On that exact set it drops every fanin it can (greedily, fanins whose removal frees most logic
// first) and rewrites the LUT. Every signal keeps its function of the primary inputs, so the
// network's outputs and every signal that other logic reads are unchanged, for all inputs; logic
// left without readers is dropped afterwards. A query that hits the conflict limit leaves the LUT
// as it was. Adder cells are simulated and encoded too (ripple-carry CNF).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "backend/netlist.hpp"
#include "logic/lut_network.hpp"
#include "netopt/sat_window.hpp"
#include "netopt/simulation.hpp"

namespace lutc::netopt {

struct fanin_reduction_params {
  simulation_params simulation;
  int conflict_limit = 10000;    // per SAT query (in a window, so conflicts are cheap); beyond it
                                 // the LUT is left as is
  size_t window_luts = 1000;     // SAT window per LUT (sat_window.hpp): at most this many LUTs of
                                 // its fanins' transitive fanin, nearest levels first (0: all)
  size_t max_undecided = 16;     // after this many queries hit the limit, no more queries: the
                                 // remaining LUTs are left as they are (sums of products behind
                                 // adder cells make nearly every query hard)
};

struct fanin_reduction_stats {
  size_t luts_visited = 0;       // LUTs whose fanins did not show every combination in simulation
  size_t luts_changed = 0;
  size_t fanins_removed = 0;
  size_t luts_made_constant = 0;
  size_t luts_freed = 0;         // LUTs left without readers
  size_t sat_calls = 0;
  size_t sat_undecided = 0;      // queries that hit the conflict limit
  size_t patterns_added = 0;     // counterexamples added to the simulation
  size_t windows_cut = 0;        // SAT windows smaller than the LUT's transitive fanin
  size_t window_luts = 0;        // LUTs encoded, summed over the SAT windows
};

/// Rewrites the LUTs of `net` in place (fanins and init; no LUT is added or renumbered).
/// `observed[s]` marks signals read outside the LUT network (outputs, adder cells): they are
/// never freed. LUTs freed by the pass keep their entries but are no longer read by any live LUT.
/// With `cells` (the netlist's adder cells) their outputs are computed, in simulation and in the
/// SAT queries, so LUTs behind an adder see only the sums it can produce.
fanin_reduction_stats reduce_fanins(logic::LutNetwork& net, const std::vector<char>& observed,
                                    const fanin_reduction_params& ps, const std::vector<backend::ArithCell>& cells = {});

namespace detail {
/// Whether f (init over k variables) restricted to the rows in `care` is a function of the
/// variables in `keep` (a bit mask) alone.
bool depends_only_on(uint64_t init, int k, uint64_t care, unsigned keep);
/// The table over the kept variables (in order) that equals f on `care`; rows no care row
/// projects to take f's value with the dropped variables at 0.
uint64_t project(uint64_t init, int k, uint64_t care, unsigned keep);
}  // namespace detail

}  // namespace lutc::netopt
