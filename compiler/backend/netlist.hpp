#pragma once
// The compiled design handed to the backends: one flat K-LUT network plus what emission,
// pipelining, verification and reporting need to know about its ports and layers.
//
// Port bit order: the network's primary inputs are all input-port bits, port 0 first and each
// port least significant bit first; its primary outputs likewise for the output ports.
#include <cstdint>
#include <string>
#include <vector>

#include "logic/lut_network.hpp"

namespace lutc::backend {

struct Port {
  std::string name;  // a legal Verilog identifier
  int width = 0;
};

struct Netlist {
  std::string top = "lutc_top";     // Verilog module name
  std::vector<Port> inputs;
  std::vector<Port> outputs;
  logic::LutNetwork luts;
  std::vector<int> lut_layer;       // per LUT (same index as luts.luts()): 1-based neuron layer
  int num_layers = 0;               // deepest layer of any LUT
};

/// Runs the netlist on one sample: per-input-port codes in, per-output-port codes out.
std::vector<uint64_t> evaluate_ports(const Netlist& nl, const std::vector<uint64_t>& input_codes);

/// Pipeline stage of a LUT in layer `layer` when registers follow every `every` layers (every > 0).
inline int pipeline_stage(int layer, int every) { return layer <= 0 ? 0 : (layer - 1) / every; }
/// Register ranks for a design of `num_layers` layers: ceil(num_layers / every), 0 if every == 0.
inline int pipeline_latency(int num_layers, int every) {
  return every <= 0 ? 0 : (num_layers + every - 1) / every;
}

}  // namespace lutc::backend
