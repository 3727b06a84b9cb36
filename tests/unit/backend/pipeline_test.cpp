#include <doctest/doctest.h>

#include "backend/pipeline.hpp"
#include "backend/verilog_writer.hpp"

using namespace lutc;
using backend::ArithCell;
using backend::NetlistStep;

namespace {

/// y = {c1 (2 bits), l0} with c0 = a + b (3 bits), l0 = c0[0] ^ c0[1], c1 = l0 + c0[2]:
/// the cell c1 reads a LUT whose signal comes after c1's own output bits.
backend::Netlist chain() {
  backend::Netlist nl;
  nl.inputs = {{"a", 2}, {"b", 2}};
  nl.outputs = {{"y", 3}};
  nl.luts = logic::LutNetwork(4 + 3 + 2);
  auto pi = [&](uint32_t i) { return nl.luts.pi(i); };
  ArithCell c0;
  c0.terms = {{{pi(0), pi(1)}, false, 0, false}, {{pi(2), pi(3)}, false, 0, false}};
  c0.width = 3;
  c0.first_pi = 4;
  c0.layer = 1;
  logic::Signal l0 = nl.luts.add_lut({pi(4), pi(5)}, 0x6);
  ArithCell c1;
  c1.terms = {{{l0}, false, 0, false}, {{pi(6)}, false, 0, false}};
  c1.width = 2;
  c1.first_pi = 7;
  c1.layer = 3;
  nl.cells = {c0, c1};
  nl.lut_layer = {2};
  nl.num_layers = 3;
  nl.luts.add_po(pi(7));
  nl.luts.add_po(pi(8));
  nl.luts.add_po(l0);
  return nl;
}

const std::vector<char> all_live(const backend::Netlist& nl) { return std::vector<char>(nl.luts.num_signals(), 1); }

}  // namespace

TEST_CASE("evaluation_order puts a cell after the LUT it reads, and PortEvaluator follows it") {
  backend::Netlist nl = chain();
  auto order = backend::evaluation_order(nl);
  REQUIRE(order.size() == 3);
  CHECK(order[0] == NetlistStep{true, 0});
  CHECK(order[1] == NetlistStep{false, 0});
  CHECK(order[2] == NetlistStep{true, 1});
  backend::PortEvaluator run(nl);
  for (uint64_t a = 0; a < 4; ++a)
    for (uint64_t b = 0; b < 4; ++b) {
      uint64_t s = a + b, l0 = (s ^ (s >> 1)) & 1, c1 = l0 + ((s >> 2) & 1);
      uint64_t want = (c1 & 1) | (((c1 >> 1) & 1) << 1) | (l0 << 2);
      CHECK(run({a, b})[0] == want);
      CHECK(backend::evaluate_ports(nl, {a, b})[0] == want);
    }
}

TEST_CASE("delay model: adders cost a LUT level plus a quarter per 4 carry bits") {
  backend::Netlist nl = chain();
  CHECK(backend::cell_adders(nl.cells[0]) == 1);
  CHECK(backend::cell_delay(nl.cells[0]) == doctest::Approx(1.25));
  ArithCell wire;
  wire.terms = {{{2, 3}, true, 1, false}};
  wire.width = 3;
  CHECK(backend::cell_delay(wire) == 0);
  wire.terms[0].negate = true;
  CHECK(backend::cell_adders(wire) == 1);
  ArithCell three = nl.cells[0];
  three.constant = 5;
  three.lo = 2;
  three.width = 7;  // 9-bit sum: 3 CARRY4s
  CHECK(backend::cell_adders(three) == 2);
  CHECK(backend::cell_delay(three) == doctest::Approx(2 + 0.75));  // two LUT levels, one ripple
  auto path = backend::critical_path(nl);
  CHECK(path.depth == 3);
  CHECK(path.delay == doctest::Approx(1.25 + 1 + 1.25));
}

TEST_CASE("assign_stages by delay budget") {
  backend::Netlist nl = chain();
  auto live = all_live(nl);
  auto p = backend::assign_stages(nl, {0, 2.25}, live);
  CHECK(p.cell_stage == std::vector<int>{0, 1});
  CHECK(p.signal_stage[nl.luts.lut_signal(0)] == 0);
  CHECK(p.signal_stage[nl.luts.pi(7)] == 1);
  CHECK(p.latency == 2);
  CHECK(p.max_stage_delay == doctest::Approx(2.25));
  auto wide = backend::assign_stages(nl, {0, 10}, live);
  CHECK(wide.cell_stage == std::vector<int>{0, 0});
  CHECK(wide.latency == 1);
  // A budget below one step: every step alone in its stage.
  auto tight = backend::assign_stages(nl, {0, 0.5}, live);
  CHECK(tight.cell_stage == std::vector<int>{0, 2});
  CHECK(tight.signal_stage[nl.luts.lut_signal(0)] == 1);
  CHECK(tight.latency == 3);
  CHECK(tight.max_stage_delay == doctest::Approx(1.25));
}

TEST_CASE("assign_stages by layers places cells by their layer") {
  backend::Netlist nl = chain();
  auto p = backend::assign_stages(nl, {1, 0}, all_live(nl));
  CHECK(p.cell_stage == std::vector<int>{0, 2});
  CHECK(p.signal_stage[nl.luts.lut_signal(0)] == 1);
  CHECK(p.latency == 3);
  auto two = backend::assign_stages(nl, {2, 0}, all_live(nl));
  CHECK(two.cell_stage == std::vector<int>{0, 1});
  CHECK(two.latency == 2);
}

TEST_CASE("emit_verilog pipelines adder cells: registers between stages, latency in the stats") {
  backend::Netlist nl = chain();
  backend::emit_params ps;
  ps.target = "generic";
  ps.stage_delay = 2.25;
  backend::emit_stats st;
  std::string text = backend::emit_verilog(nl, ps, &st);
  CHECK(st.latency == 2);
  CHECK(st.max_stage_delay == doctest::Approx(2.25));
  CHECK(text.find("input  wire clk") != std::string::npos);
  CHECK(text.find("// ---- stage 1: 0 LUTs, 1 adder cell ----") != std::string::npos);
  // c1 reads l0 and c0[2] through one register each.
  CHECK(text.find("{1'b0, n0_q1}") != std::string::npos);
  CHECK(text.find("{1'b0, c0_s_2_q1}") != std::string::npos);
  ps.pipeline = 1;
  CHECK_THROWS(backend::emit_verilog(nl, ps));
}
