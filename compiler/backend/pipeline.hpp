#pragma once
// Register placement for pipelined emission (docs/rtl.md, "Pipelining"): the stage that computes
// every LUT and adder cell, either by neuron layers (a rank after every N layers) or by a delay
// budget (a rank wherever a stage would grow longer than D), and the delay model both use.
//
// Delay model, in LUT levels (one LUT plus its routing = 1): an adder cell of W bits (its sum
// width, lo + width) made of A two-operand adders costs A + ceil(W / 4) / 4: a LUT level per
// adder (the propagate LUTs in front of the carry chain; for three or more terms the carry-save
// LUT6_2s or compressors before it) plus a quarter level per CARRY4 the one carry ripples through. Rough, from 7-series data sheet figures (LUT + net ~0.6 ns, S->CO of the
// first CARRY4 ~0.4 ns, CI->CO ~0.1-0.15 ns per further CARRY4); a cell that only wires bits
// (one term, no constant, not negated) costs 0.
#include <vector>

#include "backend/netlist.hpp"

namespace lutc::backend {

struct pipeline_params {
  int every_layers = 0;     // > 0: a register rank after every N neuron layers
  double stage_delay = 0;   // > 0: a rank wherever a stage's delay would exceed this (LUT levels)
  bool join_adder_inputs = false;  // with stage_delay: LUTs the Xilinx writer merges into carry chains join their stage
};

/// Two-operand adders a cell is made of (terms and a non-zero constant, minus one; a lone negated term is one).
int cell_adders(const ArithCell& c);
/// The delay model above for one adder cell.
double cell_delay(const ArithCell& c);

struct path_stats {
  int depth = 0;       // most LUTs plus adder cells on one input-to-output path
  double delay = 0;    // largest delay of any input-to-output path (delay model above)
};

/// Longest paths through LUTs and adder cells (output port bits only; unread logic does not count).
path_stats critical_path(const Netlist& nl);
/// Per signal: most LUTs plus adder cells on a path from an input to it (inputs and constants 0).
std::vector<int> signal_depths(const Netlist& nl);

struct StagePlan {
  std::vector<int> signal_stage;   // per signal: stage computing it (input-port bits and constants: 0)
  std::vector<int> cell_stage;     // per adder cell
  int latency = 0;                 // register ranks: one after every stage, the last on the outputs
  int num_layers = 0;              // layer mode: the layers the stages cover
  double max_stage_delay = 0;      // longest path inside one stage (delay model)
};

/// Stages of `nl` (one of ps.every_layers, ps.stage_delay must be positive). `live` marks the LUT
/// signals that are written (reach an output); other LUTs get stage 0 and constrain nothing.
/// With a delay budget, a step goes to the stage after its latest input's whenever it would
/// otherwise end later than the budget; a single step longer than the budget gets a stage alone.
StagePlan assign_stages(const Netlist& nl, const pipeline_params& ps, const std::vector<char>& live);

}  // namespace lutc::backend
