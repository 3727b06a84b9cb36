#pragma once
// Functions shared by the logic tests: random and neuron-like multi-output functions, and an
// exhaustive minterm-by-minterm check that does not go through LutNetwork::simulate().
#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "logic/decompose_columns.hpp"
#include "logic/minimize.hpp"

namespace lutc::test {

using namespace lutc::logic;

/// Random multi-output function; care density `care_pct` percent (100 = fully specified).
inline MultiFunction random_function(int n, int outputs, int care_pct, uint64_t seed) {
  std::mt19937_64 rng(seed);
  MultiFunction f;
  f.num_vars = n;
  for (int j = 0; j < outputs; ++j) {
    TruthTable on(n), care(n);
    for (uint64_t m = 0; m < on.num_bits(); ++m) {
      on.set(m, rng() & 1);
      care.set(m, care_pct >= 100 || static_cast<int>(rng() % 100) < care_pct);
    }
    f.on.push_back(on);
    f.care.push_back(care);
  }
  return f;
}

/// A LogicNets-like neuron: weighted sum of 2-bit fields, quantized to `outputs` bits.
inline MultiFunction threshold_function(int n, int outputs, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<int> w(static_cast<size_t>(n / 2));
  for (auto& x : w) x = static_cast<int>(rng() % 15) - 7;
  MultiFunction f;
  f.num_vars = n;
  f.on.assign(outputs, TruthTable(n));
  f.care.assign(outputs, const1(n));
  for (uint64_t m = 0; m < (uint64_t{1} << n); ++m) {
    int sum = 0;
    for (size_t i = 0; i < w.size(); ++i) sum += w[i] * static_cast<int>((m >> (2 * i)) & 3);
    int q = std::clamp(sum / 4 + (1 << (outputs - 1)), 0, (1 << outputs) - 1);
    for (int j = 0; j < outputs; ++j) f.on[j].set(m, (q >> j) & 1);
  }
  return f;
}

/// Independent check: evaluate the network minterm by minterm (not through simulate()).
inline bool agrees_everywhere_on_care(const LutNetwork& net, const MultiFunction& f) {
  std::vector<bool> in(static_cast<size_t>(f.num_vars));
  for (uint64_t m = 0; m < (uint64_t{1} << f.num_vars); ++m) {
    for (int i = 0; i < f.num_vars; ++i) in[i] = (m >> i) & 1;
    auto out = net.evaluate(in);
    for (size_t j = 0; j < f.on.size(); ++j)
      if (f.care[j].get(m) && out[j] != f.on[j].get(m)) return false;
  }
  return true;
}

inline bool luts_fit(const LutNetwork& net, int k) {
  for (const auto& l : net.luts())
    if (static_cast<int>(l.fanins.size()) > k) return false;
  return true;
}

/// `f` as the decomposer's sub-problem over all its variables (the column-counting tests' input).
inline detail::Problem problem_of(const MultiFunction& f) {
  detail::Problem p;
  p.n = f.num_vars;
  p.vars.resize(static_cast<size_t>(f.num_vars));
  p.on = f.on;
  p.care = f.care;
  return p;
}

}  // namespace lutc::test
