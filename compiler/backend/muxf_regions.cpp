#include "backend/muxf_regions.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "backend/muxf_remap.hpp"

namespace lutc::backend {

using logic::LutNetwork;
using logic::Signal;

namespace detail {

/// A root's function over the region's cut, and how it would be rewritten.
struct RegionRoot {
  Signal root = 0;
  int cost = 0;        // LUTs when rewritten; 0 = not rewritable
  MuxCone cone;        // leaves: its support in the cut (selects last), table over them
};

/// A region: the LUTs computable from a cut, its roots and the subset rewritten.
struct Region {
  std::vector<Signal> cut;
  std::vector<Signal> luts;       // ascending
  std::vector<RegionRoot> roots;  // rewritable or not
  std::vector<char> rewrite;      // per root
  size_t luts_after = 0;
};

/// Truth tables over the cut (k <= 8 leaves: 256 rows) of 2^k rows.
using Table256 = std::array<uint64_t, 4>;

bool row(const Table256& t, uint32_t m) { return (t[m >> 6] >> (m & 63)) & 1; }

/// A maximal cut of `x` of at most `max_leaves` signals: starting from its fanins, a LUT leaf is
/// replaced by its fanins while the cut stays small enough (the smallest result first, later
/// leaves on ties).
std::vector<Signal> maximal_cut(const LutNetwork& net, Signal x, size_t max_leaves) {
  std::set<Signal> cut;
  for (Signal f : net.lut(x).fanins)
    if (!net.is_const(f)) cut.insert(f);
  for (;;) {
    Signal best = 0;
    size_t best_size = max_leaves + 1;
    for (Signal y : cut) {
      if (!net.is_lut(y)) continue;
      std::set<Signal> next = cut;
      next.erase(y);
      for (Signal f : net.lut(y).fanins)
        if (!net.is_const(f)) next.insert(f);
      if (next.size() <= best_size) best = y, best_size = next.size();
    }
    if (best_size > max_leaves) break;
    cut.erase(best);
    for (Signal f : net.lut(best).fanins)
      if (!net.is_const(f)) cut.insert(f);
  }
  return {cut.begin(), cut.end()};
}

/// How root `t` (a table over `cut`) is rewritten: one LUT on at most 6 support leaves, else
/// cofactors under muxes with the latest support leaves as selects whose cofactors are not
/// constant (a constant cofactor is no LUT for a MUXF input). cost 0: not rewritable.
RegionRoot plan_root(Signal root, const Table256& t, const std::vector<Signal>& cut) {
  RegionRoot r;
  r.root = root;
  const int k = static_cast<int>(cut.size());
  std::vector<int> support;
  for (int j = 0; j < k; ++j)
    for (uint32_t m = 0; m < (1u << k); ++m)
      if (row(t, m) != row(t, m ^ (1u << j))) {
        support.push_back(j);
        break;
      }
  const int s = static_cast<int>(support.size());
  if (s == 0 || s > 8) return r;
  auto project = [&](const std::vector<int>& order) {
    MuxCone c;
    c.root = root;
    for (int j : order) c.leaves.push_back(cut[static_cast<size_t>(j)]);
    for (uint32_t v = 0; v < (1u << order.size()); ++v) {
      uint32_t m = 0;
      for (size_t i = 0; i < order.size(); ++i) m |= ((v >> i) & 1u) << order[i];
      if (row(t, m)) c.table[v >> 6] |= uint64_t{1} << (v & 63);
    }
    return c;
  };
  if (s <= 6) {
    r.cone = project(support);
    r.cost = 1;
    return r;
  }
  // Selects: the latest leaves first (they arrive last), the first pair with no constant cofactor.
  std::vector<int> desc(support.rbegin(), support.rend());
  for (size_t a = 0; a < desc.size(); ++a)
    for (size_t b = 0; b < (s == 8 ? desc.size() : 1); ++b) {
      if (s == 8 && b == a) continue;
      std::vector<int> order;
      for (int j : support)
        if (j != desc[a] && (s == 7 || j != desc[b])) order.push_back(j);
      order.push_back(desc[a]);  // F7 select
      if (s == 8) order.push_back(desc[b]);  // F8 select
      MuxCone c = project(order);
      if (degenerate(c)) continue;
      r.cone = std::move(c);
      r.cost = s == 7 ? 2 : 4;
      return r;
    }
  return r;
}

/// LUTs of `g` with roots `rewrite` rewritten: their costs plus the region's LUTs the kept roots
/// reach (a rewritten root is a signal for them, not LUTs).
size_t region_cost(const LutNetwork& net, const Region& g, const std::vector<char>& rewrite,
                   std::vector<int>& mark, int& stamp) {
  ++stamp;
  size_t cost = 0;
  std::vector<Signal> stack;
  for (size_t i = 0; i < g.roots.size(); ++i)
    if (rewrite[i]) {
      cost += static_cast<size_t>(g.roots[i].cost);
      mark[g.roots[i].root] = -stamp;  // a signal, not LUTs
    }
  for (size_t i = 0; i < g.roots.size(); ++i)
    if (!rewrite[i]) stack.push_back(g.roots[i].root);
  while (!stack.empty()) {
    Signal x = stack.back();
    stack.pop_back();
    if (mark[x] == stamp || mark[x] == -stamp) continue;
    mark[x] = stamp;
    ++cost;
    for (Signal f : net.lut(x).fanins)
      if (net.is_lut(f) && std::binary_search(g.luts.begin(), g.luts.end(), f)) stack.push_back(f);
  }
  return cost;
}

/// The subset of rewritable roots with the fewest LUTs: every subset when there are few, else
/// the better of greedy removal (from all rewritten) and greedy addition (from none).
void choose_rewrites(const LutNetwork& net, Region& g, size_t max_exhaustive, std::vector<int>& mark, int& stamp) {
  std::vector<size_t> can;
  for (size_t i = 0; i < g.roots.size(); ++i)
    if (g.roots[i].cost > 0) can.push_back(i);
  std::vector<char> best(g.roots.size(), 0);
  size_t best_cost = region_cost(net, g, best, mark, stamp);
  if (can.size() <= max_exhaustive) {
    std::vector<char> r(g.roots.size(), 0);
    for (uint32_t s = 1; s < (1u << can.size()); ++s) {
      for (size_t i = 0; i < can.size(); ++i) r[can[i]] = (s >> i) & 1;
      size_t c = region_cost(net, g, r, mark, stamp);
      if (c < best_cost) best_cost = c, best = r;
    }
  } else {
    for (int from_all = 0; from_all < 2; ++from_all) {
      std::vector<char> r(g.roots.size(), 0);
      for (size_t i : can) r[i] = static_cast<char>(from_all);
      size_t cur = region_cost(net, g, r, mark, stamp);
      for (bool improved = true; improved;) {
        improved = false;
        for (size_t i : can) {
          r[i] ^= 1;
          size_t c = region_cost(net, g, r, mark, stamp);
          if (c < cur) {
            cur = c, improved = true;
          } else {
            r[i] ^= 1;
          }
        }
      }
      if (cur < best_cost) best_cost = cur, best = r;
    }
  }
  g.rewrite = std::move(best);
  g.luts_after = best_cost;
}

}  // namespace detail

size_t luts_after_muxf(const logic::LutNetwork& net) {
  Netlist nl;
  nl.luts = net;
  nl.inputs = {{"x", static_cast<int>(net.num_pis())}};
  nl.outputs = {{"y", static_cast<int>(net.pos().size())}};
  muxf_regions(nl);
  muxf_remap(nl);
  std::vector<char> emitted(nl.luts.num_signals(), 0), absorbed(nl.luts.num_signals(), 0);
  for (size_t i = 0; i < nl.luts.num_luts(); ++i) emitted[nl.luts.lut_signal(i)] = 1;
  const std::vector<int> level = muxf_levels(nl, emitted, absorbed);
  size_t luts = 0;
  for (size_t i = 0; i < nl.luts.num_luts(); ++i) luts += level[nl.luts.lut_signal(i)] == 0;
  return luts;
}

void muxf_regions(Netlist& nl, const muxf_regions_params& ps, muxf_regions_stats* st) {
  muxf_regions_stats local;
  muxf_regions_stats& s = st ? *st : local;
  s = {};
  const LutNetwork& net = nl.luts;
  const size_t max_leaves = static_cast<size_t>(std::clamp(ps.max_leaves, 6, 8));
  const std::vector<int> readers = signal_readers(nl);
  std::vector<std::vector<Signal>> fanouts(net.num_signals());
  for (size_t i = 0; i < net.num_luts(); ++i)
    for (Signal f : net.luts()[i].fanins) fanouts[f].push_back(net.lut_signal(i));

  // Candidate cuts: each LUT's maximal cut, once each.
  std::set<std::vector<Signal>> cuts;
  for (size_t i = 0; i < net.num_luts(); ++i) {
    auto cut = detail::maximal_cut(net, net.lut_signal(i), max_leaves);
    if (cut.size() >= 2) cuts.insert(std::move(cut));
  }

  std::vector<detail::Region> regions;
  std::vector<int> in_region(net.num_signals(), -1), mark(net.num_signals(), 0);
  int stamp = 0;
  std::vector<detail::Table256> table(net.num_signals());
  int region_id = 0;
  for (const auto& cut : cuts) {
    ++region_id;
    detail::Region g;
    g.cut = cut;
    const int k = static_cast<int>(cut.size());
    for (int j = 0; j < k; ++j) {
      detail::Table256 t{};
      for (uint32_t m = 0; m < (1u << k); ++m)
        if ((m >> j) & 1) t[m >> 6] |= uint64_t{1} << (m & 63);
      table[cut[static_cast<size_t>(j)]] = t;
      in_region[cut[static_cast<size_t>(j)]] = region_id;  // leaves count as computable
    }
    // The closure: LUTs whose every fanin is a leaf or in the closure, in topological order.
    std::set<Signal> frontier;
    for (Signal l : cut)
      for (Signal r : fanouts[l]) frontier.insert(r);
    while (!frontier.empty() && g.luts.size() < ps.max_region_luts) {
      Signal x = *frontier.begin();
      frontier.erase(frontier.begin());
      const auto& l = net.lut(x);
      if (in_region[x] == region_id) continue;
      bool inside = std::all_of(l.fanins.begin(), l.fanins.end(), [&](Signal f) { return net.is_const(f) || in_region[f] == region_id; });
      if (!inside) continue;
      detail::Table256 t{};
      for (uint32_t m = 0; m < (1u << k); ++m) {
        uint32_t idx = 0;
        for (size_t i = 0; i < l.fanins.size(); ++i) {
          Signal f = l.fanins[i];
          bool v = f == LutNetwork::const1 || (!net.is_const(f) && detail::row(table[f], m));
          idx |= static_cast<uint32_t>(v) << i;
        }
        if ((l.init >> idx) & 1) t[m >> 6] |= uint64_t{1} << (m & 63);
      }
      table[x] = t;
      in_region[x] = region_id;
      g.luts.push_back(x);
      for (Signal r : fanouts[x]) frontier.insert(r);
    }
    if (g.luts.size() < 2) continue;
    for (Signal l : cut) in_region[l] = 0;  // leaves are not the region's LUTs
    for (Signal x : g.luts) {
      int inner = 0;
      for (Signal r : fanouts[x]) inner += in_region[r] == region_id ? static_cast<int>(std::count(net.lut(r).fanins.begin(), net.lut(r).fanins.end(), x)) : 0;
      if (readers[x] > inner) g.roots.push_back(detail::plan_root(x, table[x], cut));
    }
    detail::choose_rewrites(net, g, ps.max_exhaustive_roots, mark, stamp);
    if (g.luts_after < g.luts.size()) regions.push_back(std::move(g));
  }

  // Best first (most LUTs saved; ties: the earlier cut), each LUT in at most one region.
  std::vector<size_t> order(regions.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return regions[a].luts.size() - regions[a].luts_after > regions[b].luts.size() - regions[b].luts_after;
  });
  enum Role : char { keep = 0, drop = 1, rewritten = 2 };
  std::vector<char> role(net.num_signals(), keep), taken(net.num_signals(), 0);
  std::vector<const detail::RegionRoot*> plan(net.num_signals(), nullptr);
  for (size_t i : order) {
    const detail::Region& g = regions[i];
    if (std::any_of(g.luts.begin(), g.luts.end(), [&](Signal x) { return taken[x]; })) continue;
    for (Signal x : g.luts) taken[x] = 1;
    // Kept: the LUTs the kept roots reach (as region_cost walks); rewritten roots; the rest drop.
    ++stamp;
    std::vector<Signal> stack;
    for (size_t r = 0; r < g.roots.size(); ++r) {
      if (g.rewrite[r]) {
        role[g.roots[r].root] = rewritten;
        plan[g.roots[r].root] = &g.roots[r];
        mark[g.roots[r].root] = -stamp;
        ++s.roots_rewritten;
      } else {
        stack.push_back(g.roots[r].root);
      }
    }
    for (Signal x : g.luts)
      if (role[x] != rewritten) role[x] = drop;
    while (!stack.empty()) {
      Signal x = stack.back();
      stack.pop_back();
      if (mark[x] == stamp || mark[x] == -stamp) continue;
      mark[x] = stamp;
      role[x] = keep;
      for (Signal f : net.lut(x).fanins)
        if (net.is_lut(f) && std::binary_search(g.luts.begin(), g.luts.end(), f)) stack.push_back(f);
    }
    ++s.regions;
    s.region_luts += g.luts.size();
    s.luts_after += g.luts_after;
  }
  if (!s.regions) return;

  LutNetwork out(net.num_pis());
  std::vector<int> layers;
  std::vector<Signal> map(net.num_signals());
  for (Signal x = 0; x < 2 + net.num_pis(); ++x) map[x] = x;
  const bool has_layers = nl.lut_layer.size() == net.num_luts();
  for (size_t i = 0; i < net.num_luts(); ++i) {
    Signal x = net.lut_signal(i);
    size_t before = out.num_luts();
    if (role[x] == rewritten) {
      const detail::MuxCone& c = plan[x]->cone;
      if (c.leaves.size() <= 6) {
        std::vector<Signal> fanins;
        for (Signal l : c.leaves) fanins.push_back(map[l]);
        map[x] = out.add_lut(std::move(fanins), c.table[0]);
      } else {
        map[x] = detail::add_mux_tree(out, c, map);
      }
    } else if (role[x] == keep) {
      map[x] = detail::copy_lut(out, net, x, map);
    }
    layers.resize(layers.size() + (out.num_luts() - before), has_layers ? nl.lut_layer[i] : 0);
  }
  detail::finish_rewrite(nl, std::move(out), map, std::move(layers));
}

}  // namespace lutc::backend
