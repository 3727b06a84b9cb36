#include "netopt/equivalence.hpp"

#include <doctest/doctest.h>

#include "netopt_test_util.hpp"

using namespace lutc;
using logic::LutNetwork;

TEST_CASE("equivalence: a network equals itself and not a copy with one observable change") {
  int different = 0;
  for (uint64_t seed = 1; seed <= 60; ++seed) {
    LutNetwork a = test::random_lut_network(seed, 8, 30);
    CHECK(netopt::check_equivalence(a, a.pos(), a, a.pos(), {}) == netopt::Equivalence::equal);
    // Flip one init bit; the reference (exhaustive simulation) says whether outputs change.
    LutNetwork b = a;
    b.lut(b.lut_signal(static_cast<size_t>(seed % 30))).init ^= uint64_t{1} << (seed % 4);
    bool changed = a.simulate() != b.simulate();
    netopt::equivalence_params ps;
    ps.random_words = 1;  // mostly decided by SAT
    auto r = netopt::check_equivalence(a, a.pos(), b, b.pos(), ps);
    INFO("seed " << seed);
    CHECK(r == (changed ? netopt::Equivalence::different : netopt::Equivalence::equal));
    different += changed;
  }
  CHECK(different > 10);
}
