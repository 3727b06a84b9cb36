#include "netopt/absorb.hpp"

#include <doctest/doctest.h>

#include "netopt_test_util.hpp"

using namespace lutc;
using logic::LutNetwork;

TEST_CASE("compose substitutes an inner LUT into its reader") {
  LutNetwork net(3);
  auto a = net.pi(0), b = net.pi(1), c = net.pi(2);
  // reader = inner ^ c with inner = a & b, over merged fanins [c, a, b].
  uint64_t f = netopt::detail::compose(0b0110, {net.pi(2) + 10, c}, net.pi(2) + 10, 0b1000, {a, b}, {c, a, b});
  for (unsigned r = 0; r < 8; ++r) {
    unsigned vc = r & 1, va = (r >> 1) & 1, vb = (r >> 2) & 1;
    CHECK(((f >> r) & 1) == ((va & vb) ^ vc));
  }
}

TEST_CASE("absorption keeps the outputs of random networks and removes LUTs") {
  size_t absorbed = 0;
  for (uint64_t seed = 1; seed <= 100; ++seed) {
    LutNetwork net = test::random_lut_network(seed, 5 + seed % 6, 10 + static_cast<int>(seed % 30));
    auto before = net.simulate();
    std::vector<char> observed(net.num_signals(), 0);
    for (auto p : net.pos()) observed[p] = 1;
    absorbed += netopt::absorb_luts(net, observed, {}).absorbed;
    INFO("seed " << seed);
    CHECK(net.simulate() == before);
  }
  CHECK(absorbed > 20);
}
