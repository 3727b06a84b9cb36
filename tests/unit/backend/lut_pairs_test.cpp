#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <set>

#include "backend/lut_pairs.hpp"

using namespace lutc;
using backend::LutPair;
using logic::Signal;

namespace {

/// Output of `lut` when signal s carries bit position(s) of `code`.
bool eval_lut(const logic::Lut& lut, const std::vector<Signal>& inputs, uint64_t code) {
  uint64_t row = 0;
  for (size_t i = 0; i < lut.fanins.size(); ++i) {
    size_t pos = static_cast<size_t>(std::find(inputs.begin(), inputs.end(), lut.fanins[i]) - inputs.begin());
    REQUIRE(pos < inputs.size());
    row |= ((code >> pos) & 1) << i;
  }
  return (lut.init >> row) & 1;
}

/// Every pair computes both of its LUTs exactly (LUT6_2 with I5 = 1, unused inputs 0), reads at
/// most 5 inputs, and no LUT is in two pairs.
void check_pairs(const logic::LutNetwork& net, const std::vector<LutPair>& pairs) {
  std::set<Signal> seen;
  for (const auto& p : pairs) {
    CHECK(p.o6 != p.o5);
    CHECK(seen.insert(p.o6).second);
    CHECK(seen.insert(p.o5).second);
    REQUIRE(p.inputs.size() <= 5);
    for (uint64_t r = 0; r < (uint64_t{1} << p.inputs.size()); ++r) {
      CHECK(((p.init >> (32 + r)) & 1) == eval_lut(net.lut(p.o6), p.inputs, r));
      CHECK(((p.init >> r) & 1) == eval_lut(net.lut(p.o5), p.inputs, r));
    }
  }
}

}  // namespace

TEST_CASE("lut_pairs: LUTs on the same inputs share a LUT6_2, too many inputs do not") {
  logic::LutNetwork net(8);
  Signal a = net.add_lut({net.pi(0), net.pi(1), net.pi(2), net.pi(3), net.pi(4)}, 0x96696996u);
  Signal b = net.add_lut({net.pi(4), net.pi(2), net.pi(0)}, 0xe8);       // a subset of a's inputs
  Signal c = net.add_lut({net.pi(5), net.pi(6), net.pi(7), net.pi(0)}, 0x8001);
  Signal d = net.add_lut({net.pi(5), net.pi(6), net.pi(7), net.pi(1), net.pi(2)}, 0xdeadbeefu);
  Signal e = net.add_lut({net.pi(0), net.pi(1), net.pi(2), net.pi(3), net.pi(4), net.pi(5)}, 0x123456789abcdefull);  // 6 inputs: never
  auto pairs = backend::pair_luts(net, {a, b, c, d, e});
  check_pairs(net, pairs);
  REQUIRE(pairs.size() == 1);  // c and d together read 6 inputs
  CHECK(std::set<Signal>{pairs[0].o6, pairs[0].o5} == std::set<Signal>{a, b});
}

TEST_CASE("lut_pairs: with depths, only LUTs whose latest inputs are equally deep pair") {
  logic::LutNetwork net(4);
  Signal x = net.add_lut({net.pi(0), net.pi(1)}, 0x6);
  Signal deep = net.add_lut({x, net.pi(2)}, 0x8);        // input depth 1
  Signal shallow = net.add_lut({net.pi(2), net.pi(3)}, 0xe);  // input depth 0
  std::vector<int> depth(net.num_signals(), 0);
  depth[x] = 1;
  depth[deep] = depth[shallow] = 2;
  backend::lut_pair_params ps;
  ps.depth = &depth;
  auto pairs = backend::pair_luts(net, {deep, shallow}, ps);
  CHECK(pairs.empty());
  CHECK(backend::pair_luts(net, {deep, shallow}).size() == 1);
}

TEST_CASE("lut_pairs: random LUTs, every pair is exact") {
  std::mt19937 rng(7);
  for (int round = 0; round < 50; ++round) {
    logic::LutNetwork net(9);
    std::vector<Signal> luts;
    for (int i = 0; i < 30; ++i) {
      std::vector<Signal> fanins;
      size_t k = 1 + rng() % 6;
      while (fanins.size() < k) {
        Signal s = net.pi(rng() % 9);
        if (std::find(fanins.begin(), fanins.end(), s) == fanins.end()) fanins.push_back(s);
      }
      uint64_t init = (uint64_t{rng()} << 32) | rng();
      if (k < 6) init &= (uint64_t{1} << (1u << k)) - 1;
      luts.push_back(net.add_lut(fanins, init));
    }
    auto pairs = backend::pair_luts(net, luts);
    check_pairs(net, pairs);
    size_t narrow = static_cast<size_t>(std::count_if(luts.begin(), luts.end(), [&](Signal s) { return net.lut(s).fanins.size() <= 5; }));
    CHECK(2 * pairs.size() <= narrow);
  }
}
