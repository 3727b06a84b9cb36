// project (tables over a subset of the variables) against its definition, bit by bit: for each
// kept assignment, the first care minterm over the dropped variables (in their order) gives the
// value. Fully specified tables take a word-level path; partial care the bitwise one.
#include "logic/decompose_columns.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>

using namespace lutc::logic;
using namespace lutc::logic::detail;

TEST_CASE("project keeps the first care minterm of each kept assignment") {
  std::mt19937_64 rng(13);
  int fast = 0;
  for (int n : {3, 6, 7, 9, 12}) {
    for (int trial = 0; trial < 40; ++trial) {
      TruthTable on(n), care(n);
      const bool full = trial % 2 == 0;
      for (uint64_t m = 0; m < on.num_bits(); ++m) {
        on.set(m, rng() & 1);
        care.set(m, full || rng() % 4 != 0);
      }
      std::vector<int> keep;
      for (int v = 0; v < n; ++v)
        if (rng() % 3 != 0) keep.push_back(v);
      TruthTable on2, care2;
      project(on, care, keep, on2, care2);
      std::vector<int> drop;
      for (int v = 0; v < n; ++v)
        if (std::find(keep.begin(), keep.end(), v) == keep.end()) drop.push_back(v);
      REQUIRE(on2.num_vars == static_cast<int>(keep.size()));
      REQUIRE(care2.num_vars == static_cast<int>(keep.size()));
      TruthTable want_on(static_cast<int>(keep.size())), want_care(static_cast<int>(keep.size()));
      for (uint64_t x = 0; x < want_on.num_bits(); ++x)
        for (uint64_t y = 0; y < (uint64_t{1} << drop.size()); ++y) {
          uint64_t m = 0;
          for (size_t i = 0; i < keep.size(); ++i) m |= ((x >> i) & 1) << keep[i];
          for (size_t i = 0; i < drop.size(); ++i) m |= ((y >> i) & 1) << drop[i];
          if (!care.get(m)) continue;
          want_care.set(x, true);
          want_on.set(x, on.get(m));
          break;
        }
      CAPTURE(n);
      CAPTURE(full);
      CHECK(on2 == want_on);
      CHECK(care2 == want_care);
      fast += full;
    }
  }
  CHECK(fast > 0);
}
