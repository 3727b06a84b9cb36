#include "netopt/fanin_reduction.hpp"

#include <doctest/doctest.h>

#include "netopt_test_util.hpp"

using namespace lutc;
using logic::LutNetwork;

using test::po_mask;

TEST_CASE("depends_only_on and project read a function on its care rows") {
  // f = x0 | x1; where x0 = 1 implies x1 = 1, f = x1.
  uint64_t f = 0b1110, care = 0b1101;  // row r = x0 | x1 << 1; row 1 (x0 = 1, x1 = 0) unreachable
  CHECK(netopt::detail::depends_only_on(f, 2, care, 0b10));
  CHECK_FALSE(netopt::detail::depends_only_on(f, 2, care, 0b01));
  CHECK_FALSE(netopt::detail::depends_only_on(f, 2, 0b1111, 0b10));
  CHECK(netopt::detail::project(f, 2, care, 0b10) == 0b10);  // the identity of x1
}

TEST_CASE("a reader of two correlated signals loses the fanin it does not need") {
  LutNetwork net(2);
  auto a = net.pi(0), b = net.pi(1);
  auto x = net.add_lut({a, b}, 0b1000);  // a & b
  auto y = net.add_lut({a, b}, 0b1110);  // a | b: x = 1 implies y = 1
  auto z = net.add_lut({x, y}, 0b1110);  // x | y, which is y on every reachable row
  net.add_po(z);
  auto before = net.simulate();
  auto st = netopt::reduce_fanins(net, po_mask(net), {});
  CHECK(st.fanins_removed == 1);
  CHECK(st.luts_freed == 1);  // x has no reader left
  REQUIRE(net.lut(z).fanins == std::vector<logic::Signal>{y});
  CHECK(net.simulate() == before);
}

TEST_CASE("fanin reduction keeps every output of random reconvergent networks, exactly") {
  size_t removed = 0, queries = 0;
  for (uint64_t seed = 1; seed <= 150; ++seed) {
    LutNetwork net = test::random_lut_network(seed, 6 + seed % 7, 20 + static_cast<int>(seed % 40));
    auto before = net.simulate();
    netopt::fanin_reduction_params ps;
    ps.simulation.random_words = 1 + static_cast<int>(seed % 3);  // few patterns: SAT must find the rest
    ps.simulation.seed = seed;
    auto st = netopt::reduce_fanins(net, po_mask(net), ps);
    INFO("seed " << seed);
    CHECK(net.simulate() == before);
    removed += st.fanins_removed;
    queries += st.sat_calls;
  }
  CHECK(removed > 50);   // the test networks do have reducible LUTs
  CHECK(queries > 100);  // and most were found by SAT, not simulation
}

TEST_CASE("fanin reduction in small SAT windows keeps every output exactly, and finds less than whole cones") {
  size_t removed_small = 0, removed_whole = 0, cut = 0;
  for (uint64_t seed = 1; seed <= 120; ++seed) {
    const LutNetwork original = test::random_lut_network(seed, 6 + seed % 7, 20 + static_cast<int>(seed % 40));
    const auto want = original.simulate();
    for (size_t window : {size_t{1}, size_t{3}, size_t{0}}) {
      LutNetwork net = original;
      netopt::fanin_reduction_params ps;
      ps.simulation.random_words = 1;  // few patterns: the windows' SAT queries decide
      ps.simulation.seed = seed;
      ps.window_luts = window;
      auto st = netopt::reduce_fanins(net, po_mask(net), ps);
      INFO("seed " << seed << ", window " << window);
      CHECK(net.simulate() == want);  // a cut window over-approximates: never wrong
      if (window == 0) {
        CHECK(st.windows_cut == 0);
        removed_whole += st.fanins_removed;
      } else {
        cut += st.windows_cut;
        if (window == 1) removed_small += st.fanins_removed;
      }
    }
  }
  CHECK(cut > 100);                         // the small windows were cut
  CHECK(removed_small > 0);                 // and still proved something
  CHECK(removed_whole > removed_small);     // but whole cones see more
}
