#include "backend/lut_pairs.hpp"

#include <algorithm>
#include <unordered_map>

namespace lutc::backend {

using logic::Signal;

namespace detail {

uint64_t init_on(const logic::Lut& lut, const std::vector<Signal>& inputs) {
  std::vector<int> position;  // fanin i is input position[i]
  for (Signal f : lut.fanins) position.push_back(static_cast<int>(std::find(inputs.begin(), inputs.end(), f) - inputs.begin()));
  uint64_t init = 0;
  for (uint64_t r = 0; r < (uint64_t{1} << inputs.size()); ++r) {
    uint64_t row = 0;
    for (size_t i = 0; i < position.size(); ++i) row |= ((r >> position[i]) & 1) << i;
    init |= ((lut.init >> row) & 1) << r;
  }
  return init;
}

/// Sorted union of two fanin lists, or empty if it has more than `limit` signals.
std::vector<Signal> merged_inputs(const std::vector<Signal>& a, const std::vector<Signal>& b, int limit) {
  std::vector<Signal> u(a);
  for (Signal s : b)
    if (std::find(u.begin(), u.end(), s) == u.end()) u.push_back(s);
  if (static_cast<int>(u.size()) > limit) u.clear();
  return u;
}

}  // namespace detail

std::vector<LutPair> pair_luts(const logic::LutNetwork& net, const std::vector<Signal>& luts, const lut_pair_params& ps) {
  std::vector<Signal> small;
  for (Signal s : luts) {
    const auto& f = net.lut(s).fanins;
    // Constant-input or empty LUTs are not emitted as LUTs; pair only real functions.
    if (!f.empty() && static_cast<int>(f.size()) <= ps.max_inputs) small.push_back(s);
  }
  // Widest first: they have the fewest possible partners.
  std::stable_sort(small.begin(), small.end(), [&](Signal a, Signal b) { return net.lut(a).fanins.size() > net.lut(b).fanins.size(); });
  std::unordered_map<Signal, std::vector<Signal>> by_fanin;  // fanin -> small LUTs reading it
  for (Signal s : small)
    for (Signal f : net.lut(s).fanins) by_fanin[f].push_back(s);
  // The depth of a LUT's latest input: pairs must agree on it (both outputs then stay as early).
  auto input_depth = [&](Signal s) {
    int d = 0;
    for (Signal f : net.lut(s).fanins) d = std::max(d, (*ps.depth)[f]);
    return d;
  };
  std::unordered_map<Signal, bool> taken;
  std::vector<LutPair> pairs;
  for (Signal a : small) {
    if (taken[a]) continue;
    const auto& fa = net.lut(a).fanins;
    Signal best = 0;
    size_t best_size = static_cast<size_t>(ps.max_inputs) + 1;
    size_t examined = 0;
    auto consider = [&](Signal b) {
      if (b == a || taken[b]) return;
      ++examined;
      if (ps.depth && input_depth(a) != input_depth(b)) return;
      auto u = detail::merged_inputs(fa, net.lut(b).fanins, ps.max_inputs);
      if (!u.empty() && u.size() < best_size) {
        best = b;
        best_size = u.size();
      }
    };
    for (Signal f : fa) {
      for (Signal b : by_fanin[f]) {
        if (examined >= ps.max_candidates || best_size == fa.size()) break;
        consider(b);
      }
    }
    // Disjoint partners fit too when both are narrow (e.g. a 2-input and a 3-input LUT).
    if (!best && static_cast<int>(fa.size()) < ps.max_inputs)
      for (Signal b : small) {
        if (examined >= 2 * ps.max_candidates) break;
        if (static_cast<int>(fa.size() + net.lut(b).fanins.size()) <= ps.max_inputs) consider(b);
      }
    if (!best) continue;
    taken[a] = taken[best] = true;
    LutPair p;
    p.o6 = a;
    p.o5 = best;
    p.inputs = detail::merged_inputs(fa, net.lut(best).fanins, ps.max_inputs);
    p.init = (detail::init_on(net.lut(a), p.inputs) << 32) | detail::init_on(net.lut(best), p.inputs);
    pairs.push_back(std::move(p));
  }
  return pairs;
}

}  // namespace lutc::backend
