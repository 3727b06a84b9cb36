#pragma once
// Builds a netlist's LUT network LUT by LUT while sharing structurally identical LUTs (as Yosys'
// opt_merge would merge them) and keeping every LUT's neuron layer: lowering stitches minimized
// tables with it, and netopt rebuilds optimized networks with it.
#include <cstddef>
#include <vector>

#include "backend/netlist.hpp"
#include "logic/lut_opt.hpp"

namespace lutc::backend {

class NetlistBuilder {
 public:
  /// Adds to `nl.luts` (which may already hold LUTs, with their layers in nl.lut_layer).
  explicit NetlistBuilder(Netlist& nl) : nl_(nl), builder_(nl.luts) {}

  /// Adds a LUT of neuron layer `layer`, reusing a structurally identical one (which then takes
  /// the lower of the two layers); constants and buffers become plain signals.
  logic::Signal add(const std::vector<logic::Signal>& fanins, uint64_t init, int layer);

  /// Appends `part` with its inputs driven by `inputs`; returns its output signals.
  std::vector<logic::Signal> append(const logic::LutNetwork& part, const std::vector<logic::Signal>& inputs, int layer);

  /// LUTs that were found already present.
  size_t shared() const { return shared_; }

 private:
  Netlist& nl_;
  logic::LutBuilder builder_;
  size_t shared_ = 0;
};

}  // namespace lutc::backend
