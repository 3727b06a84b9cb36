// The bound-set search with its shortcut (narrow widths nothing reads searched only as far as
// they can win) must find what the plain search finds: the same best set over the K-bounded
// widths, the same best set of every width, and the first sets of every frontier anything reads
// (frontier_size of them).
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

}  // namespace

TEST_CASE("bound-set search: pruned widths give the plain search's answer") {
  int pruned = 0, kept = 0;
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
          for (int w = last0; w <= n - 1; ++w) {  // the wide widths (find_large_all reads them all)
            CAPTURE(w);
            check_same(a.per_size[static_cast<size_t>(w - 2)], b.per_size[static_cast<size_t>(w - 2)]);
            check_frontier(a.frontiers[static_cast<size_t>(w - 2)], b.frontiers[static_cast<size_t>(w - 2)],
                           frontier_size(n, w, fast));
            kept += a.frontiers[static_cast<size_t>(w - 2)].size() < b.frontiers[static_cast<size_t>(w - 2)].size();
          }
          pruned += static_cast<int>(st.pruned_widths);
        }
      }
    }
  }
  CHECK(pruned > 0);  // the shortcut was exercised
  CHECK(kept > 0);    // so was the shorter frontier
}
