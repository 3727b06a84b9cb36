// The bound-set search with its shortcuts (narrow widths nothing reads searched only as far as
// they can win, wide widths only as far as they can be tried) must find what the plain search
// finds: the same best set over the K-bounded widths, the same wide steps (find_large_all's
// first wide_kept), and the first sets of every frontier anything reads (frontier_size of them).
// The pruned widths also skip candidates that wider sets already put past their limit: a set has
// at least half as many pairwise clashing columns as a set with one more variable.
#include "logic/bound_set_search.hpp"

#include <doctest/doctest.h>

#include "test_functions.hpp"

using namespace lutc::logic;
using namespace lutc::logic::detail;
using namespace lutc::test;

namespace {


void check_same(const Choice& x, const Choice& y) {
  CHECK(x.valid == y.valid);
  CHECK(x.bound == y.bound);
  CHECK(x.classes == y.classes);
  CHECK(x.e == y.e);
}

/// The kept frontier is the plain search's best `size` sets (all of them when it has fewer).
void check_frontier(const std::vector<std::vector<int>>& kept, const std::vector<std::vector<int>>& plain, size_t size) {
  const size_t k = std::min(size, plain.size());
  REQUIRE(kept.size() == k);
  CHECK(std::equal(kept.begin(), kept.end(), plain.begin()));
}

/// The best sets of the widths above K that make progress, as find_large_all ranks them
/// (variables left, then code bits, ties to the narrower width), the first wide_kept of them.
std::vector<Choice> top_wide(const BoundSetSearch& r, int n, int lut_size, int effort) {
  std::vector<Choice> out;
  for (int w = lut_size + 1; w <= n - 1; ++w) {
    const Choice& c = r.per_size[static_cast<size_t>(w - 2)];
    if (c.valid && c.left(n) < n) out.push_back(c);
  }
  std::stable_sort(out.begin(), out.end(), [&](const Choice& x, const Choice& y) {
    return x.left(n) != y.left(n) ? x.left(n) < y.left(n) : x.e < y.e;
  });
  if (out.size() > wide_kept(effort)) out.resize(wide_kept(effort));
  return out;
}

}  // namespace

TEST_CASE("bound-set search: pruned widths give the plain search's answer") {
  int pruned = 0, kept = 0;
  size_t wide_steps = 0, skipped = 0, skipped_dc = 0;
  for (int n : {9, 12}) {
    for (int outputs : {1, 3}) {
      for (int kind = 0; kind < 3; ++kind) {
        const uint64_t seed = static_cast<uint64_t>(n * 10 + outputs);
        MultiFunction f = kind == 0   ? threshold_function(n, outputs, seed)
                          : kind == 1 ? random_function(n, outputs, 100, seed)
                                      : random_function(n, outputs, 60, seed);
        const bool full = kind != 2;
        Problem p = problem_of(f);
        for (int lut_size : {4, 6}) {
          bound_set_search_params fast, plain;
          fast.lut_size = plain.lut_size = lut_size;
          plain.prune = false;
          const int last0 = std::min(lut_size, n - 1);
          BoundSetSearch a, b;
          bound_set_search_stats st;
          // As the engine calls it: the K-bounded widths, then the wide ones.
          for (int last : {last0, n - 1}) {
            extend_search(p, full, last, fast, a, &st);
            extend_search(p, full, last, plain, b);
            CAPTURE(n);
            CAPTURE(outputs);
            CAPTURE(kind);
            CAPTURE(last);
            check_same(best_bound_set(a, n, last), best_bound_set(b, n, last));
            check_frontier(a.frontiers[static_cast<size_t>(last - 2)], b.frontiers[static_cast<size_t>(last - 2)],
                           frontier_size(n, last, fast));
          }
          // The wide steps the engine tries (find_large_all): the same sets, classes and codes.
          const auto wa = top_wide(a, n, lut_size, fast.effort), wb = top_wide(b, n, lut_size, fast.effort);
          REQUIRE(wa.size() == wb.size());
          for (size_t t = 0; t < wa.size(); ++t) check_same(wa[t], wb[t]);
          wide_steps += wb.size();
          for (int w = last0; w <= n - 1; ++w) {
            CAPTURE(w);
            if (w == last0) check_same(a.per_size[static_cast<size_t>(w - 2)], b.per_size[static_cast<size_t>(w - 2)]);
            check_frontier(a.frontiers[static_cast<size_t>(w - 2)], b.frontiers[static_cast<size_t>(w - 2)],
                           frontier_size(n, w, fast));
            kept += a.frontiers[static_cast<size_t>(w - 2)].size() < b.frontiers[static_cast<size_t>(w - 2)].size();
          }
          pruned += static_cast<int>(st.pruned_widths);
          (full ? skipped : skipped_dc) += st.skipped;
        }
      }
    }
  }
  CHECK(pruned > 0);  // the shortcut was exercised
  CHECK(kept > 0);    // so was the shorter frontier
  CHECK(wide_steps > 0);
  CHECK(skipped > 0);     // candidates bounded out by the counts of wider sets (completely specified)
  CHECK(skipped_dc > 0);  // and by their pairwise clashing columns (don't cares)
}
