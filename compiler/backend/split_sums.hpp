#pragma once
// Three-term adder cells as two two-term cells where that needs fewer LUTs (docs/rtl.md,
// "explicit carry chains"). The Xilinx writer adds x + y + z behind one LUT6_2 per position
// (carry_chain.hpp); two chains (x + y) + z pay a propagate LUT per position only where neither
// addend is a LUT of at most 5 inputs read once, since such a LUT merges into its propagate LUT.
// When the terms are such LUTs, (x + y) + z costs no adder LUT at all, at one more chain of CARRY4s.
// A cell is split when the propagate LUTs saved exceed `carry4_cost` times the CARRY4s added.
//
// The split is exact: s = x + y is computed on every position below the highest one the cell's
// readers need (the sum wraps at that width), its carry-free low positions wired out as in
// lowering, and the cell then adds s and z.
#include <cstddef>
#include <vector>

#include "backend/netlist.hpp"

namespace lutc::backend {

struct split_sums_params {
  double carry4_cost = 0.5;  // LUTs one more CARRY4 is worth
};

struct split_sums_stats {
  size_t cells = 0;          // three-term cells split
  size_t luts_before = 0;    // their LUT6_2s as one ternary chain
  size_t luts_after = 0;     // their propagate LUTs as two chains (estimate)
  size_t luts_merged = 0;    // propagate LUTs that take in a LUT of the netlist (the writer's merge)
  size_t carry4_before = 0;
  size_t carry4_after = 0;
};

namespace detail {

/// The plan of one split: cell = (terms[first[0]] + terms[first[1]] + constant) + terms[last].
struct SumSplit {
  int first[2] = {0, 1};
  int last = 2;
  int top = 0;         // sum positions [0, top) are read
  int width = 0;       // positions of the inner sum: up to top, or fewer when they hold its exact value
  int peel = 0;        // low positions of the inner sum that are wires
  int luts_before = 0, luts_after = 0;
  int merged = 0;      // positions of the two chains where a LUT merges into the propagate LUT
  int carry4_before = 0, carry4_after = 0;
};

/// Positions that hold the exact sum of two-term cell `c` (constant 0 or 1), sign-extended above
/// when `is_signed` (set): one more than its widest term.
int exact_positions(const ArithCell& c, bool& is_signed);

/// Highest sum position of cell `c` whose bit something reads, plus one (0: none is read).
int read_top(const Netlist& nl, const ArithCell& c, const std::vector<int>& readers);

/// Per signal: 1 for a LUT of at most 5 inputs read once, not a MUXF7/MUXF8 (muxf_levels), which
/// merges into the propagate LUT of the chain position reading it; 2 for such a LUT read more
/// than once (it merges when one cell reads it at several positions); else 0.
std::vector<char> merging_luts(const Netlist& nl, const std::vector<int>& readers);

/// Propagate LUTs of a two-term chain adding `x` and `y` (y subtracted when `negate_y`) on
/// positions [from, to): none where an addend is constant or merges (`merges`, and not reading
/// the other addend; only y when subtracted; counted in `merged`), one per distinct pair of
/// addends elsewhere (synthesis shares equal ones).
int propagate_luts(const logic::LutNetwork& net, const std::vector<char>& merges, const ArithTerm& x, const ArithTerm& y,
                   bool negate_y, int from, int to, int& merged);

/// The cheapest split of three-term cell `c` (luts_after >= luts_before when none gains).
SumSplit best_split(const Netlist& nl, const ArithCell& c, const std::vector<int>& readers, const std::vector<char>& merges);

}  // namespace detail

/// Splits the three-term cells of `nl` that gain (LUT signals renumbered: the inner sums take new
/// primary inputs after the existing ones); a no-op when none does.
void split_sums(Netlist& nl, const split_sums_params& ps = {}, split_sums_stats* st = nullptr);

}  // namespace lutc::backend
