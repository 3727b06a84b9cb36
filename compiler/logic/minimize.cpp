#include "logic/minimize.hpp"

#include <algorithm>
#include <chrono>

namespace lutc::logic {
namespace detail {

/// Baseline engine: drop unused variables, then Shannon-split on two variables into a 4:1 mux
/// LUT until a cofactor fits one LUT. Kept as a fallback and as a reference for the engines.
Signal shannon(LutNetwork& net, const std::vector<Signal>& vars, const TruthTable& on, const TruthTable& care, int k) {
  int n = on.num_vars;
  std::vector<int> support;
  TruthTable f = on;
  for (int v = 0; v < n; ++v)
    if (has_var_on(f, care, v)) support.push_back(v);
  if (static_cast<int>(support.size()) <= k) {
    int s = static_cast<int>(support.size());
    TruthTable g(s);
    for (uint64_t m = 0; m < g.num_bits(); ++m) {
      uint64_t full = 0;
      for (int i = 0; i < s; ++i)
        if ((m >> i) & 1) full |= uint64_t{1} << support[i];
      // Any care minterm in the cube of `full` gives the value; the cube is consistent on care.
      bool value = false;
      uint64_t free = 0;
      for (int v = 0; v < n; ++v)
        if (std::find(support.begin(), support.end(), v) == support.end()) free |= uint64_t{1} << v;
      for (uint64_t sub = free;; sub = (sub - 1) & free) {
        if (care.get(full | sub)) { value = f.get(full | sub); break; }
        if (sub == 0) break;
      }
      g.set(m, value);
    }
    std::vector<Signal> fanins;
    for (int v : support) fanins.push_back(vars[v]);
    return net.add_function(fanins, g);
  }
  int a = support[support.size() - 1], b = support[support.size() - 2];
  std::vector<Signal> data;
  for (int va = 0; va < 2; ++va)
    for (int vb = 0; vb < 2; ++vb) {
      TruthTable c = cofactor(cofactor(on, a, va), b, vb);
      TruthTable cc = cofactor(cofactor(care, a, va), b, vb);
      data.push_back(shannon(net, vars, c, cc, k));
    }
  // mux: select bits (b, a) pick data[2*va + vb]; fanins: b, a, d0..d3
  TruthTable mux(6);
  for (uint64_t m = 0; m < 64; ++m) {
    int vb = m & 1, va = (m >> 1) & 1;
    int sel = 2 + 2 * va + vb;
    mux.set(m, (m >> sel) & 1);
  }
  return net.add_function({vars[b], vars[a], data[0], data[1], data[2], data[3]}, mux);
}

}  // namespace detail

bool check_on_care_set(const LutNetwork& net, const MultiFunction& f, std::string* why) {
  if (net.num_pis() != static_cast<uint32_t>(f.num_vars) || net.pos().size() != f.on.size()) {
    if (why) *why = "interface mismatch";
    return false;
  }
  auto sim = net.simulate();
  for (size_t j = 0; j < f.on.size(); ++j) {
    if (equal_on(sim[j], f.on[j], f.care[j])) continue;
    if (why) {
      for (uint64_t m = 0; m < f.on[j].num_bits(); ++m)
        if (f.care[j].get(m) && sim[j].get(m) != f.on[j].get(m)) {
          *why = "output " + std::to_string(j) + " differs at minterm " + std::to_string(m);
          break;
        }
    }
    return false;
  }
  return true;
}

LutNetwork minimize(const MultiFunction& f, const minimize_params& ps, minimize_stats* st) {
  auto t0 = std::chrono::steady_clock::now();
  LutNetwork net(static_cast<uint32_t>(f.num_vars));
  std::vector<Signal> vars;
  for (int i = 0; i < f.num_vars; ++i) vars.push_back(net.pi(static_cast<uint32_t>(i)));
  for (size_t j = 0; j < f.on.size(); ++j) net.add_po(detail::shannon(net, vars, f.on[j], f.care[j], ps.lut_size));
  net.remove_dangling();
  std::string why;
  if (!check_on_care_set(net, f, &why)) throw MinimizeError("minimized network is wrong: " + why);
  if (st) {
    st->luts = net.num_luts();
    st->depth = net.depth();
    st->engine_used = "shannon";
    st->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  return net;
}

}  // namespace lutc::logic
