#include "netopt/fanin_reduction.hpp"

#include <algorithm>
#include <numeric>

#include "netopt/sat_window.hpp"
#include "tt/truth_table.hpp"

namespace lutc::netopt {

using logic::LutNetwork;
using logic::Signal;

namespace detail {

namespace {
/// Row r of k variables compressed onto the kept variables.
unsigned compress(unsigned r, int k, unsigned keep) {
  unsigned out = 0;
  int j = 0;
  for (int v = 0; v < k; ++v)
    if ((keep >> v) & 1) out |= ((r >> v) & 1u) << j++;
  return out;
}
unsigned expand(unsigned y, int k, unsigned keep) {
  unsigned r = 0;
  int j = 0;
  for (int v = 0; v < k; ++v)
    if ((keep >> v) & 1) r |= ((y >> j++) & 1u) << v;
  return r;
}
}  // namespace

bool depends_only_on(uint64_t init, int k, uint64_t care, unsigned keep) {
  uint64_t defined = 0, value = 0;  // per compressed row
  for (unsigned r = 0; r < (1u << k); ++r) {
    if (!((care >> r) & 1)) continue;
    unsigned y = compress(r, k, keep);
    uint64_t bit = (init >> r) & 1;
    if ((defined >> y) & 1) {
      if (((value >> y) & 1) != bit) return false;
    } else {
      defined |= 1ULL << y;
      value |= bit << y;
    }
  }
  return true;
}

uint64_t project(uint64_t init, int k, uint64_t care, unsigned keep) {
  int m = __builtin_popcount(keep);
  uint64_t out = 0;
  for (unsigned y = 0; y < (1u << m); ++y) {
    unsigned r0 = expand(y, k, keep);
    uint64_t bit = (init >> r0) & 1;
    // A care row projecting to y decides the value.
    unsigned dropped = ((1u << k) - 1) & ~keep;
    for (unsigned d = dropped;; d = (d - 1) & dropped) {
      unsigned r = r0 | d;
      if ((care >> r) & 1) {
        bit = (init >> r) & 1;
        break;
      }
      if (d == 0) break;
    }
    out |= bit << y;
  }
  return out;
}

}  // namespace detail

fanin_reduction_stats reduce_fanins(LutNetwork& net, const std::vector<char>& observed, const fanin_reduction_params& ps,
                                    const std::vector<backend::ArithCell>& cells) {
  fanin_reduction_stats st;
  Simulator sim(net, ps.simulation, cells);
  WindowCollector collector(net, cells);
  std::vector<int> var(net.num_signals(), 0);

  std::vector<uint32_t> fanouts(net.num_signals(), 0);
  for (const auto& l : net.luts())
    for (Signal f : l.fanins) ++fanouts[f];
  std::vector<char> dead(net.num_signals(), 0);
  auto release = [&](Signal s) {
    std::vector<Signal> stack{s};
    while (!stack.empty()) {
      Signal x = stack.back();
      stack.pop_back();
      if (--fanouts[x] > 0 || observed[x] || !net.is_lut(x)) continue;
      dead[x] = 1;
      ++st.luts_freed;
      for (Signal f : net.lut(x).fanins) stack.push_back(f);
    }
  };

  // Outputs first, so a reader's reduction frees its fanins' cones before they are visited.
  for (size_t i = net.num_luts(); i-- > 0;) {
    Signal s = net.lut_signal(i);
    if (dead[s]) continue;
    logic::Lut& lut = net.lut(s);
    int k = static_cast<int>(lut.fanins.size());
    if (k == 0) continue;
    const uint64_t all = logic::word_mask(k);
    uint64_t seen = sim.seen_combinations(s);
    if (seen == all) continue;
    ++st.luts_visited;
    // Is anything to gain even if the unseen combinations are all unreachable?
    auto reducible = [&](uint64_t care) {
      const unsigned every = (1u << k) - 1;
      for (int v = 0; v < k; ++v)
        if (detail::depends_only_on(lut.init, k, care, every & ~(1u << v))) return true;
      return false;
    };
    if (!reducible(seen)) continue;
    if (st.sat_undecided >= ps.max_undecided) continue;

    // Enumerate the combinations outside `seen` the window can reach, one SAT query each.
    const sat_window w = collector.collect(lut.fanins, ps.window_luts);
    st.windows_cut += w.cut;
    st.window_luts += w.luts.size();
    WindowCnf cnf(var);
    cnf.encode(net, cells, w);
    SatSolver& sat = cnf.solver();
    std::vector<int> fv;
    for (Signal f : lut.fanins) fv.push_back(cnf.of(f));
    auto block = [&](uint64_t r) {
      std::vector<int> clause;
      for (int v = 0; v < k; ++v) clause.push_back(((r >> v) & 1) ? -fv[v] : fv[v]);
      sat.add_clause(clause);
    };
    for (uint64_t r = 0; r < (uint64_t{1} << k); ++r)
      if ((seen >> r) & 1) block(r);
    bool exact = false;
    while (true) {
      ++st.sat_calls;
      SatResult res = sat.solve({}, ps.conflict_limit);
      if (res == SatResult::unsat) {
        exact = true;
        break;
      }
      if (res == SatResult::unknown) {
        ++st.sat_undecided;
        break;
      }
      uint64_t r = 0;
      for (int v = 0; v < k; ++v)
        if (sat.value(fv[v])) r |= uint64_t{1} << v;
      if (!w.cut) {  // the window holds the whole cone: its inputs are a pattern the network can take
        std::vector<bool> pattern(net.num_pis());
        for (uint32_t p = 0; p < net.num_pis(); ++p) pattern[p] = var[net.pi(p)] && sat.value(var[net.pi(p)]);
        if (sim.add_pattern(pattern)) ++st.patterns_added;
      }
      seen |= uint64_t{1} << r;
      block(r);
      if (!reducible(seen)) break;
    }
    if (!exact) continue;

    // Drop fanins greedily: those whose removal frees a LUT first.
    std::vector<int> order(static_cast<size_t>(k));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      auto gain = [&](int v) { return net.is_lut(lut.fanins[v]) && !observed[lut.fanins[v]] && fanouts[lut.fanins[v]] == 1; };
      return gain(a) > gain(b);
    });
    unsigned keep = (1u << k) - 1;
    for (int v : order)
      if (detail::depends_only_on(lut.init, k, seen, keep & ~(1u << v))) keep &= ~(1u << v);
    if (keep == (1u << k) - 1) continue;
    uint64_t init = detail::project(lut.init, k, seen, keep);
    std::vector<Signal> kept, removed;
    for (int v = 0; v < k; ++v) ((keep >> v) & 1 ? kept : removed).push_back(lut.fanins[v]);
    lut.fanins = kept;
    lut.init = init & logic::word_mask(static_cast<int>(kept.size()));
    ++st.luts_changed;
    st.fanins_removed += removed.size();
    if (kept.empty()) ++st.luts_made_constant;
    for (Signal f : removed) release(f);
  }
  return st;
}

}  // namespace lutc::netopt
