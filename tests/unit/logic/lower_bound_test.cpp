// Tests of lut_count_lower_bound: the bound on hand-made functions, its validity (never above what
// an engine achieves) on random and threshold functions, and the default portfolio never losing to
// ABC on a table wider than K.
#include "logic/lower_bound.hpp"

#include <doctest/doctest.h>

#include "test_functions.hpp"

using namespace lutc::logic;
using namespace lutc::test;

namespace {

MultiFunction fully_specified(int n, std::vector<TruthTable> on) {
  MultiFunction f;
  f.num_vars = n;
  f.care.assign(on.size(), const1(n));
  f.on = std::move(on);
  return f;
}

TruthTable parity(int n) {
  TruthTable t = const0(n);
  for (int v = 0; v < n; ++v) t = t ^ nth_var(n, v);
  return t;
}

}  // namespace

TEST_CASE("lower_bound: constants and inputs are free, parity needs ceil((n-1)/(K-1)) LUTs" * doctest::test_suite("fast")) {
  lower_bound_stats st;
  CHECK(lut_count_lower_bound(fully_specified(8, {const0(8), nth_var(8, 3)}), 6, &st) == 0);
  CHECK(st.free_outputs == 2);
  CHECK(lut_count_lower_bound(fully_specified(6, {parity(6)}), 6) == 1);
  CHECK(lut_count_lower_bound(fully_specified(7, {parity(7)}), 6) == 2);
  CHECK(lut_count_lower_bound(fully_specified(11, {parity(11)}), 6) == 2);
  CHECK(lut_count_lower_bound(fully_specified(12, {parity(12)}), 6, &st) == 3);
  CHECK(st.widest_support == 12);
  CHECK(lut_count_lower_bound(fully_specified(12, {parity(12)}), 4) == 4);
}

TEST_CASE("lower_bound: outputs that differ where both care need their own LUTs" * doctest::test_suite("fast")) {
  TruthTable a = nth_var(4, 0) & nth_var(4, 1), b = nth_var(4, 2) | nth_var(4, 3);
  lower_bound_stats st;
  CHECK(lut_count_lower_bound(fully_specified(4, {a, b, ~a}), 6, &st) == 3);
  CHECK(st.incompatible == 3);
  // Equal outputs share one LUT.
  CHECK(lut_count_lower_bound(fully_specified(4, {a, a}), 6) == 1);
  // With disjoint care sets, a and c are compatible: one LUT may serve both.
  TruthTable c = nth_var(4, 2) ^ nth_var(4, 3);
  MultiFunction f = fully_specified(4, {a, c});
  f.care[0] = ~nth_var(4, 2) & ~nth_var(4, 3);
  f.care[1] = nth_var(4, 2) | nth_var(4, 3);
  CHECK(lut_count_lower_bound(f, 6) == 1);
}

TEST_CASE("lower_bound: a variable that don't cares can remove is not counted" * doctest::test_suite("fast")) {
  // y = x6 ? parity(x0..x5) : 0, but only rows with x6 = 1 are cared for: 6 variables, one LUT.
  TruthTable p = parity(7) ^ nth_var(7, 6);
  MultiFunction f = fully_specified(7, {p & nth_var(7, 6)});
  CHECK(lut_count_lower_bound(f, 6) == 2);
  f.care[0] = nth_var(7, 6);
  CHECK(lut_count_lower_bound(f, 6) == 1);
}

TEST_CASE("lower_bound: never above the LUTs an engine achieves" * doctest::test_suite("tools")) {
  uint64_t seed = 5;
  for (int n : {5, 7, 9})
    for (int care_pct : {100, 60, 10})
      for (int rep = 0; rep < 3; ++rep) {
        MultiFunction f = random_function(n, 3, care_pct, seed++);
        for (Engine e : {Engine::builtin, Engine::abc}) {
          minimize_params ps;
          ps.engine = e;
          size_t luts = minimize(f, ps).num_luts();
          CAPTURE(n);
          CAPTURE(care_pct);
          CHECK(lut_count_lower_bound(f, ps.lut_size) <= luts);
        }
      }
}

TEST_CASE("minimize: by default a table wider than K never costs more LUTs than ABC's flow" * doctest::test_suite("tools")) {
  uint64_t seed = 40;
  for (int n : {7, 9, 10})
    for (int care_pct : {100, 50}) {
      MultiFunction f = n == 10 ? threshold_function(n, 3, seed++) : random_function(n, 2, care_pct, seed++);
      minimize_params automatic, abc;
      abc.engine = Engine::abc;
      minimize_stats st;
      size_t luts = minimize(f, automatic, &st).num_luts();
      CAPTURE(n);
      CHECK(luts <= minimize(f, abc).num_luts());
      CHECK((st.engine_used == "builtin" || st.engine_used == "abc"));
    }
}
