// ColumnCounter (the bound-set search's column counting) must count exactly what
// classify(gather(...)) counts (slice_classes for a slice), for every bound set in any order
// and with any limit.
#include "logic/column_count.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "logic/decompose.hpp"
#include "logic/decompose_columns.hpp"
#include "test_functions.hpp"

using namespace lutc::logic;
using namespace lutc::logic::detail;
using namespace lutc::test;

TEST_CASE("ColumnCounter counts the classes classify(gather) counts, full and with don't cares") {
  std::mt19937_64 rng(7);
  size_t witnessed = 0;  // with don't cares: counts settled by pairwise clashing columns
  for (int care_pct : {100, 70}) {
    for (int n : {5, 8, 11}) {
      // Threshold-like functions (few classes) and random ones (many).
      for (int kind = 0; kind < 2; ++kind) {
        MultiFunction f = kind == 0 ? random_function(n, 1 + static_cast<int>(rng() % 3), care_pct, rng()) : random_function(n, 2, care_pct, rng());
        if (kind == 0)  // make it threshold-like: output j = bit j of the count of ones
          for (size_t j = 0; j < f.on.size(); ++j)
            for (uint64_t m = 0; m < f.on[j].num_bits(); ++m) f.on[j].set(m, (std::popcount(m) >> j) & 1);
        const bool full = care_pct == 100;
        Problem p = problem_of(f);
        ColumnCounter counter(p, full);
        for (int trial = 0; trial < 60; ++trial) {
          std::vector<int> vars(static_cast<size_t>(n));
          for (int v = 0; v < n; ++v) vars[static_cast<size_t>(v)] = v;
          std::shuffle(vars.begin(), vars.end(), rng);
          const int b = 1 + static_cast<int>(rng() % static_cast<uint64_t>(n - 1));
          std::vector<int> B(vars.begin(), vars.begin() + b);
          std::sort(B.begin(), B.end());
          const int limit = trial % 3 == 0 ? 1 << b : 1 + static_cast<int>(rng() % 8);
          const int want = classify(gather(p, B, complement(n, B), full), limit, false).count;
          CAPTURE(n);
          CAPTURE(b);
          CAPTURE(limit);
          CAPTURE(care_pct);
          CHECK(counter.count(B, limit) == want);
          if (b >= 2) {  // a slice of a non-disjoint step
            const int v = B[static_cast<size_t>(rng() % static_cast<uint64_t>(b))], value = trial & 1;
            std::vector<int> Bp;
            for (int u : B)
              if (u != v) Bp.push_back(u);
            const int slice_want = slice_classes(p, Bp, complement(n, B), v, value, full, limit, false).count;
            CHECK(counter.count_slice(B, v, value, limit) == slice_want);
          }
        }
        witnessed += counter.witnessed();
      }
    }
  }
  CHECK(witnessed > 0);  // the shortcut was exercised
}

TEST_CASE("decompose gives the same network on 1 and 3 threads") {
  MultiFunction f = random_function(10, 3, 100, 11);
  for (size_t j = 0; j < f.on.size(); ++j)  // a sum-like function so that trials have wide options
    for (uint64_t m = 0; m < f.on[j].num_bits(); ++m) f.on[j].set(m, (((m & 31) + (m >> 5)) >> (j + 2)) & 1);
  decompose_params one, three;
  three.threads = 3;
  LutNetwork a = decompose(f, one), b = decompose(f, three);
  REQUIRE(a.num_luts() == b.num_luts());
  for (size_t i = 0; i < a.num_luts(); ++i) {
    CHECK(a.luts()[i].fanins == b.luts()[i].fanins);
    CHECK(a.luts()[i].init == b.luts()[i].init);
  }
  CHECK(a.pos() == b.pos());
}
