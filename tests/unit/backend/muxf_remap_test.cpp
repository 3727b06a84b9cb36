// Tests of the MUXF7/MUXF8 remapping: every output and every bit an adder cell reads keeps its
// function (exhaustive simulation), rewritten cones become cofactor LUTs under mux LUTs, and the
// writer's muxf_levels marks exactly the muxes it may write as MUXF7/MUXF8.
#include "backend/muxf_remap.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>

using namespace lutc;
using logic::LutNetwork;
using logic::Signal;

namespace {

/// A chain of 2..4-input LUTs over `leaves` primary inputs (each LUT reads the previous one and new
/// or old inputs): a fanout-free cone of several LUTs whose support is all the leaves.
Signal add_chain(LutNetwork& net, std::mt19937_64& rng, const std::vector<Signal>& leaves) {
  Signal prev = leaves[0];
  size_t next = 1;
  while (next < leaves.size()) {
    std::vector<Signal> fanins{prev};
    size_t take = std::min<size_t>(1 + rng() % 3, leaves.size() - next);
    for (size_t j = 0; j < take; ++j) fanins.push_back(leaves[next++]);
    prev = net.add_lut(fanins, rng());
  }
  return prev;
}

/// Observed signals' truth tables: outputs, then the bits the cells read.
std::vector<logic::TruthTable> observed_tables(const backend::Netlist& nl) {
  LutNetwork net = nl.luts;
  for (const auto& c : nl.cells)
    for (const auto& t : c.terms)
      for (Signal b : t.bits) net.add_po(b);
  return net.simulate();
}

}  // namespace

TEST_CASE("muxf_remap: cones of 7 and 8 leaves become cofactors under muxes, functions unchanged" * doctest::test_suite("fast")) {
  size_t rewritten = 0;
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    std::mt19937_64 rng(seed);
    backend::Netlist nl;
    nl.inputs = {{"x", 12}};
    nl.luts = LutNetwork(14);  // 12 input bits, then the adder cell's 2 output bits
    for (int o = 0; o < 3; ++o) {
      std::vector<Signal> leaves;
      for (uint32_t i = 0; i < 12; ++i) leaves.push_back(nl.luts.pi(i));
      std::shuffle(leaves.begin(), leaves.end(), rng);
      leaves.resize(6 + rng() % 4);  // 6..9 leaves: only 7 and 8 are rewritten
      std::sort(leaves.begin(), leaves.end());
      nl.luts.add_po(add_chain(nl.luts, rng, leaves));
    }
    nl.outputs = {{"y", 3}};
    // An adder cell reads the last output too: its operand must be remapped with it.
    backend::ArithCell cell;
    cell.terms = {{{nl.luts.pos()[2]}, false, 0, false}};
    cell.constant = 1;
    cell.width = 2;
    cell.first_pi = 12;
    nl.cells.push_back(cell);
    const auto before = observed_tables(nl);
    const size_t luts_before = nl.luts.num_luts();
    backend::muxf_remap_stats st;
    backend::muxf_remap(nl, {}, &st);
    INFO("seed " << seed);
    CHECK(observed_tables(nl) == before);
    if (!st.cones) {
      CHECK(nl.luts.num_luts() == luts_before);
      continue;
    }
    ++rewritten;
    CHECK(st.site_luts < st.cone_luts);
    // Every mux LUT the remap made is a MUXF7 or MUXF8 for the writer, and their count fits the stats.
    std::vector<char> emitted(nl.luts.num_signals(), 0), absorbed(nl.luts.num_signals(), 0);
    for (size_t i = 0; i < nl.luts.num_luts(); ++i) emitted[nl.luts.lut_signal(i)] = 1;
    auto level = backend::muxf_levels(nl, emitted, absorbed);
    size_t muxes = 0, plain = 0;
    for (size_t i = 0; i < nl.luts.num_luts(); ++i) {
      Signal s = nl.luts.lut_signal(i);
      if (level[s]) {
        ++muxes;
        CHECK(nl.luts.lut(s).init == backend::mux_lut_init);
      } else {
        ++plain;
      }
    }
    CHECK(muxes >= st.cones);
    CHECK(plain + st.cone_luts == luts_before + st.site_luts);
  }
  CHECK(rewritten > 5);
}

TEST_CASE("muxf_levels: a mux whose data LUT is read twice stays a LUT" * doctest::test_suite("fast")) {
  backend::Netlist nl;
  nl.inputs = {{"x", 8}};
  nl.luts = LutNetwork(8);
  auto& net = nl.luts;
  Signal a = net.add_lut({net.pi(0), net.pi(1), net.pi(2), net.pi(3), net.pi(4), net.pi(5)}, 0x123456789abcdefULL);
  Signal b = net.add_lut({net.pi(0), net.pi(1), net.pi(2), net.pi(3), net.pi(4), net.pi(5)}, 0xfedcba987654321ULL);
  Signal m = net.add_lut({a, b, net.pi(6)}, backend::mux_lut_init);
  Signal other = net.add_lut({a, net.pi(7)}, 0x6);
  net.add_po(m);
  nl.outputs = {{"y", 1}};
  std::vector<char> emitted(net.num_signals(), 0), absorbed(net.num_signals(), 0);
  emitted[a] = emitted[b] = emitted[m] = 1;
  CHECK(backend::muxf_levels(nl, emitted, absorbed)[m] == 7);
  net.add_po(other);
  nl.outputs = {{"y", 2}};
  emitted[other] = 1;
  CHECK(backend::muxf_levels(nl, emitted, absorbed)[m] == 0);
}
