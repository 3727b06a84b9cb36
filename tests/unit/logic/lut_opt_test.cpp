// Tests of the LUT builder (structural hashing, simplification) and the final LUT-level pass.
#include "logic/lut_opt.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>

using namespace lutc::logic;

TEST_CASE("LutBuilder: duplicates, constants, buffers and fanin order") {
  LutNetwork net(4);
  LutBuilder b(net);
  Signal x = b.add({net.pi(0), net.pi(1)}, uint64_t{0x8});  // AND
  Signal y = b.add({net.pi(1), net.pi(0)}, uint64_t{0x8});  // same AND, swapped fanins
  CHECK(x == y);
  CHECK(net.num_luts() == 1);
  CHECK(b.add({net.pi(2), LutNetwork::const1}, uint64_t{0x8}) == net.pi(2));      // x2 & 1 = x2
  CHECK(b.add({net.pi(2), LutNetwork::const0}, uint64_t{0x8}) == LutNetwork::const0);
  CHECK(b.add({net.pi(3), net.pi(2)}, uint64_t{0xA}) == net.pi(3));                // ignores x2
  CHECK(b.add({net.pi(3), net.pi(3)}, uint64_t{0x6}) == LutNetwork::const0);       // x ^ x
  CHECK(net.num_luts() == 1);
  CHECK(remap_init(0x2, 2, {1, 0}) == 0x4);
}

TEST_CASE("optimize_luts: absorbs single-fanout LUTs within K and keeps the function") {
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 30; ++trial) {
    LutNetwork net(8);
    std::vector<Signal> sigs;
    for (uint32_t i = 0; i < 8; ++i) sigs.push_back(net.pi(i));
    for (int i = 0; i < 20; ++i) {
      size_t k = 2 + rng() % 3;
      std::vector<Signal> f;
      while (f.size() < k) {
        Signal s = sigs[rng() % sigs.size()];
        if (std::find(f.begin(), f.end(), s) == f.end()) f.push_back(s);
      }
      sigs.push_back(net.add_lut(f, rng()));
    }
    net.add_po(sigs.back());
    net.add_po(sigs[sigs.size() - 3]);
    auto before = net.simulate();
    lut_opt_stats st;
    LutNetwork opt = optimize_luts(net, {6}, &st);
    CHECK(opt.simulate() == before);
    CHECK(opt.num_luts() <= net.num_luts());
    for (const auto& l : opt.luts()) CHECK(l.fanins.size() <= 6);
  }
  // A chain of two 2-input LUTs becomes one 3-input LUT.
  LutNetwork chain(3);
  Signal a = chain.add_lut({chain.pi(0), chain.pi(1)}, 0x8);
  chain.add_po(chain.add_lut({a, chain.pi(2)}, 0xE));
  LutNetwork opt = optimize_luts(chain, {6});
  CHECK(opt.num_luts() == 1);
  CHECK(opt.simulate() == chain.simulate());
}

TEST_CASE("LutBuilder folds constants, unused variables and buffers") {
  LutNetwork net(3);
  LutBuilder b(net);
  TruthTable and2(2);
  and2.set(3, true);
  CHECK(b.add({net.pi(0), LutNetwork::const0}, and2) == LutNetwork::const0);
  CHECK(b.add({net.pi(0), LutNetwork::const1}, and2) == net.pi(0));
  CHECK(net.num_luts() == 0);
  TruthTable x1 = nth_var(3, 1);
  CHECK(b.add({net.pi(0), net.pi(2), net.pi(1)}, x1) == net.pi(2));
  Signal s = b.add({net.pi(0), net.pi(1)}, and2);
  CHECK(net.is_lut(s));
  CHECK(net.lut(s).fanins.size() == 2);
  CHECK(net.lut(s).init == 0x8);
}
