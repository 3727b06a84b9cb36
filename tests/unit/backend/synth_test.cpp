// Real Yosys runs on emitted designs: for the Xilinx target Yosys must keep exactly the LUTs lutc
// wrote and exactly the pipeline registers, and the logic depth must equal the netlist's.
#include "backend/synth.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <random>

#include "backend/compiled_design.hpp"
#include "backend/verilog_writer.hpp"
#include "sample_netlists.hpp"
#include "util/diagnostic.hpp"
#include "util/fs.hpp"
#include "util/process.hpp"
#include "../test_util.hpp"

namespace fs = std::filesystem;
using lutc::test::TempDir;
using namespace lutc;
using namespace lutc::backend;

namespace {

/// Writes what `lutc compile` would for synthesis: the RTL and report.json with its design object.
emit_stats make_out(const Netlist& nl, const emit_params& ps, const fs::path& out) {
  auto st = write_verilog(nl, ps, out);
  nlohmann::json report;
  report["luts"] = nl.luts.num_luts();
  report["design"] = DesignInfo{nl.top, ps.target, 6, ps.pipeline, st.latency, nl.inputs, nl.outputs, st.files, st.sim_only_files};
  util::write_file(out / "report.json", report.dump(2));
  return st;
}

/// Longest LUT path inside one pipeline stage (registers cut paths), computed on the netlist.
int staged_depth(const Netlist& nl, int every) {
  std::vector<int> level(nl.luts.num_signals(), 0), stage(nl.luts.num_signals(), 0);
  int best = 0;
  for (size_t i = 0; i < nl.luts.num_luts(); ++i) {
    auto s = nl.luts.lut_signal(i);
    stage[s] = pipeline_stage(nl.lut_layer[i], every);
    int l = 0;
    for (auto f : nl.luts.luts()[i].fanins)
      if (nl.luts.is_lut(f) && stage[f] == stage[s]) l = std::max(l, level[f]);
    level[s] = l + 1;
    best = std::max(best, level[s]);
  }
  return best;
}

bool have_yosys() { return !util::find_program("yosys").empty(); }

}  // namespace

TEST_CASE("synth: Yosys keeps every LUT lutc emits for Xilinx (combinational)" * doctest::test_suite("tools")) {
  if (!have_yosys()) return;
  for (uint64_t seed : {21, 22}) {
    Netlist nl = testing::layered_netlist(seed);
    REQUIRE(nl.luts.remove_dangling() == 0);
    TempDir out("synth-x");
    make_out(nl, {"xilinx", 0}, out.path);
    auto st = run_synth(out.path, {"xilinx", "yosys"});
    CHECK(st.luts == static_cast<int>(nl.luts.num_luts()));
    CHECK(st.ff == 0);
    CHECK(st.muxf == 0);
    CHECK(st.carry == 0);
    CHECK(st.depth == nl.luts.depth());
    int by_size = 0;
    for (const auto& [k, n] : st.luts_by_size) {
      CHECK(k >= 1);
      CHECK(k <= 6);
      by_size += n;
    }
    CHECK(by_size == st.luts);
    // The files.
    auto report = nlohmann::json::parse(util::read_file(out.path / "synth/report.json"));
    CHECK(report["luts"] == st.luts);
    CHECK(report["ff"] == 0);
    CHECK(report["depth"] == st.depth);
    CHECK(report["seconds"].is_number());
    CHECK(report["emitted_luts"] == nl.luts.num_luts());
    std::string md = util::read_file(out.path / "synth/report.md");
    CHECK(md.find("| LUTs | " + std::to_string(st.luts) + " |") != std::string::npos);
    CHECK(fs::exists(out.path / "synth/yosys.log"));
    CHECK(st.log_path == (out.path / "synth/yosys.log").string());
  }
}

TEST_CASE("synth: a deep minimized netlist keeps its LUT count and depth, duplicates included" * doctest::test_suite("tools")) {
  if (!have_yosys()) return;
  Netlist nl = testing::minimized_netlist(12, 4, 5, 6);
  // Two identical LUTs on two outputs: Yosys must not merge lutc's LUT instances.
  auto first = nl.luts.lut_signal(0);
  auto dup = nl.luts.add_lut(nl.luts.lut(first).fanins, nl.luts.lut(first).init);
  nl.lut_layer.push_back(nl.lut_layer[0]);
  nl.luts.add_po(first);
  nl.luts.add_po(dup);
  nl.outputs[0].width += 2;
  TempDir out("synth-deep");
  make_out(nl, {"xilinx", 0}, out.path);
  auto st = run_synth(out.path, {});
  CHECK(st.luts == static_cast<int>(nl.luts.num_luts()));
  CHECK(st.depth == nl.luts.depth());
}

TEST_CASE("synth: pipelined Xilinx design has exactly the emitted registers and a stage-bounded depth" * doctest::test_suite("tools")) {
  if (!have_yosys()) return;
  Netlist nl = testing::layered_netlist(31);
  for (int every : {1, 2}) {
    CAPTURE(every);
    TempDir out("synth-pipe");
    auto es = make_out(nl, {"xilinx", every}, out.path);
    REQUIRE(es.registers > 0);
    auto st = run_synth(out.path, {"xilinx", "yosys"});
    CHECK(st.ff == static_cast<int>(es.registers));
    CHECK(st.luts == static_cast<int>(nl.luts.num_luts() - es.lut_pairs));  // a LUT6_2 pair is one LUT site
    CHECK(st.depth == staged_depth(nl, every));
  }
}

TEST_CASE("synth: real LogicNets neurons keep their LUTs and registers through synth_xilinx" * doctest::test_suite("tools")) {
  if (!have_yosys()) return;
  Netlist nl = testing::logicnets_netlist(std::string(LUTC_SHARED_DATA) + "/iwls2022");
  TempDir out("synth-neurons");
  auto es = make_out(nl, {"xilinx", 1}, out.path);
  REQUIRE(es.luts == nl.luts.num_luts());
  auto st = run_synth(out.path, {"xilinx", "yosys"});
  CHECK(st.luts == static_cast<int>(nl.luts.num_luts()));
  CHECK(st.ff == static_cast<int>(es.registers));
  CHECK(st.depth == staged_depth(nl, 1));
}

TEST_CASE("synth: generic and ice40 targets, and Xilinx RTL synthesized for other targets" * doctest::test_suite("tools")) {
  if (!have_yosys()) return;
  Netlist nl = testing::layered_netlist(41);
  {
    TempDir out("synth-generic");
    auto es = make_out(nl, {"generic", 1}, out.path);
    auto st = run_synth(out.path, {"generic", "yosys"});
    CHECK(st.luts > 0);
    CHECK(st.ff == static_cast<int>(es.registers));
    int by_size = 0;
    for (const auto& [k, n] : st.luts_by_size) by_size += n;
    CHECK(by_size == st.luts);
    auto st40 = run_synth(out.path, {"ice40", "yosys"});
    CHECK(st40.luts > 0);
    CHECK(st40.luts_by_size.count(4) == 1);
    CHECK(st40.ff == static_cast<int>(es.registers));
    auto report = nlohmann::json::parse(util::read_file(out.path / "synth/report.json"));
    CHECK(report["target"] == "ice40");
    CHECK(report["luts"] == st40.luts);
  }
  {
    TempDir out("synth-x2g");
    make_out(nl, {"xilinx", 0}, out.path);
    auto st = run_synth(out.path, {"generic", "yosys"});
    CHECK(st.luts > 0);
    CHECK(st.ff == 0);
  }
}

TEST_CASE("synth: failures are diagnostics naming the log" * doctest::test_suite("tools")) {
  {
    TempDir out("synth-none");
    CHECK_THROWS_AS(run_synth(out.path, {}), Diagnostic);
  }
  {
    TempDir out("synth-bad");
    make_out(testing::layered_netlist(1), {"generic", 0}, out.path);
    CHECK_THROWS_AS(run_synth(out.path, {"altera", "yosys"}), Diagnostic);
    if (!have_yosys()) return;
    util::write_file(out.path / "rtl/layered.v", "module layered(input wire a, output wire b);\n  assign b = a +;\nendmodule\n");
    try {
      run_synth(out.path, {"generic", "yosys"});
      FAIL("yosys accepted a broken design");
    } catch (const Diagnostic& d) {
      std::string msg = d.what();
      CHECK(msg.find("synth/yosys.log") != std::string::npos);
      CHECK(msg.find("syntax error") != std::string::npos);
    }
  }
}
