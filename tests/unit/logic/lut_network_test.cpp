#include <doctest/doctest.h>

#include <random>

#include "logic/lut_network.hpp"

using namespace lutc::logic;

namespace {
/// A random network of `n` LUTs over `pis` inputs, each LUT reading earlier signals.
LutNetwork random_network(uint32_t pis, int n, std::mt19937_64& rng) {
  LutNetwork net(pis);
  for (int i = 0; i < n; ++i) {
    int k = static_cast<int>(rng() % 7);  // 0..6 fanins (simulate special-cases k < 2)
    std::vector<Signal> fanins;
    for (int j = 0; j < k; ++j) fanins.push_back(static_cast<Signal>(2 + rng() % (net.num_signals() - 2)));
    net.add_lut(fanins, rng());
  }
  for (int o = 0; o < 3; ++o) net.add_po(static_cast<Signal>(rng() % net.num_signals()));
  return net;
}
}  // namespace

TEST_CASE("simulate agrees with evaluate on every input") {
  std::mt19937_64 rng(21);
  for (int trial = 0; trial < 20; ++trial) {
    LutNetwork net = random_network(8, 16, rng);
    auto tables = net.simulate();
    for (uint64_t m = 0; m < 256; ++m) {
      std::vector<bool> in;
      for (int i = 0; i < 8; ++i) in.push_back((m >> i) & 1);
      auto out = net.evaluate(in);
      for (size_t o = 0; o < out.size(); ++o) REQUIRE(out[o] == tables[o].get(m));
    }
  }
}

TEST_CASE("remove_dangling keeps the function and drops unreachable LUTs") {
  std::mt19937_64 rng(4);
  for (int trial = 0; trial < 20; ++trial) {
    LutNetwork net = random_network(6, 15, rng);
    auto before = net.simulate();
    size_t luts = net.num_luts();
    size_t removed = net.remove_dangling();
    CHECK(net.num_luts() == luts - removed);
    CHECK(net.simulate() == before);
  }
}

TEST_CASE("append_network copies a part onto chosen signals") {
  LutNetwork part(2);
  part.add_po(part.add_lut({part.pi(0), part.pi(1)}, 0x6));  // xor
  LutNetwork whole(3);
  auto outs = append_network(whole, part, {whole.pi(2), whole.pi(0)});
  whole.add_po(outs[0]);
  auto t = whole.simulate();
  for (uint64_t m = 0; m < 8; ++m) CHECK(t[0].get(m) == (((m >> 2) ^ m) & 1));
}
