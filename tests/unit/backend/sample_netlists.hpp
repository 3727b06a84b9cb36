#pragma once
// Netlists for the backend tests: small hand-made ones and layered networks minimized from random
// truth tables with a fixed seed (so every run checks the same designs).
#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "backend/netlist.hpp"
#include "logic/minimize.hpp"

namespace lutc::backend::testing {

/// A fully specified random function of `vars` inputs with `outputs` outputs.
inline logic::MultiFunction random_function(int vars, int outputs, std::mt19937_64& rng) {
  logic::MultiFunction f;
  f.num_vars = vars;
  for (int o = 0; o < outputs; ++o) {
    logic::TruthTable t(vars);
    for (auto& w : t.words) w = rng();
    t.words[0] &= logic::word_mask(vars);
    f.on.push_back(t);
    f.care.push_back(logic::const1(vars));
  }
  return f;
}

/// Appends a minimized random function of `fanins` (one layer of "neurons") into nl and returns its
/// output signals; every new LUT is tagged with `layer`.
inline std::vector<logic::Signal> add_random_layer(Netlist& nl, const std::vector<logic::Signal>& fanins, int outputs,
                                                   int layer, std::mt19937_64& rng, int lut_size = 6) {
  logic::minimize_params mp;
  mp.lut_size = lut_size;
  auto part = logic::minimize(random_function(static_cast<int>(fanins.size()), outputs, rng), mp);
  auto outs = logic::append_network(nl.luts, part, fanins);
  nl.lut_layer.resize(nl.luts.num_luts(), layer);
  nl.num_layers = std::max(nl.num_layers, layer);
  return outs;
}

/// A three-layer network over ports a[5:0], b[3:0] with outputs y[2:0], z[1:0]: layer 2 also reads
/// primary inputs and layer 3 reads layer 1 directly (skip connections), and z[1] is input b[3].
inline Netlist layered_netlist(uint64_t seed) {
  std::mt19937_64 rng(seed);
  Netlist nl;
  nl.top = "layered";
  nl.inputs = {{"a", 6}, {"b", 4}};
  nl.outputs = {{"y", 3}, {"z", 2}};
  nl.luts = logic::LutNetwork(10);
  std::vector<logic::Signal> pis;
  for (uint32_t i = 0; i < 10; ++i) pis.push_back(nl.luts.pi(i));
  auto l1 = add_random_layer(nl, {pis[0], pis[1], pis[2], pis[3], pis[4], pis[5], pis[6]}, 4, 1, rng);
  auto l2 = add_random_layer(nl, {l1[0], l1[1], l1[2], l1[3], pis[7], pis[8]}, 3, 2, rng);
  auto l3 = add_random_layer(nl, {l2[0], l2[1], l2[2], l1[0], pis[9]}, 3, 3, rng);
  auto l3b = add_random_layer(nl, {l2[1], l1[3], pis[8]}, 1, 3, rng);
  nl.luts.add_po(l3[0]);
  nl.luts.add_po(l3[1]);
  nl.luts.add_po(l3[2]);
  nl.luts.add_po(l3b[0]);
  nl.luts.add_po(pis[9]);
  return nl;
}

/// One minimized random function whose LUT levels serve as layers (a deep single "neuron").
inline Netlist minimized_netlist(int vars, int outputs, uint64_t seed, int lut_size = 6) {
  std::mt19937_64 rng(seed);
  Netlist nl;
  nl.top = "minimized";
  nl.inputs = {{"x", vars}};
  nl.outputs = {{"y", outputs}};
  logic::minimize_params mp;
  mp.lut_size = lut_size;
  nl.luts = logic::minimize(random_function(vars, outputs, rng), mp);
  std::vector<int> level(nl.luts.num_signals(), 0);
  for (size_t i = 0; i < nl.luts.num_luts(); ++i) {
    int l = 0;
    for (auto f : nl.luts.luts()[i].fanins) l = std::max(l, level[f]);
    level[nl.luts.lut_signal(i)] = l + 1;
    nl.lut_layer.push_back(l + 1);
  }
  nl.num_layers = nl.luts.depth();
  return nl;
}

/// Packs the netlist's outputs for input code `code` (primary input i = bit i) into a word.
inline uint64_t reference_outputs(const Netlist& nl, uint64_t code) {
  std::vector<bool> in(nl.luts.num_pis());
  for (size_t i = 0; i < in.size(); ++i) in[i] = (code >> i) & 1;
  auto out = nl.luts.evaluate(in);
  uint64_t word = 0;
  for (size_t k = 0; k < out.size(); ++k)
    if (out[k]) word |= uint64_t{1} << k;
  return word;
}

}  // namespace lutc::backend::testing
