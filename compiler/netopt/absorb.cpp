#include "netopt/absorb.hpp"

#include <algorithm>

namespace lutc::netopt {

using logic::LutNetwork;
using logic::Signal;

namespace detail {

namespace {
int position(const std::vector<Signal>& v, Signal s) {
  return static_cast<int>(std::find(v.begin(), v.end(), s) - v.begin());
}
}  // namespace

uint64_t compose(uint64_t init, const std::vector<Signal>& fanins, Signal inner, uint64_t inner_init,
                 const std::vector<Signal>& inner_fanins, const std::vector<Signal>& merged) {
  uint64_t out = 0;
  for (unsigned r = 0; r < (1u << merged.size()); ++r) {
    auto value = [&](Signal s) { return (r >> position(merged, s)) & 1u; };
    unsigned ri = 0;
    for (size_t i = 0; i < inner_fanins.size(); ++i) ri |= value(inner_fanins[i]) << i;
    unsigned inner_value = (inner_init >> ri) & 1u;
    unsigned ro = 0;
    for (size_t i = 0; i < fanins.size(); ++i) ro |= (fanins[i] == inner ? inner_value : value(fanins[i])) << i;
    out |= ((init >> ro) & 1u) << r;
  }
  return out;
}

}  // namespace detail

absorb_stats absorb_luts(LutNetwork& net, const std::vector<char>& observed, const absorb_params& ps) {
  absorb_stats st;
  std::vector<std::vector<Signal>> readers(net.num_signals());
  for (size_t i = 0; i < net.num_luts(); ++i)
    for (Signal f : net.luts()[i].fanins) readers[f].push_back(net.lut_signal(i));
  for (size_t i = 0; i < net.num_luts(); ++i) {
    Signal m = net.lut_signal(i);
    if (observed[m] || readers[m].empty()) continue;
    const logic::Lut inner = net.lut(m);
    // Every reader must fit the merged support.
    std::vector<std::vector<Signal>> merged(readers[m].size());
    bool fits = true;
    auto layer = [&](Signal x) { return (*ps.lut_layer)[x - 2 - net.num_pis()]; };
    for (size_t j = 0; j < readers[m].size() && fits; ++j) {
      if (ps.lut_layer && layer(readers[m][j]) != layer(m)) fits = false;
      auto& u = merged[j];
      for (Signal f : net.lut(readers[m][j]).fanins)
        if (f != m) u.push_back(f);
      for (Signal f : inner.fanins)
        if (std::find(u.begin(), u.end(), f) == u.end()) u.push_back(f);
      fits = static_cast<int>(u.size()) <= ps.lut_size;
    }
    if (!fits) continue;
    for (size_t j = 0; j < readers[m].size(); ++j) {
      Signal n = readers[m][j];
      logic::Lut& outer = net.lut(n);
      outer.init = detail::compose(outer.init, outer.fanins, m, inner.init, inner.fanins, merged[j]);
      outer.fanins = merged[j];
      for (Signal f : inner.fanins)
        if (std::find(readers[f].begin(), readers[f].end(), n) == readers[f].end()) readers[f].push_back(n);
    }
    for (Signal f : inner.fanins) readers[f].erase(std::find(readers[f].begin(), readers[f].end(), m));
    readers[m].clear();
    ++st.absorbed;
  }
  return st;
}

}  // namespace lutc::netopt
