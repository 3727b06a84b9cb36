#include "backend/pipeline.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace lutc::backend {

using logic::Signal;

namespace detail {

/// Calls `f(signal)` for every non-constant signal step `st` reads.
template <class F>
void for_each_input(const Netlist& nl, NetlistStep st, F&& f) {
  if (st.is_cell) {
    for (const auto& t : nl.cells[st.index].terms)
      for (Signal s : t.bits)
        if (!nl.luts.is_const(s)) f(s);
  } else {
    for (Signal s : nl.luts.luts()[st.index].fanins)
      if (!nl.luts.is_const(s)) f(s);
  }
}

/// Calls `f(signal)` for every signal step `st` drives.
template <class F>
void for_each_output(const Netlist& nl, NetlistStep st, F&& f) {
  if (!st.is_cell) {
    f(nl.luts.lut_signal(st.index));
    return;
  }
  const ArithCell& c = nl.cells[st.index];
  for (int b = 0; b < c.width; ++b) f(nl.luts.pi(c.first_pi + static_cast<uint32_t>(b)));
}

double step_delay(const Netlist& nl, NetlistStep st) { return st.is_cell ? cell_delay(nl.cells[st.index]) : 1.0; }

bool is_live(const Netlist& nl, NetlistStep st, const std::vector<char>& live) {
  return st.is_cell || live[nl.luts.lut_signal(st.index)];
}

/// Moves every LUT of at most 5 inputs read only once, by a bit of an explicit carry chain of a
/// later stage (explicit_carry_cell, the other addend of that bit not among its inputs), into the
/// chain's stage: the Xilinx writer then merges it into that bit's propagate LUT (one LUT instead
/// of two, verilog_writer.cpp), which a register in between would prevent. The cell's delay
/// already counts that LUT level, so no stage gets longer. The LUT's inputs then cross the
/// registers its output crossed: on the HGQ-LUT jet model e32600 this saves ~300 LUTs for ~550
/// more flip-flops (docs/benchmarks.md); LUTs are the scarcer resource (a 7-series slice has 4
/// LUTs and 8 flip-flops).
void join_adder_inputs(const Netlist& nl, StagePlan& plan, const std::vector<char>& live) {
  const auto& net = nl.luts;
  const std::vector<int> readers = signal_readers(nl, &live);
  for (size_t c = 0; c < nl.cells.size(); ++c) {
    const ArithCell& cell = nl.cells[c];
    if (!explicit_carry_cell(cell) || cell.terms.size() != 2) continue;
    for (int p = 0; p < cell.lo + cell.width; ++p)
      for (int i = 0; i < 2; ++i) {
        Signal x = term_bit(cell.terms[i], p), other = term_bit(cell.terms[1 - i], p);
        if (!net.is_lut(x) || !live[x] || readers[x] != 1 || plan.signal_stage[x] >= plan.cell_stage[c]) continue;
        const auto& fanins = net.lut(x).fanins;
        // The writer absorbs the non-negated addend only when the other one is not negated.
        if (fanins.size() > 5 || std::find(fanins.begin(), fanins.end(), other) != fanins.end()) continue;
        if (!cell.terms[i].negate && cell.terms[1 - i].negate) continue;
        plan.signal_stage[x] = plan.cell_stage[c];
      }
  }
}

}  // namespace detail

int cell_adders(const ArithCell& c) {
  int operands = static_cast<int>(c.terms.size()) + (c.constant != 0 ? 1 : 0);
  if (operands == 1 && !c.terms.empty() && c.terms[0].negate) return 1;
  return std::max(0, operands - 1);
}

double cell_delay(const ArithCell& c) {
  int width = c.lo + c.width;
  // One LUT level per two-operand adder (a propagate LUT, or a carry-save level: LUT6_2 or
  // compressor), then one carry ripple.
  const int adders = cell_adders(c);
  return adders == 0 ? 0.0 : adders + static_cast<double>((width + 3) / 4) / 4.0;
}

std::vector<int> signal_depths(const Netlist& nl) {
  std::vector<int> depth(nl.luts.num_signals(), 0);
  for (NetlistStep st : evaluation_order(nl)) {
    int d = 0;
    detail::for_each_input(nl, st, [&](Signal s) { d = std::max(d, depth[s]); });
    detail::for_each_output(nl, st, [&](Signal s) { depth[s] = d + 1; });
  }
  return depth;
}

path_stats critical_path(const Netlist& nl) {
  const size_t n = nl.luts.num_signals();
  std::vector<int> depth(n, 0);
  std::vector<double> delay(n, 0);
  for (NetlistStep st : evaluation_order(nl)) {
    int d = 0;
    double t = 0;
    detail::for_each_input(nl, st, [&](Signal s) {
      d = std::max(d, depth[s]);
      t = std::max(t, delay[s]);
    });
    d += 1;
    t += detail::step_delay(nl, st);
    detail::for_each_output(nl, st, [&](Signal s) {
      depth[s] = d;
      delay[s] = t;
    });
  }
  path_stats ps;
  for (Signal p : nl.luts.pos()) {
    ps.depth = std::max(ps.depth, depth[p]);
    ps.delay = std::max(ps.delay, delay[p]);
  }
  return ps;
}

StagePlan assign_stages(const Netlist& nl, const pipeline_params& ps, const std::vector<char>& live) {
  if (ps.every_layers <= 0 && ps.stage_delay <= 0) throw std::logic_error("assign_stages: not pipelined");
  const auto& net = nl.luts;
  StagePlan plan;
  plan.signal_stage.assign(net.num_signals(), 0);
  plan.cell_stage.assign(nl.cells.size(), 0);
  const std::vector<NetlistStep> order = evaluation_order(nl);
  std::vector<double> arrival(net.num_signals(), 0);  // delay from the start of the signal's stage

  // Within-stage delays, for both modes: a step starts after its inputs of its own stage.
  auto place = [&](NetlistStep st, int stage) {
    double start = 0;
    detail::for_each_input(nl, st, [&](Signal s) {
      if (plan.signal_stage[s] == stage) start = std::max(start, arrival[s]);
    });
    double end = start + detail::step_delay(nl, st);
    plan.max_stage_delay = std::max(plan.max_stage_delay, end);
    if (st.is_cell) plan.cell_stage[st.index] = stage;
    detail::for_each_output(nl, st, [&](Signal s) {
      plan.signal_stage[s] = stage;
      arrival[s] = end;
    });
  };

  if (ps.every_layers > 0) {
    // Layers: the netlist's neuron layers, or each step's level when a hand-built netlist has none.
    int num_layers = nl.num_layers;
    std::vector<int> lut_layer = nl.lut_layer, cell_layer(nl.cells.size(), 0);
    for (size_t c = 0; c < nl.cells.size(); ++c) cell_layer[c] = nl.cells[c].layer;
    if (lut_layer.empty()) {
      lut_layer.assign(net.num_luts(), 0);
      std::vector<int> level(net.num_signals(), 0);
      num_layers = 0;
      for (NetlistStep st : order) {
        int l = 0;
        detail::for_each_input(nl, st, [&](Signal s) { l = std::max(l, level[s]); });
        detail::for_each_output(nl, st, [&](Signal s) { level[s] = l + 1; });
        (st.is_cell ? cell_layer : lut_layer)[st.index] = l + 1;
        if (detail::is_live(nl, st, live)) num_layers = std::max(num_layers, l + 1);
      }
    } else if (lut_layer.size() != net.num_luts()) {
      throw std::logic_error("assign_stages: lut_layer has " + std::to_string(lut_layer.size()) + " entries for " +
                             std::to_string(net.num_luts()) + " LUTs");
    }
    plan.num_layers = num_layers;
    plan.latency = pipeline_latency(num_layers, ps.every_layers);
    for (NetlistStep st : order) {
      if (!detail::is_live(nl, st, live)) continue;
      int layer = (st.is_cell ? cell_layer : lut_layer)[st.index];
      if (layer > num_layers)
        throw std::logic_error(std::string("assign_stages: ") + (st.is_cell ? "cell " : "LUT ") + std::to_string(st.index) +
                               " is in layer " + std::to_string(layer) + " but the netlist has " +
                               std::to_string(num_layers) + " layers");
      place(st, pipeline_stage(layer, ps.every_layers));
    }
    return plan;
  }

  // Delay budget: as early as possible, moving a step on to the next stage when it would end late.
  constexpr double slack = 1e-9;
  int last_stage = 0;
  for (NetlistStep st : order) {
    if (!detail::is_live(nl, st, live)) continue;
    int stage = 0;
    detail::for_each_input(nl, st, [&](Signal s) { stage = std::max(stage, plan.signal_stage[s]); });
    double start = 0;
    detail::for_each_input(nl, st, [&](Signal s) {
      if (plan.signal_stage[s] == stage) start = std::max(start, arrival[s]);
    });
    if (start > 0 && start + detail::step_delay(nl, st) > ps.stage_delay + slack) ++stage;
    place(st, stage);
    last_stage = std::max(last_stage, stage);
  }
  plan.latency = last_stage + 1;
  if (ps.join_adder_inputs) detail::join_adder_inputs(nl, plan, live);
  return plan;
}

}  // namespace lutc::backend
