#pragma once
// Two-term sums of a three-term sum regrouped (docs/rtl.md, "explicit carry chains"). A two-term
// cell o = a + s whose addend s is the whole output of a three-term cell s = x + y + z read by o
// alone pays one propagate LUT per position (neither a nor s is a LUT that can merge). When z is
// a LUT of at most 5 inputs read once, o = (a + x + y) + z costs the same ternary chain on o's
// positions and a two-term chain whose propagate LUTs take z in: s's LUT6_2s are saved.
//
// Exact: s's term in o equals x + y + z (modulo 2^top of o's read positions) when s holds its
// exact value or o reads no position above s's bits; addition modulo 2^top is associative, and
// the new chains compute every position below top.
#include <cstddef>

#include "backend/netlist.hpp"

namespace lutc::backend {

struct regroup_sums_params {
  double carry4_cost = 0.5;  // LUTs one more CARRY4 is worth (as split_sums_params)
};

struct regroup_sums_stats {
  size_t cells = 0;        // two-term cells regrouped (each absorbs one three-term cell)
  size_t luts_before = 0;  // propagate LUTs of the two cells as they were
  size_t luts_after = 0;   // of the ternary chain and the two-term chain (estimate)
  size_t carry4_before = 0;
  size_t carry4_after = 0;
};

namespace detail {

/// The plan for two-term cell o: o = (o.terms[1 - side] + s.terms[x] + s.terms[y]) + s.terms[z],
/// s = the cell whose output o.terms[side] is.
struct SumRegroup {
  int inner = -1;      // index of s in the netlist's cells (-1: no plan)
  int side = 0;
  int z = 2;
  int top = 0;         // o's read positions [0, top)
  int luts_before = 0, luts_after = 0, carry4_before = 0, carry4_after = 0;
};

/// The regrouped cells of plan (side, z) for two-term cell `o` and three-term cell `s`: the inner
/// o.terms[1 - side] + s's other two terms (shifted and negated with s's term in o, with s's
/// constant), and z's term as the outer cell's second addend.
void regrouped_terms(const ArithCell& o, const ArithCell& s, int side, int z, ArithCell& inner, ArithTerm& zt);

/// Whether term `t` (the whole output of cell `s` from its position 0) equals s's sum modulo
/// 2^top: s holds its exact value in t's bits (interval of its terms), or no position of t below
/// `top` is a sign extension.
bool term_is_exact_sum(const ArithCell& s, const ArithTerm& t, int top);

}  // namespace detail

/// Regroups the two-term cells of `nl` that gain (run before split_sums); a no-op when none does.
void regroup_sums(Netlist& nl, const regroup_sums_params& ps = {}, regroup_sums_stats* st = nullptr);

}  // namespace lutc::backend
