// Tests of the multi-output MUXF7/MUXF8 regions: every output and every bit an adder cell reads
// keeps its function (exhaustive simulation), the LUTs left (muxes written as MUXF7/MUXF8 not
// counted) are what the stats say and fewer than before, and the writer's muxf_levels marks the
// muxes the pass made.
#include "backend/muxf_regions.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "backend/muxf_remap.hpp"

using namespace lutc;
using logic::LutNetwork;
using logic::Signal;

namespace {

/// Observed signals' truth tables: outputs, then the bits the cells read.
std::vector<logic::TruthTable> observed_tables(const backend::Netlist& nl) {
  LutNetwork net = nl.luts;
  for (const auto& c : nl.cells)
    for (const auto& t : c.terms)
      for (Signal b : t.bits) net.add_po(b);
  return net.simulate();
}

/// LUTs the Xilinx writer writes as LUTs (muxes it writes as MUXF7/MUXF8 are not LUTs).
size_t written_luts(const backend::Netlist& nl) {
  std::vector<char> emitted(nl.luts.num_signals(), 0), absorbed(nl.luts.num_signals(), 0);
  for (size_t i = 0; i < nl.luts.num_luts(); ++i) emitted[nl.luts.lut_signal(i)] = 1;
  auto level = backend::muxf_levels(nl, emitted, absorbed);
  size_t n = 0;
  for (size_t i = 0; i < nl.luts.num_luts(); ++i) n += level[nl.luts.lut_signal(i)] == 0;
  return n;
}

/// A "table" of several outputs over `leaves` inputs whose outputs share LUTs: a layer of
/// shared 6-input LUTs over the leaves, then each output combines 3 of them with a leaf, so no
/// output has a fanout-free cone of its own (muxf_remap cannot rewrite it).
std::vector<Signal> add_shared_table(LutNetwork& net, std::mt19937_64& rng, const std::vector<Signal>& leaves, int outputs) {
  std::vector<Signal> shared;
  for (int k = 0; k < 4; ++k) {
    std::vector<Signal> pick = leaves;
    std::shuffle(pick.begin(), pick.end(), rng);
    pick.resize(std::min<size_t>(6, pick.size()));
    shared.push_back(net.add_lut(pick, rng()));
  }
  std::vector<Signal> outs;
  for (int o = 0; o < outputs; ++o) {
    std::vector<Signal> fanins = shared;
    std::shuffle(fanins.begin(), fanins.end(), rng);
    fanins.resize(3);
    fanins.push_back(leaves[rng() % leaves.size()]);
    outs.push_back(net.add_lut(fanins, rng()));
  }
  return outs;
}

}  // namespace

TEST_CASE("muxf_regions: shared tables of 7 and 8 leaves are rewritten, functions unchanged" * doctest::test_suite("fast")) {
  size_t rewritten = 0;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    std::mt19937_64 rng(seed);
    backend::Netlist nl;
    nl.inputs = {{"x", 12}};
    nl.luts = LutNetwork(14);  // 12 input bits, then the adder cell's 2 output bits
    std::vector<Signal> all;
    for (uint32_t i = 0; i < 12; ++i) all.push_back(nl.luts.pi(i));
    int outputs = 0;
    for (int t = 0; t < 2; ++t) {
      std::vector<Signal> leaves = all;
      std::shuffle(leaves.begin(), leaves.end(), rng);
      leaves.resize(6 + rng() % 4);  // 6..9 leaves: only 7 and 8 can become muxes
      for (Signal o : add_shared_table(nl.luts, rng, leaves, 2 + static_cast<int>(rng() % 5))) {
        nl.luts.add_po(o);
        ++outputs;
      }
    }
    nl.outputs = {{"y", outputs}};
    // An adder cell reads an output too: its operand must be rewritten with it.
    backend::ArithCell cell;
    cell.terms = {{{nl.luts.pos()[0]}, false, 0, false}};
    cell.constant = 1;
    cell.width = 2;
    cell.first_pi = 12;
    nl.cells.push_back(cell);
    const auto before = observed_tables(nl);
    const size_t luts_before = written_luts(nl);
    backend::muxf_regions_stats st;
    backend::muxf_regions(nl, {}, &st);
    INFO("seed " << seed);
    CHECK(observed_tables(nl) == before);
    for (const auto& l : nl.luts.luts()) CHECK(l.fanins.size() <= 6);
    if (!st.regions) {
      CHECK(written_luts(nl) == luts_before);
      continue;
    }
    ++rewritten;
    CHECK(st.luts_after < st.region_luts);
    CHECK(written_luts(nl) == luts_before - st.region_luts + st.luts_after);
    // muxf_remap finds nothing more to do in the muxes the regions made.
    backend::muxf_remap_stats ms;
    backend::muxf_remap(nl, {}, &ms);
    CHECK(observed_tables(nl) == before);
  }
  CHECK(rewritten > 10);
}

TEST_CASE("muxf_regions: roots sharing a LUT are rewritten only when the muxes need fewer LUTs" * doctest::test_suite("fast")) {
  backend::Netlist nl;
  nl.inputs = {{"x", 7}};
  nl.luts = LutNetwork(7);
  auto& net = nl.luts;
  std::vector<Signal> x;
  for (uint32_t i = 0; i < 7; ++i) x.push_back(net.pi(i));
  // y0 = h0(g, x6), y1 = h1(g, x6, x0) with g = f(x0..x5): 3 LUTs; as muxes 2 + 2. Kept.
  Signal g = net.add_lut({x[0], x[1], x[2], x[3], x[4], x[5]}, 0x0123456789abcdefULL);
  net.add_po(net.add_lut({g, x[6]}, 0x6));
  net.add_po(net.add_lut({g, x[6], x[0]}, 0x96));
  nl.outputs = {{"y", 2}};
  backend::muxf_regions_stats st;
  backend::muxf_regions(nl, {}, &st);
  CHECK(st.regions == 0);

  // Three roots q_j = h(g, p_j, x5), p_j = f_j(x0..x4, x6): 7 LUTs (g shared, so no root has a
  // fanout-free cone of more than 2 LUTs for muxf_remap); as muxes 3 x 2 = 6.
  backend::Netlist n2;
  n2.inputs = {{"x", 7}};
  n2.luts = LutNetwork(7);
  auto& m = n2.luts;
  Signal g2 = m.add_lut({x[0], x[1], x[2], x[3], x[4], x[5]}, 0x9a3c5e7f1b2d4c6eULL);
  const uint64_t inits[3] = {0x5a5a3c3c0ff06996ULL, 0x3cc3a55a96696996ULL, 0x0ff0f00f3cc3c33cULL};
  for (int j = 0; j < 3; ++j) {
    Signal p = m.add_lut({x[0], x[1], x[2], x[3], x[4], x[6]}, inits[j]);
    m.add_po(m.add_lut({g2, p, x[5]}, j == 1 ? 0x96 : 0x6c));
  }
  n2.outputs = {{"y", 3}};
  const auto before = observed_tables(n2);
  CHECK(written_luts(n2) == 7);
  backend::muxf_remap_stats ms;
  backend::Netlist copy = n2;
  backend::muxf_remap(copy, {}, &ms);
  CHECK(ms.cones == 0);
  backend::muxf_regions(n2, {}, &st);
  CHECK(observed_tables(n2) == before);
  CHECK(st.regions == 1);
  CHECK(st.region_luts == 7);
  CHECK(st.luts_after == 6);
  CHECK(written_luts(n2) == 6);
}
