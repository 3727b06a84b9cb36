#include "verify/verify.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <random>

#include <nlohmann/json.hpp>

#include "flow/compile.hpp"
#include "frontend/read_model.hpp"
#include "ir/network.hpp"
#include "ir/software_model.hpp"
#include "test_designs.hpp"
#include "../test_util.hpp"
#include "util/diagnostic.hpp"
#include "util/fs.hpp"
#include "verify/harness.hpp"
#include "verify/vectors.hpp"

using namespace lutc;
using namespace lutc::verify;
namespace fs = std::filesystem;

namespace {

std::vector<uint64_t> random_rows(int index_bits, int width, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint64_t> rows(size_t{1} << index_bits);
  for (auto& r : rows) r = rng() & ((uint64_t{1} << width) - 1);
  return rows;
}

ir::Table make_table(int index_bits, int width, std::vector<uint64_t> rows) {
  ir::Table t;
  t.index_bits = index_bits;
  t.out_width = width;
  t.rows = std::move(rows);
  return t;
}

/// module <top>(input [ib-1:0] x, output reg [w-1:0] y) as a case statement over `rows`.
std::string table_module(const std::string& top, int index_bits, int width, const std::vector<uint64_t>& rows) {
  return "module " + top + "(input [" + std::to_string(index_bits - 1) + ":0] x, output reg [" +
         std::to_string(width - 1) + ":0] y);\n" + testing::case_block("x", index_bits, "y", width, rows) + "endmodule\n";
}

ir::Node input_node(const std::string& name, int width) {
  ir::Node n;
  n.op = ir::InputOp{};
  n.name = name;
  n.width = width;
  return n;
}

ir::Node table_node(const std::string& name, std::vector<ir::Operand> operands, ir::Table t) {
  ir::Node n;
  n.op = ir::Table{};
  n.name = name;
  n.width = t.out_width;
  n.operands = std::move(operands);
  n.op = std::move(t);
  return n;
}

verify_params exhaustive_params() {
  verify_params ps;
  ps.jobs = 2;
  return ps;
}

/// The two-layer network x(6) -> a = A[x] (4 bits) -> y = B[a] (3 bits).
ir::Network two_layer_network(const std::vector<uint64_t>& a_rows, const std::vector<uint64_t>& b_rows) {
  ir::Network net;
  net.name = "pipe";
  ir::NodeId x = net.add_node(input_node("x", 6));
  ir::NodeId a = net.add_node(table_node("a", {{x, 0, 6}}, make_table(6, 4, a_rows)));
  ir::NodeId b = net.add_node(table_node("b", {{a, 0, 4}}, make_table(4, 3, b_rows)));
  net.outputs.push_back({"y", {b, 0, 3}, std::nullopt});
  net.compute_layers();
  net.check_invariants();
  return net;
}

/// Registers after each layer: outputs appear two rising edges after the inputs.
std::string two_layer_pipelined_verilog(const std::vector<uint64_t>& a_rows, const std::vector<uint64_t>& b_rows) {
  return "module pipe(input clk, input [5:0] x, output [2:0] y);\n"
         "  reg [3:0] a; reg [3:0] r1; reg [2:0] b; reg [2:0] r2;\n" +
         testing::case_block("x", 6, "a", 4, a_rows) + testing::case_block("r1", 4, "b", 3, b_rows) +
         "  always @(posedge clk) begin\n    r1 <= a;\n    r2 <= b;\n  end\n  assign y = r2;\nendmodule\n";
}

}  // namespace

TEST_CASE("chunks ramp up and down, cover every vector once and never exceed the size") {
  CHECK(detail::chunk_starts(0, 100, 10) == std::vector<uint64_t>{0});
  CHECK(detail::chunk_starts(7, 100, 10) == std::vector<uint64_t>{0, 7});
  CHECK(detail::chunk_starts(25, 100, 10) == std::vector<uint64_t>{0, 10, 15, 25});  // 10 up, the 5 between, 10 down
  CHECK(detail::chunk_starts(1000, 100, 25) == std::vector<uint64_t>{0, 25, 75, 175, 275, 375, 475, 575, 675, 775, 875, 925, 975, 1000});
  CHECK(detail::chunk_starts(20, 5, 5) == std::vector<uint64_t>{0, 5, 10, 15, 20});  // no ramp when smallest is the size
  for (uint64_t total : {1ull, 4095ull, 100000ull, 1000001ull, 10000000ull}) {
    CAPTURE(total);
    const std::vector<uint64_t> starts = detail::chunk_starts(total, 262144, 16384);
    REQUIRE(starts.size() >= 2);
    CHECK(starts.front() == 0);
    CHECK(starts.back() == total);
    for (size_t k = 1; k < starts.size(); ++k) {
      CHECK(starts[k] > starts[k - 1]);
      CHECK(starts[k] - starts[k - 1] <= 262144);
    }
    if (total >= 2 * 262144) CHECK(starts[1] == 16384);  // the first chunk is the smallest
  }
}

TEST_CASE("a correct design has no mismatches over all input codes" * doctest::test_suite("tools")) {
  auto rows = random_rows(5, 3, 11);
  ir::Network model = ir::single_table_network("t5", make_table(5, 3, rows));
  testing::TempDir out("verify-correct");
  testing::write_out_dir(out.path, "t5", table_module("t5", 5, 3, rows), {{"x", 5}}, {{"y", 3}});
  verify_stats st = verify_design(out.path, model, exhaustive_params());
  CHECK(st.exhaustive);
  CHECK(st.vectors == 32);
  CHECK(st.mismatches == 0);
  CHECK(st.compared_bits == 32 * 3);
  CHECK(st.first_mismatch.empty());

  SUBCASE("in small chunks") {
    verify_params ps = exhaustive_params();
    ps.chunk_vectors = 7;
    verify_stats chunked = verify_design(out.path, model, ps);
    CHECK(chunked.vectors == 32);
    CHECK(chunked.mismatches == 0);
    CHECK(chunked.compared_bits == 32 * 3);
  }
}

TEST_CASE("a wrong design has exactly the mismatches it was given" * doctest::test_suite("tools")) {
  auto rows = random_rows(5, 3, 12);
  ir::Network model = ir::single_table_network("t5w", make_table(5, 3, rows));
  auto wrong = rows;
  wrong[5] ^= 2;   // y[1] for x = 5
  wrong[9] ^= 5;   // y[0] and y[2] for x = 9
  wrong[30] ^= 1;
  uint64_t expected_mismatches = 0;
  for (size_t r = 0; r < rows.size(); ++r) expected_mismatches += rows[r] != wrong[r];
  REQUIRE(expected_mismatches == 3);

  testing::TempDir out("verify-wrong");
  testing::write_out_dir(out.path, "t5w", table_module("t5w", 5, 3, wrong), {{"x", 5}}, {{"y", 3}});
  verify_stats st = verify_design(out.path, model, exhaustive_params());
  CHECK(st.vectors == 32);
  CHECK(st.mismatches == expected_mismatches);
  CHECK(st.first_mismatch.find("vector 5 ") == 0);
  CHECK(st.first_mismatch.find("x=0x5") != std::string::npos);
  char expected_text[64];
  std::snprintf(expected_text, sizeof expected_text, "expected y=0x%llx; got y=0x%llx", (unsigned long long)rows[5],
                (unsigned long long)wrong[5]);
  CHECK(st.first_mismatch.find(expected_text) != std::string::npos);
  CHECK(st.first_mismatch.find("differing bits: y[1]") != std::string::npos);

  SUBCASE("in chunks the count is the same") {
    verify_params ps = exhaustive_params();
    ps.chunk_vectors = 4;
    CHECK(verify_design(out.path, model, ps).mismatches == expected_mismatches);
  }
}

TEST_CASE("data-file samples are added to exhaustive and random vectors" * doctest::test_suite("tools")) {
  auto rows = random_rows(5, 3, 12);
  ir::Network model = ir::single_table_network("t5w", make_table(5, 3, rows));
  auto wrong = rows;
  wrong[5] ^= 2;
  wrong[9] ^= 5;
  wrong[30] ^= 1;
  testing::TempDir out("verify-data");
  testing::write_out_dir(out.path, "t5w", table_module("t5w", 5, 3, wrong), {{"x", 5}}, {{"y", 3}});
  util::write_file(out.path / "samples.csv", "x\n5\n1\n0x1e\n2\n");  // two wrong samples of four

  verify_params ps = exhaustive_params();
  ps.data_files = {(out.path / "samples.csv").string()};
  verify_stats st = verify_design(out.path, model, ps);
  CHECK(st.exhaustive);
  CHECK(st.vectors == 32 + 4);
  CHECK(st.mismatches == 3 + 2);

  ps.exhaustive_limit_bits = 4;  // 5 input bits: random vectors instead
  ps.vectors = 50;
  ps.seed = 9;
  VectorSet vs({5}, vector_params{50, 9, 4});
  uint64_t expected = 2;
  std::vector<uint64_t> codes;
  for (uint64_t i = 0; i < vs.size(); ++i) {
    vs.codes(i, codes);
    expected += rows[codes[0]] != wrong[codes[0]];
  }
  verify_stats random = verify_design(out.path, model, ps);
  CHECK_FALSE(random.exhaustive);
  CHECK(random.vectors == 54);
  CHECK(random.mismatches == expected);

  ps.vectors = 0;  // only the samples: the first mismatch names its line
  verify_stats only = verify_design(out.path, model, ps);
  CHECK(only.vectors == 4);
  CHECK(only.mismatches == 2);
  CHECK(only.first_mismatch.find("vector 0 (" + ps.data_files[0] + " line 2)") == 0);
}

TEST_CASE("a label column gives the accuracy of the simulated RTL beside the model's" * doctest::test_suite("tools")) {
  auto rows = random_rows(5, 3, 12);
  ir::Network model = ir::single_table_network("t5w", make_table(5, 3, rows));  // one output: its code is the class
  auto wrong = rows;
  wrong[5] ^= 2;
  wrong[30] ^= 1;
  testing::TempDir out("verify-classes");
  testing::write_out_dir(out.path, "t5w", table_module("t5w", 5, 3, wrong), {{"x", 5}}, {{"y", 3}});
  // Labels are the model's own classes, so the model is always right and the RTL wrong on 5 and 30.
  std::string csv = "x,label\n";
  for (uint64_t x : {5, 1, 30, 2}) csv += std::to_string(x) + "," + std::to_string(rows[x]) + "\n";
  csv += "3,?\n";  // unknown class: simulated and compared bit for bit, not counted for accuracy
  util::write_file(out.path / "labelled.csv", csv);
  verify_params ps = exhaustive_params();
  ps.vectors = 0;
  ps.exhaustive_limit_bits = 0;
  ps.data_files = {(out.path / "labelled.csv").string()};
  verify_stats st = verify_design(out.path, model, ps);
  CHECK(st.vectors == 5);
  CHECK(st.mismatches == 2);  // a vector whose bits and class differ counts once
  REQUIRE(st.data.size() == 1);
  const backend::DataAccuracy& a = st.data[0];
  CHECK(a.samples == 5);
  CHECK(a.labelled == 4);
  CHECK(a.model_correct == 4);
  CHECK(a.rtl_correct == 2);
  CHECK(a.class_mismatches == 2);
  CHECK(a.rtl_accuracy == 0.5);
  CHECK(a.model_accuracy == 1.0);
}

TEST_CASE("a pipelined design is verified by streaming one vector per cycle" * doctest::test_suite("tools")) {
  auto a_rows = random_rows(6, 4, 21), b_rows = random_rows(4, 3, 22);
  ir::Network model = two_layer_network(a_rows, b_rows);
  testing::TempDir out("verify-pipe");
  testing::write_out_dir(out.path, "pipe", two_layer_pipelined_verilog(a_rows, b_rows), {{"x", 6}}, {{"y", 3}}, 1, 2);
  verify_stats st = verify_design(out.path, model, exhaustive_params());
  CHECK(st.vectors == 64);
  CHECK(st.mismatches == 0);

  verify_params chunked = exhaustive_params();
  chunked.chunk_vectors = 5;  // every chunk restarts and drains the pipeline
  CHECK(verify_design(out.path, model, chunked).mismatches == 0);

  SUBCASE("a wrong latency shows up as mismatches between neighbouring vectors") {
    // Declared latency 3 for a 2-cycle pipeline: vector t is compared with the result of vector
    // t + 1 (the last vector is held while draining, so it compares with itself).
    testing::write_out_dir(out.path, "pipe", two_layer_pipelined_verilog(a_rows, b_rows), {{"x", 6}}, {{"y", 3}}, 1, 3);
    auto f = [&](uint64_t x) { return b_rows[a_rows[x]]; };
    uint64_t expected = 0;
    for (uint64_t t = 0; t + 1 < 64; ++t) expected += f(t) != f(t + 1);
    REQUIRE(expected > 0);
    CHECK(verify_design(out.path, model, exhaustive_params()).mismatches == expected);
  }
}

TEST_CASE("ports of more than 64 packed bits (VlWide records) verify bit-exactly" * doctest::test_suite("tools")) {
  // Inputs a(40), b(40): 80 bits; outputs ya = a, t = T[b[5:0]], zb = b: 84 bits.
  auto rows = random_rows(6, 4, 31);
  ir::Network model;
  model.name = "w";
  ir::NodeId a = model.add_node(input_node("a", 40));
  ir::NodeId b = model.add_node(input_node("b", 40));
  ir::NodeId t = model.add_node(table_node("t", {{b, 0, 6}}, make_table(6, 4, rows)));
  model.outputs.push_back({"ya", {a, 0, 40}, std::nullopt});
  model.outputs.push_back({"t", {t, 0, 4}, std::nullopt});
  model.outputs.push_back({"zb", {b, 0, 40}, std::nullopt});
  model.compute_layers();
  model.check_invariants();

  testing::TempDir out("verify-wide");
  std::string verilog =
      "module w(input [39:0] a, input [39:0] b, output [39:0] ya, output reg [3:0] t, output [39:0] zb);\n"
      "  assign ya = a ^ {b[5:0] == 6'd42, 39'b0};\n" +  // wrong in bit 39 when b[5:0] == 42
      testing::case_block("b[5:0]", 6, "t", 4, rows) + "  assign zb = b;\nendmodule\n";
  testing::write_out_dir(out.path, "w", verilog, {{"a", 40}, {"b", 40}}, {{"ya", 40}, {"t", 4}, {"zb", 40}});
  verify_params ps = exhaustive_params();
  ps.vectors = 3000;
  ps.seed = 5;
  verify_stats st = verify_design(out.path, model, ps);
  CHECK_FALSE(st.exhaustive);
  CHECK(st.vectors == 3000);
  CHECK(st.compared_bits == 3000 * 84);

  VectorSet vs({40, 40}, vector_params{3000, 5, 20});
  uint64_t expected = 0;
  std::vector<uint64_t> codes;
  for (uint64_t i = 0; i < vs.size(); ++i) {
    vs.codes(i, codes);
    expected += (codes[1] & 63) == 42;
  }
  REQUIRE(expected > 0);
  CHECK(st.mismatches == expected);
  CHECK(st.first_mismatch.find("differing bits: ya[39]") != std::string::npos);

  SUBCASE("checked on two threads, in chunks that pipeline, the result is the same") {
    // 20,000 vectors in chunks of 8,192: the model and the comparison split each chunk in two.
    ps.vectors = 20000;
    ps.jobs = 2;
    ps.chunk_vectors = 8192;
    VectorSet big({40, 40}, vector_params{20000, 5, 20});
    uint64_t want = 0, first = ~uint64_t{0};
    for (uint64_t i = 0; i < big.size(); ++i) {
      big.codes(i, codes);
      if ((codes[1] & 63) != 42) continue;
      ++want;
      first = std::min(first, i);
    }
    verify_stats two = verify_design(out.path, model, ps);
    CHECK(two.mismatches == want);
    CHECK(two.compared_bits == 20000 * 84);
    CHECK(two.first_mismatch.find("vector " + std::to_string(first) + " ") == 0);
  }
}

TEST_CASE("only bits in the care set are compared" * doctest::test_suite("tools")) {
  // y[0] is a don't care on rows r % 3 == 0, y[1] on rows r >= 12.
  auto rows = random_rows(4, 2, 41);
  ir::Table table = make_table(4, 2, rows);
  table.care = {logic::TruthTable(4), logic::TruthTable(4)};
  uint64_t care_bits = 0;
  for (uint64_t r = 0; r < 16; ++r) {
    table.care[0].set(r, r % 3 != 0);
    table.care[1].set(r, r < 12);
    care_bits += (r % 3 != 0) + (r < 12);
  }
  ir::Network model = ir::single_table_network("dc", table);
  auto on_dc_only = rows;
  for (uint64_t r = 0; r < 16; ++r) {
    if (r % 3 == 0) on_dc_only[r] ^= 1;
    if (r >= 12) on_dc_only[r] ^= 2;
  }
  testing::TempDir out("verify-care");
  testing::write_out_dir(out.path, "dc", table_module("dc", 4, 2, on_dc_only), {{"x", 4}}, {{"y", 2}});
  verify_stats st = verify_design(out.path, model, exhaustive_params());
  CHECK(st.vectors == 16);
  CHECK(st.mismatches == 0);
  CHECK(st.compared_bits == care_bits);

  SUBCASE("a difference on a care bit still counts") {
    auto wrong = on_dc_only;
    wrong[7] ^= 1;  // 7 % 3 != 0: y[0] cares
    testing::write_out_dir(out.path, "dc", table_module("dc", 4, 2, wrong), {{"x", 4}}, {{"y", 2}});
    verify_stats w = verify_design(out.path, model, exhaustive_params());
    CHECK(w.mismatches == 1);
    CHECK(w.first_mismatch.find("vector 7 ") == 0);
  }
}

TEST_CASE("the second verify of an unchanged design reuses the cached simulator" * doctest::test_suite("tools")) {
  testing::TempDir cache("verify-cache-dir");
  testing::ScopedEnv env("LUTC_CACHE_DIR", cache.path.string());
  auto rows = random_rows(6, 5, 51);
  ir::Network model = ir::single_table_network("cached", make_table(6, 5, rows));
  testing::TempDir out("verify-cache");
  testing::write_out_dir(out.path, "cached", table_module("cached", 6, 5, rows), {{"x", 6}}, {{"y", 5}});

  auto timed = [&](verify_stats& st) {
    auto start = std::chrono::steady_clock::now();
    st = verify_design(out.path, model, exhaustive_params());
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  verify_stats first, second;
  double first_s = timed(first);
  double second_s = timed(second);
  CHECK_FALSE(first.cache_hit);
  CHECK(first.build_seconds > 0);
  CHECK(second.cache_hit);
  CHECK(second.build_seconds == 0);
  CHECK(first.mismatches == 0);
  CHECK(second.mismatches == 0);
  CHECK(second_s < first_s / 4);
  int simulators = 0, runtimes = 0, others = 0;
  for (const auto& e : fs::directory_iterator(cache.path / "verilator")) {
    std::string name = e.path().filename().string();
    if (fs::exists(e.path() / "lutc_sim")) ++simulators;
    else if (name.rfind("runtime-", 0) == 0 && fs::exists(e.path() / "verilated.o")) ++runtimes;
    else ++others;
  }
  CHECK(simulators == 1);
  CHECK(runtimes == 1);
  CHECK(others == 0);  // no temporary build directories are left behind

  SUBCASE("a copy of the design in another directory hits the same entry") {
    testing::TempDir copy("verify-cache-copy");
    testing::write_out_dir(copy.path, "cached", table_module("cached", 6, 5, rows), {{"x", 6}}, {{"y", 5}});
    CHECK(verify_design(copy.path, model, exhaustive_params()).cache_hit);
  }
}

TEST_CASE("broken cached Verilator runtime objects are rebuilt, then reused" * doctest::test_suite("tools")) {
  testing::TempDir cache("verify-runtime-dir");
  testing::ScopedEnv env("LUTC_CACHE_DIR", cache.path.string());
  fs::path runtime = detail::runtime_cache_entry(build_params{});
  util::write_file(runtime / "verilated.o", "not an object file");
  auto rows_a = random_rows(4, 2, 71), rows_b = random_rows(4, 2, 72);
  testing::TempDir out_a("verify-runtime-a"), out_b("verify-runtime-b");
  testing::write_out_dir(out_a.path, "ra", table_module("ra", 4, 2, rows_a), {{"x", 4}}, {{"y", 2}});
  testing::write_out_dir(out_b.path, "rb", table_module("rb", 4, 2, rows_b), {{"x", 4}}, {{"y", 2}});
  verify_stats a = verify_design(out_a.path, ir::single_table_network("ra", make_table(4, 2, rows_a)), exhaustive_params());
  CHECK(a.mismatches == 0);
  CHECK(a.vectors == 16);
  REQUIRE(fs::exists(runtime / "verilated.o"));
  CHECK(util::read_file(runtime / "verilated.o").rfind("\x7f" "ELF", 0) == 0);  // replaced by real objects

  verify_stats b = verify_design(out_b.path, ir::single_table_network("rb", make_table(4, 2, rows_b)), exhaustive_params());
  CHECK_FALSE(b.cache_hit);
  CHECK(b.mismatches == 0);
  std::string log = util::read_file(cache.path / "verilator" / verify::build_simulator(backend::CompiledDesign::open(out_b.path), {}).key / "build.log");
  CHECK(log.find("verilated.cpp") == std::string::npos);  // the runtime was not compiled again
}

TEST_CASE("ports that do not match the model are a diagnostic before any build") {
  auto rows = random_rows(5, 3, 61);
  ir::Network model = ir::single_table_network("m", make_table(5, 3, rows));
  testing::TempDir out("verify-ports");
  testing::write_out_dir(out.path, "m", "this is not read\n", {{"x", 4}}, {{"y", 3}});
  try {
    verify_design(out.path, model, exhaustive_params());
    FAIL("expected a diagnostic");
  } catch (const Diagnostic& e) {
    CHECK(std::string(e.what()).find("input 0 'x' is 4 bits wide, the model's 'x' 5") != std::string::npos);
  }
  testing::write_out_dir(out.path, "m", "", {{"x", 5}}, {{"y", 3}, {"z", 1}});
  CHECK_THROWS_AS(verify_design(out.path, model, exhaustive_params()), Diagnostic);
}

namespace {

/// Compiles tiny_mlp (8 input bits: 256 exhaustive vectors) into `out` and complements the INIT
/// of the last LUT6 of its emitted RTL, and with `netlist` the same LUT in its netlist.json.
void compile_with_one_lut_complemented(const fs::path& out, bool netlist) {
  flow::compile_params cps;
  cps.use_cache = false;
  flow::compile_model(lutc::test::example_model(), out, cps);
  const fs::path rtl = out / "rtl" / "tiny_mlp.v";
  std::string text = util::read_file(rtl);
  const std::string init_at = ".INIT(64'h";
  const size_t at = text.rfind(init_at);
  REQUIRE(at != std::string::npos);
  const size_t digits = at + init_at.size();
  char flipped[17];
  std::snprintf(flipped, sizeof flipped, "%016llx", ~std::stoull(text.substr(digits, 16), nullptr, 16));
  text.replace(digits, 16, flipped);
  util::write_file(rtl, text);
  if (!netlist) return;
  const size_t name = text.find("lut_n", digits);  // the instance: lut_n<its index in netlist.json>
  REQUIRE(name != std::string::npos);
  const size_t lut = std::stoul(text.substr(name + 5));
  nlohmann::json nl = nlohmann::json::parse(util::read_file(out / "netlist.json"));
  REQUIRE(nl["luts"].size() > lut);
  REQUIRE(nl["luts"][lut]["fanins"].size() == 6);
  nl["luts"][lut]["init"] = flipped;
  util::write_file(out / "netlist.json", nl.dump());
}

/// Verifies `out` with the RTL alone, then with `sliced` in one chunk and in 16: the same
/// mismatch count and first mismatch, reported as found by `which`.
void expect_sliced_as_rtl_alone(const fs::path& out, const ir::Network& model, verify_params sliced, const std::string& which) {
  verify_params rtl_only = exhaustive_params();
  rtl_only.sim_form = "rtl";
  const verify_stats want = verify_design(out, model, rtl_only);
  REQUIRE(want.mismatches > 0);
  const std::string first = want.first_mismatch.substr(0, want.first_mismatch.find(';'));
  for (uint64_t chunk : {uint64_t{0}, uint64_t{16}}) {  // one chunk; 16 (each one's RTL records checked later)
    CAPTURE(chunk);
    sliced.chunk_vectors = chunk;
    const verify_stats got = verify_design(out, model, sliced);
    CHECK(got.form == "sliced");
    CHECK(got.rtl_vectors == sliced.rtl_vectors);
    CHECK(got.mismatches == want.mismatches);
    CHECK(got.first_mismatch.substr(0, got.first_mismatch.find(';')) == first);
    CHECK(got.first_mismatch.find("(" + which + ")") != std::string::npos);
  }
}

}  // namespace

TEST_CASE("beside the sliced form, the RTL's vectors are checked as they arrive: same count, same first mismatch" *
          doctest::test_suite("tools")) {
  // One LUT of the emitted RTL complemented: the netlist (sliced form) stays right, the RTL is wrong.
  testing::TempDir dir("verify-rtl-later");
  const fs::path bad = dir.path / "bad", good = dir.path / "good";
  compile_with_one_lut_complemented(bad, false);
  const ir::Network model = frontend::read_model(lutc::test::example_model());
  verify_params sliced = exhaustive_params();
  sliced.sim_form = "sliced";
  sliced.rtl_vectors = 256;
  expect_sliced_as_rtl_alone(bad, model, sliced, "RTL");
  flow::compile_params cps;
  cps.use_cache = false;
  flow::compile_model(lutc::test::example_model(), good, cps);
  CHECK(verify_design(good, model, sliced).mismatches == 0);
}

TEST_CASE("a wrong netlist is found by the sliced form in every chunk: the RTL's count and first mismatch" *
          doctest::test_suite("tools")) {
  // The same LUT complemented in the RTL and in netlist.json: the RTL alone and the sliced form
  // alone (no RTL prefix; each block first compared in one pass) must see the same mismatches.
  testing::TempDir dir("verify-bad-netlist");
  compile_with_one_lut_complemented(dir.path / "out", true);
  verify_params sliced = exhaustive_params();
  sliced.sim_form = "sliced";
  sliced.rtl_vectors = 0;
  expect_sliced_as_rtl_alone(dir.path / "out", frontend::read_model(lutc::test::example_model()), sliced, "sliced netlist");
}
