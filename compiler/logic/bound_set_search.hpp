#pragma once
// The bound-set search of the builtin engine (decompose.cpp): for every bound-set width, the
// set with the fewest column classes (exhaustive over all sets of a width while there are few,
// else a beam grown from the previous width's best sets) and the beam frontier.
//
// Widths below the K-bounded range's last width whose frontier nothing reads (the next width is
// searched exhaustively, so it does not grow from this one) are searched last and only as far
// as they could still beat the best of the other widths: a width b set leaves s - b + e
// variables, so with the best so far leaving L it must have at most 2^(L - s + b) classes
// (one fewer code bit when it would only tie). Their best set is exact whenever it can win,
// so `best_bound_set` gives the same answer as a full search, at a fraction of the counting.
// They are searched widest first, and a candidate whose supersets by one variable already show
// more than twice its limit in pairwise clashing columns is not counted (it has more than
// `limit` classes: the count the counter would return is limit + 1).
#include <cstddef>
#include <vector>

#include "logic/decompose_columns.hpp"

namespace lutc::logic::detail {

struct Choice {
  std::vector<int> bound;  // sorted local variables of the bound set
  int shared = -1;         // a bound variable also passed to the image (non-disjoint), or -1
  int classes = 0;         // column classes (the larger slice's count when shared)
  int e = 0;               // code bits
  bool valid = false;
  int left(int s) const { return s - static_cast<int>(bound.size()) + e + (shared >= 0 ? 1 : 0); }
};

/// Lower is better: fewest variables left, then fewest encoding LUTs, then fewest classes.
bool better(const Choice& x, const Choice& y, int s);

struct bound_set_search_params {
  int lut_size = 6;
  int effort = 1;
  bool prune = true;  // false: every width in full (the reference the tests compare with)
};

struct bound_set_search_stats {
  size_t counted = 0;  // candidate bound sets whose columns were counted
  size_t pruned_widths = 0;  // widths searched only as far as they could win
  size_t skipped = 0;  // pruned widths' candidates not counted: the other widths' counts exceed their limit
};

/// A search so far: per bound-set width 2, 3, ...: the best set of that width and the frontier
/// (the best sets, fewest classes first, frontier_size of them; a pruned width's best is exact
/// only when it beats the other widths).
struct BoundSetSearch {
  std::vector<Choice> per_size;
  std::vector<std::vector<std::vector<int>>> frontiers;
};

/// How many of the K-bounded last width's best sets find_shared tries (2, 6, 16 by effort).
size_t shared_tops(int effort);

/// How many wide steps (bound sets above K) the engine tries (3, 4 by effort): the best sets
/// of the widths above K that make progress, fewest variables left first, then fewest code
/// bits (ties to the narrower width).
size_t wide_kept(int effort);

/// How many best sets of width b (of s variables) a search keeps as that width's frontier: the
/// beam when width b + 1 grows from them (it is not exhaustive), shared_tops for the K-bounded
/// last width otherwise (find_shared reads them), none for the other widths (nothing reads
/// them). A width without a frontier is counted only as far as its best set needs: a
/// candidate stops past the best count so far (it cannot win), so its best set stays exact.
size_t frontier_size(int s, int b, const bound_set_search_params& ps);

/// A wide width (above K) without a frontier is counted only as far as its best set could
/// still be among the wide_kept best of the wide widths: beating the wide_kept-th best of the
/// narrower ones in (variables left, code bits) caps its class count, as for pruned widths. Its
/// best set is exact whenever it can be tried.
///
/// Searches the widths up to `last` that `r` does not hold yet, so that a wide search continues
/// where a K-bounded one stopped. `last` is min(K, p.n - 1) or p.n - 1.
void extend_search(const Problem& p, bool full, int last, const bound_set_search_params& ps, BoundSetSearch& r,
                   bound_set_search_stats* st = nullptr);

/// The best set over widths 2..last (ties to the narrower width) of a search holding them.
Choice best_bound_set(const BoundSetSearch& r, int s, int last);

}  // namespace lutc::logic::detail
