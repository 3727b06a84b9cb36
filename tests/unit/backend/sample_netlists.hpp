#pragma once
// Netlists for the backend tests: small hand-made ones and layered networks minimized from random
// truth tables with a fixed seed (so every run checks the same designs).
#include <algorithm>
#include <cstdint>
#include <fstream>
#include <stdexcept>
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

/// The fully specified multi-output function of an IWLS `.truth` file (one line per output, most
/// significant minterm first).
inline logic::MultiFunction read_truth_function(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  logic::MultiFunction f;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    int vars = 0;
    while ((size_t{1} << vars) < line.size()) ++vars;
    if ((size_t{1} << vars) != line.size()) throw std::runtime_error("bad .truth line in " + path);
    f.num_vars = vars;
    logic::TruthTable t(vars);
    for (size_t i = 0; i < line.size(); ++i) t.set(line.size() - 1 - i, line[i] == '1');
    f.on.push_back(t);
    f.care.push_back(logic::const1(vars));
  }
  return f;
}

/// A real two-layer network from the IWLS 2022 LogicNets neurons in `dir`: ex68..ex71 read the 12
/// inputs x[11:0] (layer 1, 12 outputs); ex72 and ex73 read those 12 signals (layer 2) and drive y[5:0].
inline Netlist logicnets_netlist(const std::string& dir) {
  Netlist nl;
  nl.top = "neurons";
  nl.inputs = {{"x", 12}};
  nl.outputs = {{"y", 6}};
  nl.luts = logic::LutNetwork(12);
  logic::minimize_params mp;
  std::vector<logic::Signal> pis, hidden;
  for (uint32_t i = 0; i < 12; ++i) pis.push_back(nl.luts.pi(i));
  auto add = [&](const std::string& name, const std::vector<logic::Signal>& fanins, int layer) {
    auto part = logic::minimize(read_truth_function(dir + "/" + name + ".truth"), mp);
    auto outs = logic::append_network(nl.luts, part, fanins);
    nl.lut_layer.resize(nl.luts.num_luts(), layer);
    nl.num_layers = std::max(nl.num_layers, layer);
    return outs;
  };
  for (const char* n : {"ex68", "ex69", "ex70", "ex71"})
    for (auto s : add(n, pis, 1)) hidden.push_back(s);
  for (const char* n : {"ex72", "ex73"})
    for (auto s : add(n, hidden, 2)) nl.luts.add_po(s);
  // Drop LUTs no output needs (remove_dangling keeps the order of the others), with their layers.
  std::vector<char> live(nl.luts.num_signals(), 0);
  for (auto p : nl.luts.pos()) live[p] = 1;
  for (size_t i = nl.luts.num_luts(); i-- > 0;)
    if (live[nl.luts.lut_signal(i)])
      for (auto f : nl.luts.luts()[i].fanins) live[f] = 1;
  std::vector<int> layers;
  for (size_t i = 0; i < nl.luts.num_luts(); ++i)
    if (live[nl.luts.lut_signal(i)]) layers.push_back(nl.lut_layer[i]);
  nl.luts.remove_dangling();
  nl.lut_layer = layers;
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

/// `bits` new LUTs of `fanins` distinct random inputs among the first `input_bits` primary inputs,
/// random functions (the sum-pass tests' table terms).
inline std::vector<logic::Signal> random_table_bits(Netlist& nl, std::mt19937_64& rng, int bits, int fanins,
                                                   uint32_t input_bits) {
  std::vector<logic::Signal> out;
  for (int b = 0; b < bits; ++b) {
    std::vector<logic::Signal> f;
    while (static_cast<int>(f.size()) < fanins) {
      logic::Signal s = nl.luts.pi(static_cast<uint32_t>(rng() % input_bits));
      if (std::find(f.begin(), f.end(), s) == f.end()) f.push_back(s);
    }
    uint64_t mask = fanins >= 6 ? ~uint64_t{0} : (uint64_t{1} << (1u << fanins)) - 1;
    out.push_back(nl.luts.add_lut(f, rng() & mask));
  }
  return out;
}

}  // namespace lutc::backend::testing
