#pragma once
// Random LUT networks with heavy reconvergence (few primary inputs, many LUTs reading overlapping
// signals), small enough (<= 12 inputs) for LutNetwork::simulate to give every output's exact
// truth table: the independent reference the netopt tests compare against.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "backend/netlist.hpp"
#include "logic/lut_network.hpp"
#include "../passes/pass_test_util.hpp"

namespace lutc::test {


/// `luts` LUTs over `pis` inputs; each LUT reads 2..6 distinct earlier signals, biased to recent
/// ones, with a random or threshold-like function (thresholds saturate, as quantized neurons do).
inline logic::LutNetwork random_lut_network(uint64_t seed, uint32_t pis, int luts) {
  Rng rng(seed);
  logic::LutNetwork net(pis);
  for (int i = 0; i < luts; ++i) {
    int k = 2 + rng.below(5);
    std::vector<logic::Signal> fanins;
    int avail = static_cast<int>(net.num_signals()) - 2;
    while (static_cast<int>(fanins.size()) < std::min(k, avail)) {
      int back = rng.below(std::min(avail, 12));
      logic::Signal s = static_cast<logic::Signal>(net.num_signals() - 1 - back);
      if (std::find(fanins.begin(), fanins.end(), s) == fanins.end()) fanins.push_back(s);
    }
    uint64_t init = 0;
    int n = static_cast<int>(fanins.size());
    if (rng.below(2)) {
      init = rng.next();
    } else {  // a weighted threshold of the fanins
      int w[6], t = rng.below(4);
      for (int v = 0; v < n; ++v) w[v] = rng.below(5) - 1;
      for (int r = 0; r < (1 << n); ++r) {
        int sum = 0;
        for (int v = 0; v < n; ++v) sum += ((r >> v) & 1) * w[v];
        if (sum > t) init |= uint64_t{1} << r;
      }
    }
    net.add_lut(fanins, init);
  }
  for (int o = 0; o < 4 && o < luts; ++o) net.add_po(net.lut_signal(static_cast<size_t>(luts - 1 - o * 3 % luts)));
  return net;
}

/// 1 at every signal the network observes (its primary outputs): the passes' `observed` mask.
inline std::vector<char> po_mask(const logic::LutNetwork& net) {
  std::vector<char> m(net.num_signals(), 0);
  for (auto p : net.pos()) m[p] = 1;
  return m;
}

/// random_lut_network with one input port "x" of `bits` bits and its outputs as port "y".
inline backend::Netlist random_netlist(uint64_t seed, uint32_t bits, int luts) {
  backend::Netlist nl;
  nl.inputs = {{"x", static_cast<int>(bits)}};
  nl.luts = random_lut_network(seed, bits, luts);
  nl.outputs = {{"y", static_cast<int>(nl.luts.pos().size())}};
  return nl;
}

}  // namespace lutc::test
