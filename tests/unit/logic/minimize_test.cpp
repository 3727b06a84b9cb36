// Tests of the `minimize` entry point: every engine on random functions (exhaustive per-minterm
// check written here), rejection of a corrupted network, portfolio selection.
#include "logic/minimize.hpp"

#include <doctest/doctest.h>

#include "test_functions.hpp"

#include <random>

using namespace lutc::logic;

using namespace lutc::test;


TEST_CASE("minimize: every engine is exactly right on the care set" * doctest::test_suite("tools")) {
  uint64_t seed = 11;
  for (Engine e : {Engine::builtin, Engine::abc, Engine::portfolio})
    for (int n : {1, 4, 8})
      for (int care_pct : {100, 40}) {
        MultiFunction f = random_function(n, 2, care_pct, seed++);
        minimize_params ps;
        ps.engine = e;
        ps.lut_size = n == 8 ? 4 : 6;
        minimize_stats st;
        LutNetwork net = minimize(f, ps, &st);
        CAPTURE(engine_name(e));
        CAPTURE(n);
        CHECK(agrees_everywhere_on_care(net, f));
        CHECK(st.luts == net.num_luts());
        CHECK(st.depth == net.depth());
        CHECK(!st.engine_used.empty());
        for (const auto& l : net.luts()) CHECK(static_cast<int>(l.fanins.size()) <= ps.lut_size);
      }
}

TEST_CASE("check_on_care_set rejects a corrupted network and accepts differences off the care set") {
  MultiFunction f = random_function(7, 2, 100, 3);
  LutNetwork net = minimize(f, {});
  REQUIRE(check_on_care_set(net, f));
  REQUIRE(net.num_luts() > 0);
  // Flip one INIT bit of a LUT that drives an output: the function must change somewhere.
  LutNetwork bad = net;
  Signal po = bad.pos()[0];
  REQUIRE(bad.is_lut(po));
  bad.lut(po).init ^= 1;
  std::string why;
  CHECK_FALSE(check_on_care_set(bad, f, &why));
  CHECK(why.find("output 0") != std::string::npos);
  CHECK_FALSE(agrees_everywhere_on_care(bad, f));
  // Where a wrong value is outside the care set, the check must still pass.
  MultiFunction g = f;
  auto sim = bad.simulate();
  for (uint64_t m = 0; m < sim[0].num_bits(); ++m)
    if (sim[0].get(m) != f.on[0].get(m)) g.care[0].set(m, false);
  CHECK(check_on_care_set(bad, g));
  // Interface mismatch.
  MultiFunction h = f;
  h.on.pop_back();
  h.care.pop_back();
  CHECK_FALSE(check_on_care_set(net, h));
}

TEST_CASE("minimize: portfolio keeps the smaller of the two engines" * doctest::test_suite("tools")) {
  MultiFunction f = random_function(9, 2, 100, 21);
  minimize_params ps;
  ps.engine = Engine::builtin;
  size_t builtin = minimize(f, ps).num_luts();
  ps.engine = Engine::abc;
  size_t abc = minimize(f, ps).num_luts();
  ps.engine = Engine::portfolio;
  minimize_stats st;
  LutNetwork net = minimize(f, ps, &st);
  CHECK(net.num_luts() == std::min(builtin, abc));
  CHECK((st.engine_used == "builtin" || st.engine_used == "abc"));
}

TEST_CASE("minimize: bad parameters are reported") {
  MultiFunction f = random_function(3, 1, 100, 1);
  minimize_params ps;
  ps.lut_size = 9;
  CHECK_THROWS_AS(minimize(f, ps), MinimizeError);
}
