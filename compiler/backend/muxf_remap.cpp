#include "backend/muxf_remap.hpp"

#include <algorithm>
#include <map>

namespace lutc::backend {

using logic::LutNetwork;
using logic::Signal;

namespace detail {


/// LUTs of the maximum fanout-free cone of `root`: those whose every reader is inside it.
std::vector<Signal> fanout_free_cone(const LutNetwork& net, Signal root, const std::vector<int>& readers) {
  std::vector<Signal> cone{root};
  std::map<Signal, int> reads;
  for (size_t i = 0; i < cone.size(); ++i)
    for (Signal f : net.lut(cone[i]).fanins)
      if (net.is_lut(f) && ++reads[f] == readers[f]) cone.push_back(f);
  return cone;
}

/// Value of `root` for the leaf assignment `m`, the cone's LUTs evaluated from the leaves.
bool evaluate(const LutNetwork& net, const MuxCone& c, uint32_t m, std::map<Signal, bool>& value) {
  value.clear();
  for (size_t j = 0; j < c.leaves.size(); ++j) value[c.leaves[j]] = (m >> j) & 1;
  std::vector<Signal> order = c.luts;
  std::sort(order.begin(), order.end());
  for (Signal s : order) {
    const auto& l = net.lut(s);
    uint32_t idx = 0;
    for (size_t i = 0; i < l.fanins.size(); ++i) {
      Signal f = l.fanins[i];
      bool v = f == LutNetwork::const1 ? true : f == LutNetwork::const0 ? false : value.at(f);
      idx |= static_cast<uint32_t>(v) << i;
    }
    value[s] = (l.init >> idx) & 1;
  }
  return value.at(c.root);
}

Signal add_cofactor(LutNetwork& out, const MuxCone& c, uint32_t base, const std::vector<Signal>& map) {
  auto row = [&](uint32_t m) { return (c.table[(base + m) >> 6] >> ((base + m) & 63)) & 1; };
  std::vector<int> vars;
  for (int j = 0; j < 6; ++j)
    for (uint32_t m = 0; m < 64; ++m)
      if (row(m) != row(m ^ (1u << j))) {
        vars.push_back(j);
        break;
      }
  uint64_t init = 0;
  for (uint32_t r = 0; r < (1u << vars.size()); ++r) {
    uint32_t m = 0;
    for (size_t i = 0; i < vars.size(); ++i) m |= ((r >> i) & 1u) << vars[i];
    init |= static_cast<uint64_t>(row(m)) << r;
  }
  std::vector<Signal> fanins;
  for (int j : vars) fanins.push_back(map[c.leaves[static_cast<size_t>(j)]]);
  return out.add_lut(std::move(fanins), init);
}

Signal add_mux_tree(LutNetwork& out, const MuxCone& c, const std::vector<Signal>& map) {
  std::vector<Signal> f7;
  for (uint32_t b = 0; b < (1u << c.leaves.size()); b += 128) {
    Signal d0 = add_cofactor(out, c, b, map), d1 = add_cofactor(out, c, b + 64, map);
    f7.push_back(out.add_lut({d0, d1, map[c.leaves[6]]}, mux_lut_init));
  }
  return f7.size() == 1 ? f7[0] : out.add_lut({f7[0], f7[1], map[c.leaves[7]]}, mux_lut_init);
}

bool degenerate(const MuxCone& c) {
  bool any = false;
  for (uint32_t b = 0; b < (1u << c.leaves.size()); b += 64)
    any = any || c.table[b >> 6] == 0 || c.table[b >> 6] == ~uint64_t{0};
  return any;
}

Signal copy_lut(LutNetwork& out, const LutNetwork& net, Signal x, const std::vector<Signal>& map) {
  std::vector<Signal> fanins;
  for (Signal f : net.lut(x).fanins) fanins.push_back(map[f]);
  return out.add_lut(std::move(fanins), net.lut(x).init);
}

void finish_rewrite(Netlist& nl, LutNetwork&& out, const std::vector<Signal>& map, std::vector<int>&& layers) {
  for (Signal p : nl.luts.pos()) out.add_po(map[p]);
  for (auto& c : nl.cells)
    for (auto& t : c.terms)
      for (auto& b : t.bits) b = map[b];
  const bool has_layers = nl.lut_layer.size() == nl.luts.num_luts();
  nl.luts = std::move(out);
  if (has_layers) nl.lut_layer = std::move(layers);
}

}  // namespace detail

std::vector<int> muxf_levels(const Netlist& nl, const std::vector<char>& emitted, const std::vector<char>& absorbed) {
  const LutNetwork& net = nl.luts;
  const std::vector<int> readers = signal_readers(nl, &emitted);
  std::vector<int> level(net.num_signals(), 0);
  auto plain = [&](Signal d) { return net.is_lut(d) && emitted[d] && !absorbed[d] && readers[d] == 1; };
  for (size_t i = 0; i < net.num_luts(); ++i) {
    Signal x = net.lut_signal(i);
    const auto& l = net.lut(x);
    if (!emitted[x] || absorbed[x] || l.fanins.size() != 3 || l.init != mux_lut_init) continue;
    Signal d0 = l.fanins[0], d1 = l.fanins[1];
    if (d0 == d1 || !plain(d0) || !plain(d1) || level[d0] != level[d1]) continue;
    level[x] = level[d0] == 0 ? 7 : level[d0] == 7 ? 8 : 0;
  }
  return level;
}

void muxf_remap(Netlist& nl, const muxf_remap_params& ps, muxf_remap_stats* st) {
  muxf_remap_stats local;
  muxf_remap_stats& s = st ? *st : local;
  s = {};
  const LutNetwork& net = nl.luts;
  const std::vector<int> readers = signal_readers(nl);
  std::vector<char> taken(net.num_signals(), 0);
  std::vector<detail::MuxCone> cones;
  std::vector<int> cone_of(net.num_signals(), -1);  // root -> cone
  // Outputs first (the largest cones), each LUT in at most one cone.
  for (size_t i = net.num_luts(); i-- > 0;) {
    Signal root = net.lut_signal(i);
    if (taken[root] || readers[root] == 0) continue;
    std::vector<Signal> luts = detail::fanout_free_cone(net, root, readers);
    if (std::any_of(luts.begin(), luts.end(), [&](Signal x) { return taken[x]; })) continue;
    std::vector<Signal> leaves;
    for (Signal x : luts)
      for (Signal f : net.lut(x).fanins)
        if (!net.is_const(f) && std::find(luts.begin(), luts.end(), f) == luts.end() &&
            std::find(leaves.begin(), leaves.end(), f) == leaves.end())
          leaves.push_back(f);
    const size_t k = leaves.size();
    if (k < 7 || static_cast<int>(k) > ps.max_leaves) continue;
    const size_t site_luts = k == 7 ? 2 : 4;
    if (luts.size() <= site_luts) continue;
    // Already cofactors under muxes (muxf_regions writes its roots so): the same LUTs again.
    if (net.lut(root).init == mux_lut_init && luts.size() == site_luts + (k == 7 ? 1 : 3)) continue;
    // The latest leaves select (they arrive last; the mux adds the shortest delay).
    std::sort(leaves.begin(), leaves.end());
    detail::MuxCone c;
    c.root = root;
    c.luts = luts;
    c.leaves = leaves;
    std::map<Signal, bool> value;
    for (uint32_t m = 0; m < (1u << k); ++m)
      if (detail::evaluate(net, c, m, value)) c.table[m >> 6] |= uint64_t{1} << (m & 63);
    // A constant cofactor is no LUT for a MUXF input: leave such cones to the LUTs.
    if (detail::degenerate(c)) continue;
    for (Signal x : luts) taken[x] = 1;
    cone_of[root] = static_cast<int>(cones.size());
    s.cone_luts += luts.size();
    s.site_luts += site_luts;
    cones.push_back(std::move(c));
  }
  s.cones = cones.size();
  if (cones.empty()) return;

  // Rebuild: a cone's LUTs are replaced at its root by its cofactors and muxes.
  LutNetwork out(net.num_pis());
  std::vector<int> layers;
  std::vector<Signal> map(net.num_signals());
  for (Signal x = 0; x < 2 + net.num_pis(); ++x) map[x] = x;
  const bool has_layers = nl.lut_layer.size() == net.num_luts();
  for (size_t i = 0; i < net.num_luts(); ++i) {
    Signal x = net.lut_signal(i);
    const int layer = has_layers ? nl.lut_layer[i] : 0;
    size_t before = out.num_luts();
    if (cone_of[x] >= 0) {
      map[x] = detail::add_mux_tree(out, cones[static_cast<size_t>(cone_of[x])], map);
    } else if (!taken[x]) {
      map[x] = detail::copy_lut(out, net, x, map);
    }
    layers.resize(layers.size() + (out.num_luts() - before), layer);
  }
  detail::finish_rewrite(nl, std::move(out), map, std::move(layers));
}

}  // namespace lutc::backend
