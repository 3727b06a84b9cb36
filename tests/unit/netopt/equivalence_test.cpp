#include "netopt/equivalence.hpp"

#include <doctest/doctest.h>

#include "netopt_test_util.hpp"

using namespace lutc;
using logic::LutNetwork;
using logic::Signal;

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

TEST_CASE("equivalence: LUTs equal by structure need no query; a changed one still does") {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    LutNetwork a = test::random_lut_network(seed, 8, 30);
    netopt::equivalence_stats st;
    CHECK(netopt::check_equivalence(a, a.pos(), a, a.pos(), {}, &st) == netopt::Equivalence::equal);
    CHECK(st.luts_by_structure == a.num_luts());
    CHECK(st.sat_calls == 0);
    // The same function with its two first fanins swapped: not equal by structure, proved by SAT.
    LutNetwork b = a;
    auto s = b.lut_signal(static_cast<size_t>(seed % 30));
    auto& l = b.lut(s);
    if (l.fanins.size() < 2) continue;
    std::swap(l.fanins[0], l.fanins[1]);
    uint64_t init = 0;
    for (unsigned r = 0; r < (1u << l.fanins.size()); ++r) {
      unsigned swapped = (r & ~3u) | ((r & 1u) << 1) | ((r >> 1) & 1u);
      init |= ((l.init >> swapped) & 1u) << r;
    }
    l.init = init;
    netopt::equivalence_stats sb;
    INFO("seed " << seed);
    CHECK(netopt::check_equivalence(a, a.pos(), b, b.pos(), {}, &sb) == netopt::Equivalence::equal);
    CHECK(sb.luts_by_structure < b.num_luts());
    CHECK(sb.sat_calls > 0);
  }
}

TEST_CASE("equivalence: with adder cells, what only the sums make equal is equal, and a real change is not") {
  // Ports x0, x1; one cell s = x + 0 (2 bits), whose outputs are primary inputs 2 and 3. So s0 = x0.
  backend::ArithCell cell;
  cell.terms.push_back({{LutNetwork{4}.pi(0), LutNetwork{4}.pi(1)}, false, 0, false});
  cell.width = 2;
  cell.first_pi = 2;
  const std::vector<backend::ArithCell> cells{cell};
  LutNetwork a(4);
  Signal a_y = a.add_lut({a.pi(0), a.pi(2)}, 0x6);  // x0 ^ s0: always 0, but only because of the cell
  a.add_po(a_y);
  LutNetwork zero(4);
  zero.add_po(zero.add_lut({zero.pi(1)}, 0x0));
  LutNetwork other(4);
  other.add_po(other.add_lut({other.pi(1)}, 0x2));  // x1: not always 0
  CHECK(netopt::check_equivalence(a, a.pos(), zero, zero.pos(), {}, nullptr, cells, cells) == netopt::Equivalence::equal);
  CHECK(netopt::check_equivalence(a, a.pos(), other, other.pos(), {}, nullptr, cells, cells) == netopt::Equivalence::different);
  // Without the cell, s0 is a free input and x0 ^ s0 is not 0.
  CHECK(netopt::check_equivalence(a, a.pos(), zero, zero.pos(), {}) == netopt::Equivalence::different);
}
