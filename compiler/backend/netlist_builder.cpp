#include "backend/netlist_builder.hpp"

#include <algorithm>

namespace lutc::backend {

using logic::LutNetwork;
using logic::Signal;

Signal NetlistBuilder::add(const std::vector<Signal>& fanins, uint64_t init, int layer) {
  size_t before = nl_.luts.num_luts();
  Signal s = builder_.add(fanins, init);
  if (nl_.luts.num_luts() > before) {
    nl_.lut_layer.push_back(layer);
  } else if (nl_.luts.is_lut(s) && std::find(fanins.begin(), fanins.end(), s) == fanins.end()) {
    ++shared_;
    int& l = nl_.lut_layer[s - 2 - nl_.luts.num_pis()];
    l = std::min(l, layer);
  }
  return s;
}

std::vector<Signal> NetlistBuilder::append(const LutNetwork& part, const std::vector<Signal>& inputs, int layer) {
  std::vector<Signal> map(part.num_signals());
  map[LutNetwork::const0] = LutNetwork::const0;
  map[LutNetwork::const1] = LutNetwork::const1;
  for (uint32_t i = 0; i < part.num_pis(); ++i) map[part.pi(i)] = inputs.at(i);
  for (size_t i = 0; i < part.num_luts(); ++i) {
    const logic::Lut& l = part.luts()[i];
    std::vector<Signal> fanins;
    for (Signal f : l.fanins) fanins.push_back(map[f]);
    map[part.lut_signal(i)] = add(fanins, l.init, layer);
  }
  std::vector<Signal> outs;
  for (Signal p : part.pos()) outs.push_back(map[p]);
  return outs;
}

}  // namespace lutc::backend
