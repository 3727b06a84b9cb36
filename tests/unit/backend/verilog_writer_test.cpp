// Emitted Verilog is simulated with the real Verilator and compared, output by output and code by
// code, with LutNetwork::evaluate; the Xilinx INIT convention is checked against Yosys's own
// Xilinx cell models by a SAT equivalence proof.
#include "backend/verilog_writer.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>

#include "sample_netlists.hpp"
#include "util/diagnostic.hpp"
#include "util/fs.hpp"
#include "util/process.hpp"
#include "../test_util.hpp"

namespace fs = std::filesystem;
using lutc::test::TempDir;
using namespace lutc;
using namespace lutc::backend;
using lutc::backend::testing::reference_outputs;

namespace {

struct Variant {
  std::string target;
  int pipeline;
};

/// Position of input code number t in the simulated stream: an odd multiplier permutes 0..2^n-1,
/// so consecutive cycles see very different codes (a wrong latency cannot go unnoticed).
uint64_t stream_code(uint64_t t, uint32_t num_pis) {
  return (t * 0x9E3779B97F4A7C15ULL) & ((uint64_t{1} << num_pis) - 1);
}

struct SimResult {
  std::vector<int> latency;                  // per variant
  std::vector<std::vector<uint64_t>> steps;  // per clock step: per variant, all output bits
};

/// Emits `nl` once per variant (module <top>_v<i>), wraps all variants in one Verilator model that
/// streams every input code through them (one code per clock cycle) and returns what it printed.
SimResult simulate(const Netlist& nl, const std::vector<Variant>& variants, const fs::path& dir) {
  const uint32_t npi = nl.luts.num_pis();
  const size_t npo = nl.luts.pos().size();
  REQUIRE(npi >= 1);
  REQUIRE(npi <= 16);
  REQUIRE(npo <= 64);
  SimResult r;
  std::vector<std::string> sources;
  bool any_xilinx = false;
  std::ostringstream wrapper;
  wrapper << "module tb(input wire clk, input wire [" << npi - 1 << ":0] in";
  for (size_t v = 0; v < variants.size(); ++v) wrapper << ", output wire [" << npo - 1 << ":0] out" << v;
  wrapper << ");\n";
  for (size_t v = 0; v < variants.size(); ++v) {
    Netlist copy = nl;
    copy.top = nl.top + "_v" + std::to_string(v);
    emit_params ps;
    ps.target = variants[v].target;
    ps.pipeline = variants[v].pipeline;
    auto st = write_verilog(copy, ps, dir / ("v" + std::to_string(v)));
    r.latency.push_back(st.latency);
    sources.push_back((dir / ("v" + std::to_string(v)) / st.files[0]).string());
    any_xilinx |= ps.target == "xilinx";
    wrapper << "  " << copy.top << " u" << v << " (";
    if (ps.pipeline > 0) wrapper << ".clk(clk), ";
    int bit = 0;
    for (const auto& p : nl.inputs) {
      wrapper << "." << p.name << "(in[" << bit + p.width - 1 << ":" << bit << "]), ";
      bit += p.width;
    }
    bit = 0;
    for (size_t i = 0; i < nl.outputs.size(); ++i) {
      const auto& p = nl.outputs[i];
      wrapper << "." << p.name << "(out" << v << "[" << bit + p.width - 1 << ":" << bit << "])"
              << (i + 1 < nl.outputs.size() ? ", " : "");
      bit += p.width;
    }
    wrapper << ");\n";
  }
  wrapper << "endmodule\n";
  if (any_xilinx) {
    for (size_t v = 0; v < variants.size(); ++v)
      if (variants[v].target == "xilinx") {
        sources.push_back((dir / ("v" + std::to_string(v)) / "rtl/lut_models.v").string());
        break;
      }
  }
  util::write_file(dir / "tb.v", wrapper.str());
  int max_latency = *std::max_element(r.latency.begin(), r.latency.end());
  std::ostringstream harness;
  harness << "#include \"Vtb.h\"\n#include \"verilated.h\"\n#include <cstdint>\n#include <cstdio>\n"
          << "int main(int argc, char** argv) {\n"
          << "  VerilatedContext ctx;\n  ctx.commandArgs(argc, argv);\n  Vtb top{&ctx};\n"
          << "  const uint64_t steps = (uint64_t{1} << " << npi << ") + " << max_latency << ";\n"
          << "  for (uint64_t t = 0; t < steps; ++t) {\n"
          << "    top.in = (t * 0x9E3779B97F4A7C15ULL) & ((uint64_t{1} << " << npi << ") - 1);\n"
          << "    top.clk = 0;\n    top.eval();\n"
          << "    std::printf(\"%llu\", (unsigned long long)t);\n";
  for (size_t v = 0; v < variants.size(); ++v)
    harness << "    std::printf(\" %llx\", (unsigned long long)top.out" << v << ");\n";
  harness << "    std::printf(\"\\n\");\n    top.clk = 1;\n    top.eval();\n  }\n  top.final();\n  return 0;\n}\n";
  util::write_file(dir / "harness.cpp", harness.str());

  std::vector<std::string> cmd = {"verilator", "--cc", "--exe", "--build", "-Wno-fatal", "-Wno-lint", "-Wno-style",
                                  "--top-module", "tb", "-Mdir", (dir / "obj").string(), "-o", "sim",
                                  "-MAKEFLAGS", "OPT_FAST=-O0 OPT_SLOW=-O0 OPT_GLOBAL=-O0",
                                  (dir / "tb.v").string()};
  cmd.insert(cmd.end(), sources.begin(), sources.end());
  cmd.push_back((dir / "harness.cpp").string());
  auto build = util::run_process(cmd, dir);
  INFO(build.output);
  REQUIRE(build.exit_code == 0);
  auto run = util::run_process({(dir / "obj" / "sim").string()}, dir);
  REQUIRE(run.exit_code == 0);
  std::istringstream lines(run.output);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream ls(line);
    uint64_t t = 0;
    ls >> t;
    std::vector<uint64_t> outs(variants.size());
    for (auto& o : outs) ls >> std::hex >> o;
    REQUIRE(t == r.steps.size());
    r.steps.push_back(outs);
  }
  REQUIRE(r.steps.size() == (uint64_t{1} << npi) + static_cast<uint64_t>(max_latency));
  return r;
}

/// Simulates all variants and checks every output of every input code against the netlist.
void check_against_evaluate(const Netlist& nl, const std::vector<Variant>& variants, const std::vector<int>& latencies,
                            const std::string& name) {
  TempDir dir(name);
  SimResult r = simulate(nl, variants, dir.path);
  const uint64_t codes = uint64_t{1} << nl.luts.num_pis();
  std::vector<uint64_t> expected(codes);
  for (uint64_t c = 0; c < codes; ++c) expected[c] = reference_outputs(nl, c);
  for (size_t v = 0; v < variants.size(); ++v) {
    CAPTURE(variants[v].target);
    CAPTURE(variants[v].pipeline);
    CHECK(r.latency[v] == latencies[v]);
    size_t wrong = 0;
    std::string first;
    for (uint64_t t = 0; t < codes; ++t) {
      uint64_t code = stream_code(t, nl.luts.num_pis());
      uint64_t got = r.steps[t + static_cast<uint64_t>(r.latency[v])][v];
      if (got != expected[code]) {
        if (!wrong++) first = "code " + std::to_string(code) + ": got " + std::to_string(got) + ", expected " + std::to_string(expected[code]);
      }
    }
    INFO(first);
    CHECK(wrong == 0);
  }
}

/// Verilator lint with all warnings on one emitted design; returns the warnings (empty = clean).
std::string lint(const Netlist& nl, const emit_params& ps) {
  TempDir dir("lint");
  auto st = write_verilog(nl, ps, dir.path);
  std::vector<std::string> cmd = {"verilator", "--lint-only", "-Wall", "--top-module", nl.top};
  for (const auto& f : st.files) cmd.push_back((dir.path / f).string());
  auto r = util::run_process(cmd, dir.path);
  return r.exit_code == 0 && r.output.find("%Warning") == std::string::npos ? std::string() : r.output;
}

const std::vector<Variant> all_variants = {{"xilinx", 0}, {"xilinx", 1}, {"xilinx", 2},
                                           {"generic", 0}, {"generic", 1}, {"generic", 2}};

/// A small hand-made netlist: ports p[1:0], q[0:0]; LUT0 = p0 & p1 (layer 1), LUT1 = ~LUT0 ^ q
/// (layer 2), LUT2 dangling (reaches no output), LUT3 = ~LUT1 with a constant-1 fanin (layer 2).
/// Outputs o[4:0] = {LUT3, q, 1'b1, LUT1, 1'b0}.
Netlist hand_netlist() {
  Netlist nl;
  nl.top = "hand";
  nl.inputs = {{"p", 2}, {"q", 1}};
  nl.outputs = {{"o", 5}};
  nl.luts = logic::LutNetwork(3);
  auto p0 = nl.luts.pi(0), p1 = nl.luts.pi(1), q = nl.luts.pi(2);
  auto l0 = nl.luts.add_lut({p0, p1}, 0x8);                          // AND
  auto l1 = nl.luts.add_lut({l0, q}, 0x9);                           // XNOR
  nl.luts.add_lut({p0, q}, 0x6);                                     // dangling XOR
  auto l3 = nl.luts.add_lut({l1, logic::LutNetwork::const1}, 0x4);  // with I1 = 1: bit 2 (l1=0) = 1, bit 3 = 0: ~l1
  nl.lut_layer = {1, 2, 1, 2};
  nl.num_layers = 2;
  nl.luts.add_po(logic::LutNetwork::const0);
  nl.luts.add_po(l1);
  nl.luts.add_po(logic::LutNetwork::const1);
  nl.luts.add_po(q);
  nl.luts.add_po(l3);
  return nl;
}

}  // namespace

TEST_CASE("verilog_writer: layered network with skip connections simulates exactly, both targets, pipeline 0/1/2" * doctest::test_suite("tools")) {
  Netlist nl = testing::layered_netlist(11);
  REQUIRE(nl.num_layers == 3);
  // 3 layers: every layer registered -> 3 cycles; every 2 layers -> ceil(3/2) = 2 cycles.
  check_against_evaluate(nl, all_variants, {0, 3, 2, 0, 3, 2}, "layered");
}

TEST_CASE("verilog_writer: deep minimized 4-LUT network simulates exactly, both targets, pipeline 0/1/2" * doctest::test_suite("tools")) {
  Netlist nl = testing::minimized_netlist(10, 3, 7, 4);
  int d = nl.num_layers;
  REQUIRE(d >= 3);
  check_against_evaluate(nl, all_variants, {0, d, (d + 1) / 2, 0, d, (d + 1) / 2}, "minimized");
}

TEST_CASE("verilog_writer: real LogicNets neurons (IWLS 2022 ex68-ex73) as a two-layer network simulate exactly" * doctest::test_suite("tools")) {
  Netlist nl = testing::logicnets_netlist(std::string(LUTC_SHARED_DATA) + "/iwls2022");
  REQUIRE(nl.num_layers == 2);
  check_against_evaluate(nl, {{"xilinx", 0}, {"xilinx", 1}, {"generic", 2}}, {0, 2, 1}, "neurons");
}

TEST_CASE("verilog_writer: constants, pass-through outputs, constant fanins and dangling LUTs" * doctest::test_suite("tools")) {
  Netlist nl = hand_netlist();
  emit_stats st;
  std::string v = emit_verilog(nl, {"xilinx", 0}, &st);
  CHECK(st.luts == 3);  // the dangling LUT is not written
  CHECK(v.find("lut_n2") == std::string::npos);
  CHECK(v.find("assign o[0] = 1'b0;") != std::string::npos);
  CHECK(v.find("assign o[2] = 1'b1;") != std::string::npos);
  CHECK(v.find("assign o[3] = q[0];") != std::string::npos);
  // Pipeline 1 (stages: LUT0 -> 0, LUT1 and LUT3 -> 1, latency 2): constant outputs stay constants;
  // q needs 2 registers (output o[3]), LUT0 1 (read by LUT1), LUT1 1 (output), LUT3 1 (output).
  emit_stats ps1;
  std::string v1 = emit_verilog(nl, {"xilinx", 1}, &ps1);
  CHECK(ps1.latency == 2);
  CHECK(ps1.registers == 2 /* q */ + 1 /* n0 */ + 1 /* n1 */ + 1 /* n3 */);
  CHECK(v1.find("assign o[0] = 1'b0;") != std::string::npos);
  CHECK(v1.find("assign o[3] = q_0_q2;") != std::string::npos);
  check_against_evaluate(nl, all_variants, {0, 2, 1, 0, 2, 1}, "hand");
}

TEST_CASE("verilog_writer: emitted RTL is Verilator -Wall clean" * doctest::test_suite("tools")) {
  Netlist nl = testing::layered_netlist(3);
  for (const auto& v : all_variants) {
    CAPTURE(v.target);
    CAPTURE(v.pipeline);
    CHECK(lint(nl, {v.target, v.pipeline}) == "");
    CHECK(lint(hand_netlist(), {v.target, v.pipeline}) == "");
  }
}

TEST_CASE("verilog_writer: deterministic, documented header, register count") {
  Netlist nl = testing::layered_netlist(5);
  emit_stats a, b;
  std::string va = emit_verilog(nl, {"generic", 1}, &a);
  std::string vb = emit_verilog(nl, {"generic", 1}, &b);
  CHECK(va == vb);
  CHECK(a.luts == nl.luts.num_luts());
  CHECK(va.find("// LUTs      " + std::to_string(a.luts)) != std::string::npos);
  CHECK(va.find("// latency   3 clock cycles") != std::string::npos);
  CHECK(va.find("a[5:0]  input") != std::string::npos);
  CHECK(va.find("z[1:0]  output") != std::string::npos);
  CHECK(va.find("module layered (") != std::string::npos);
  CHECK(va.find("input  wire clk") != std::string::npos);
  // Every register bit is one nonblocking assignment.
  size_t assigns = 0;
  for (size_t pos = va.find("<="); pos != std::string::npos; pos = va.find("<=", pos + 2)) ++assigns;
  CHECK(assigns == a.registers);
  // One LUT per netlist LUT, or one LUT6_2 per pair: count the instances in the xilinx text.
  emit_stats x;
  emit_params paired{"xilinx", 0};
  paired.lut_pairs = true;
  std::string vx = emit_verilog(nl, paired, &x);
  CHECK(x.lut_pairs > 0);
  std::regex lut_inst(R"(LUT[1-6] #\(\.INIT\()"), pair_inst(R"(LUT6_2 #\(\.INIT\()");
  auto count = [&](const std::regex& r) { return static_cast<size_t>(std::distance(std::sregex_iterator(vx.begin(), vx.end(), r), std::sregex_iterator())); };
  CHECK(count(pair_inst) == x.lut_pairs);
  CHECK(count(lut_inst) + 2 * x.lut_pairs == nl.luts.num_luts());
  std::string vu = emit_verilog(nl, {"xilinx", 0});
  CHECK(static_cast<size_t>(std::distance(std::sregex_iterator(vu.begin(), vu.end(), lut_inst), std::sregex_iterator())) == nl.luts.num_luts());
  CHECK(vx.find("clk") == std::string::npos);

  TempDir dir("files");
  auto st = write_verilog(nl, {"xilinx", 0}, dir.path);
  CHECK(st.files == std::vector<std::string>{"rtl/layered.v", "rtl/lut_models.v"});
  CHECK(st.sim_only_files == std::vector<std::string>{"rtl/lut_models.v"});
  CHECK(util::read_file(dir.path / "rtl/layered.v") == vu);
  auto sg = write_verilog(nl, {"generic", 0}, dir.path / "g");
  CHECK(sg.files == std::vector<std::string>{"rtl/layered.v"});
  CHECK(sg.sim_only_files.empty());
}

TEST_CASE("verilog_writer: internal names never collide with port names" * doctest::test_suite("tools")) {
  Netlist nl;
  nl.top = "clash";
  nl.inputs = {{"n0", 2}};
  nl.outputs = {{"n1", 1}};
  nl.luts = logic::LutNetwork(2);
  auto l0 = nl.luts.add_lut({nl.luts.pi(0), nl.luts.pi(1)}, 0x6);
  auto l1 = nl.luts.add_lut({l0}, 0x1);
  nl.luts.add_po(l1);
  nl.lut_layer = {1, 2};
  nl.num_layers = 2;
  std::string v = emit_verilog(nl, {"generic", 1});
  CHECK(v.find("wire lutc_n0;") != std::string::npos);
  CHECK(lint(nl, {"generic", 1}) == "");
  CHECK(lint(nl, {"xilinx", 0}) == "");
  check_against_evaluate(nl, {{"generic", 1}, {"xilinx", 0}}, {2, 0}, "clash");
}

TEST_CASE("verilog_writer: user errors are diagnostics") {
  Netlist nl = hand_netlist();
  CHECK_THROWS_AS(emit_verilog(nl, {"altera", 0}), Diagnostic);
  CHECK_THROWS_AS(emit_verilog(nl, {"xilinx", -1}), Diagnostic);
  Netlist clk = nl;
  clk.inputs[1].name = "clk";
  CHECK_NOTHROW(emit_verilog(clk, {"xilinx", 0}));
  CHECK_THROWS_AS(emit_verilog(clk, {"xilinx", 1}), Diagnostic);
  Netlist bad = nl;
  bad.top = "2fast";
  CHECK_THROWS_AS(emit_verilog(bad, {"xilinx", 0}), Diagnostic);
}

TEST_CASE("verilog_writer: Xilinx INIT and pin order agree with Yosys's own Xilinx cell models" * doctest::test_suite("tools")) {
  // Yosys's cells_sim.v is an independent definition of LUT1..LUT6; a SAT proof shows the emitted
  // Xilinx design equals the generic one (which indexes INIT directly) for every input.
  if (util::find_program("yosys").empty()) {
    MESSAGE("yosys not installed");
    return;
  }
  Netlist nl = testing::minimized_netlist(9, 4, 23, 6);
  Netlist gen = nl;
  gen.top = "gen";
  TempDir dir("equiv");
  write_verilog(nl, {"xilinx", 0}, dir.path);
  write_verilog(gen, {"generic", 0}, dir.path);
  std::string script =
      "read_verilog -lib +/xilinx/cells_xtra.v\n"
      "read_verilog rtl/gen.v\n"
      "read_verilog rtl/minimized.v\n"
      "read_verilog -icells +/xilinx/cells_sim.v\n"
      "hierarchy -check\n"
      "proc\nflatten\nopt_clean\n"
      "miter -equiv -flatten -make_assert minimized gen miter\n"
      "hierarchy -top miter\n"
      "sat -verify -prove-asserts -show-ports miter\n";
  util::write_file(dir.path / "equiv.ys", script);
  auto r = util::run_process({"yosys", "-q", "-s", "equiv.ys"}, dir.path);
  INFO(r.output);
  CHECK(r.exit_code == 0);

  // And the proof is not vacuous: flipping one INIT bit of the Xilinx design must fail it.
  Netlist wrong = nl;
  auto original = nl.luts.simulate();
  bool changed = false;
  for (size_t i = 0; i < nl.luts.num_luts() && !changed; ++i)
    for (int bit = 0; bit < 64 && !changed; ++bit) {
      wrong = nl;
      auto& lut = wrong.luts.lut(wrong.luts.lut_signal(i));
      if (bit >= (1 << lut.fanins.size())) break;
      lut.init ^= uint64_t{1} << bit;
      changed = wrong.luts.simulate() != original;
    }
  REQUIRE(changed);
  write_verilog(wrong, {"xilinx", 0}, dir.path);
  auto r2 = util::run_process({"yosys", "-q", "-s", "equiv.ys"}, dir.path);
  CHECK(r2.exit_code != 0);
}

namespace {

/// s = (y << 1) - {l1, l0, x3} (6 bits, signed terms) and t = x + y + 1 (5 bits), with l0, l1
/// 3-input LUTs of x read only by s: the Xilinx writer emits both as explicit CARRY4 chains and
/// merges l0 (read at one bit; l1 also extends the sign) into a propagate LUT of s.
Netlist carry_netlist(uint64_t init0, uint64_t init1) {
  Netlist nl;
  nl.top = "carry";
  nl.inputs = {{"x", 4}, {"y", 4}};
  nl.outputs = {{"s", 6}, {"t", 5}};
  nl.luts = logic::LutNetwork(8 + 6 + 5);
  auto pi = [&](uint32_t i) { return nl.luts.pi(i); };
  logic::Signal l0 = nl.luts.add_lut({pi(0), pi(1), pi(2)}, init0);
  logic::Signal l1 = nl.luts.add_lut({pi(1), pi(2), pi(3)}, init1);
  ArithCell s;
  s.terms = {{{pi(4), pi(5), pi(6), pi(7)}, true, 1, false}, {{pi(3), l0, l1}, true, 0, true}};
  s.width = 6;
  s.first_pi = 8;
  ArithCell t;
  t.terms = {{{pi(0), pi(1), pi(2), pi(3)}, false, 0, false}, {{pi(4), pi(5), pi(6), pi(7)}, false, 0, false}};
  t.constant = 1;
  t.width = 5;
  t.first_pi = 14;
  nl.cells = {s, t};
  for (uint32_t b = 0; b < 11; ++b) nl.luts.add_po(pi(8 + b));
  return nl;
}

/// Runs a Yosys SAT equivalence proof of modules `a` and `b` read from `files` (with Yosys's own
/// Xilinx cell models); true when they are equal for every input.
bool yosys_equivalent(const std::filesystem::path& dir, const std::vector<std::string>& files, const std::string& a,
                      const std::string& b) {
  std::string script = "read_verilog -lib +/xilinx/cells_xtra.v\n";
  for (const auto& f : files) script += "read_verilog " + f + "\n";
  script += "read_verilog -icells +/xilinx/cells_sim.v\nhierarchy -check\nproc\nflatten\nopt_clean\nmiter -equiv -flatten -make_assert " +
            a + " " + b + " miter\nhierarchy -top miter\nsat -verify -prove-asserts -show-ports miter\n";
  util::write_file(dir / "equiv.ys", script);
  auto r = util::run_process({"yosys", "-q", "-s", "equiv.ys"}, dir);
  return r.exit_code == 0;
}

}  // namespace

TEST_CASE("verilog_writer: explicit CARRY4 chains with merged LUTs equal Verilog + and -, and lutc's CARRY4 model Yosys's" *
          doctest::test_suite("tools")) {
  if (util::find_program("yosys").empty()) {
    MESSAGE("yosys not installed");
    return;
  }
  TempDir dir("carry");
  Netlist nl = carry_netlist(0x96, 0xe8);
  std::string xilinx = emit_verilog(nl, {"xilinx", 0});
  CHECK(xilinx.find("CARRY4 ") != std::string::npos);
  CHECK(xilinx.find("_xor") != std::string::npos);  // l0 merged into a propagate LUT
  util::write_file(dir.path / "carry_xilinx.v", xilinx);
  Netlist gen = nl;
  gen.top = "carry_gen";
  util::write_file(dir.path / "carry_gen.v", emit_verilog(gen, {"generic", 0}));
  CHECK(yosys_equivalent(dir.path, {"carry_xilinx.v", "carry_gen.v"}, "carry", "carry_gen"));
  // Not vacuous: a different LUT function in the generic design fails the proof.
  Netlist wrong = carry_netlist(0x96, 0xe9);
  wrong.top = "carry_gen";
  util::write_file(dir.path / "carry_gen.v", emit_verilog(wrong, {"generic", 0}));
  CHECK(!yosys_equivalent(dir.path, {"carry_xilinx.v", "carry_gen.v"}, "carry", "carry_gen"));

  // rtl/lut_models.v's CARRY4 (what Verilator simulates) equals Yosys's cells_sim.v CARRY4.
  write_verilog(nl, {"xilinx", 0}, dir.path);
  std::string text = util::read_file(dir.path / "rtl" / "lut_models.v");
  size_t from = text.find("module CARRY4"), to = text.find("endmodule", from);
  REQUIRE(from != std::string::npos);
  std::string mine = text.substr(from, to + 9 - from);
  mine.replace(0, 13, "module MY_CARRY4");
  util::write_file(dir.path / "my_carry4.v", mine + "\n");
  CHECK(yosys_equivalent(dir.path, {"my_carry4.v"}, "MY_CARRY4", "CARRY4"));
}

TEST_CASE("verilog_writer: incrementer, tail-LUT and ternary (LUT6_2) carry chains equal Verilog + and -" * doctest::test_suite("tools")) {
  if (util::find_program("yosys").empty()) {
    MESSAGE("yosys not installed");
    return;
  }
  // u = x + 3 (incrementer: bit 0 is ~x[0], x[0] the carry-in), v = x + y (5 bits unsigned: bit 4
  // is the carry-out, no CARRY4), w = x - y + (z << 1) (three terms, one negated), q = x + y + z
  // read up to bit 2 only (trimmed).
  Netlist nl;
  nl.top = "chains";
  nl.inputs = {{"x", 4}, {"y", 4}, {"z", 3}};
  nl.outputs = {{"u", 5}, {"v", 5}, {"w", 7}, {"q", 3}};
  nl.luts = logic::LutNetwork(11 + 5 + 5 + 7 + 6);
  auto pi = [&](uint32_t i) { return nl.luts.pi(i); };
  ArithTerm x{{pi(0), pi(1), pi(2), pi(3)}, false, 0, false}, y{{pi(4), pi(5), pi(6), pi(7)}, false, 0, false};
  ArithTerm z{{pi(8), pi(9), pi(10)}, true, 1, false};
  ArithCell u{{x}, 3, 0, 5, 11, 0};
  ArithCell v{{x, y}, 0, 0, 5, 16, 0};
  ArithTerm minus_y = y;
  minus_y.negate = true;
  ArithCell w{{x, minus_y, z}, 0, 0, 7, 21, 0};
  ArithCell q{{x, y, z}, 1, 0, 6, 28, 0};
  nl.cells = {u, v, w, q};
  for (uint32_t b = 11; b < 28 + 3; ++b) nl.luts.add_po(pi(b));
  TempDir dir("chains");
  backend::emit_stats st;
  std::string xilinx = emit_verilog(nl, {"xilinx", 0}, &st);
  CHECK(st.carry.ternary_chains == 2);
  CHECK(st.carry.carry4_tail == 1);      // v's bit 4
  CHECK(st.carry.carry4_trimmed == 1);   // q: 6 sum bits, 3 read
  CHECK(xilinx.find("LUT6_2 ") != std::string::npos);
  util::write_file(dir.path / "chains_xilinx.v", xilinx);
  Netlist gen = nl;
  gen.top = "chains_gen";
  util::write_file(dir.path / "chains_gen.v", emit_verilog(gen, {"generic", 0}));
  CHECK(yosys_equivalent(dir.path, {"chains_xilinx.v", "chains_gen.v"}, "chains", "chains_gen"));
  // Not vacuous: a different constant in the generic design fails the proof.
  gen.cells[3].constant = 2;
  util::write_file(dir.path / "chains_gen.v", emit_verilog(gen, {"generic", 0}));
  CHECK(!yosys_equivalent(dir.path, {"chains_xilinx.v", "chains_gen.v"}, "chains", "chains_gen"));
  // rtl/lut_models.v's LUT6_2 (what Verilator simulates) equals Yosys's cells_sim.v LUT6_2.
  write_verilog(nl, {"xilinx", 0}, dir.path);
  std::string text = util::read_file(dir.path / "rtl" / "lut_models.v");
  size_t from = text.find("module LUT6_2"), to = text.find("endmodule", from);
  REQUIRE(from != std::string::npos);
  std::string mine = text.substr(from, to + 9 - from);
  mine.replace(0, 13, "module MY_LUT6_2");
  // Wrapped with an INIT whose two halves differ, every input free (I5 included).
  auto wrapper = [](const std::string& name, const std::string& cell) {
    return "module " + name + "(input wire [5:0] i, output wire o6, output wire o5);\n  " + cell +
           " #(.INIT(64'h96e8_1ff0_3c5a_e817)) l (.O6(o6), .O5(o5), .I0(i[0]), .I1(i[1]), .I2(i[2]), .I3(i[3]), .I4(i[4]), "
           ".I5(i[5]));\nendmodule\n";
  };
  util::write_file(dir.path / "my_lut6_2.v", mine + "\n" + wrapper("wrap_mine", "MY_LUT6_2") + wrapper("wrap_yosys", "LUT6_2"));
  CHECK(yosys_equivalent(dir.path, {"my_lut6_2.v"}, "wrap_mine", "wrap_yosys"));
}
