#include "backend/compiled_design.hpp"

#include <doctest/doctest.h>

#include "../verify/test_designs.hpp"
#include "util/diagnostic.hpp"

using namespace lutc;
using namespace lutc::backend;
namespace fs = std::filesystem;
using verify::testing::TempDir;

namespace {

/// The Diagnostic text of `f()`, or "no error".
template <class F>
std::string error_of(F f) {
  try {
    f();
  } catch (const Diagnostic& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("open reads the design object of report.json") {
  TempDir out("design-read");
  verify::testing::write_out_dir(out.path, "net", "module net(input [2:0] a, output b); endmodule\n", {{"a", 3}, {"c", 5}},
                                 {{"b", 1}}, 2, 3);
  CompiledDesign cd = CompiledDesign::open(out.path);
  const DesignInfo& d = cd.design();
  CHECK(d.top == "net");
  CHECK(d.target == "generic");
  CHECK(d.pipeline == 2);
  CHECK(d.latency == 3);
  CHECK(d.has_clock());
  REQUIRE(d.inputs.size() == 2);
  CHECK(d.inputs[1].name == "c");
  CHECK(d.inputs[1].width == 5);
  CHECK(d.input_bits() == 8);
  CHECK(d.output_bits() == 1);
  CHECK(cd.report.luts == 0);
  auto files = cd.simulation_files();
  REQUIRE(files.size() == 1);
  CHECK(files[0].is_absolute());
  CHECK(fs::equivalent(files[0], out.path / "rtl" / "net.v"));
  CHECK(cd.model_path() == out.path / "model.yaml");
}

TEST_CASE("a report round-trips through to_json_text / from_json_text") {
  CompileReport r;
  r.lutc_version = "9.9";
  r.model = "m.yaml";
  r.luts = 42;
  r.neurons = 7;
  r.inputs_pruned = 3;
  r.table_bits_before = 1000;
  r.table_bits_after = 600;
  r.dont_care_fraction = 0.25;
  r.depth = 4;
  r.latency = 1;
  r.seconds = 1.5;
  r.design = {"top", "xilinx", 5, 1, 1, {{"x", 12}, {"s", 1}}, {{"y", 3}}, {"rtl/top.v", "rtl/lut_models.v"}, {"rtl/lut_models.v"}};
  r.stages = {{"read", {{"neurons", 7}}}};
  r.tables = nlohmann::json::array({{{"name", "t"}, {"luts", 2}}});
  CompiledDesign cd{"OUT", r};
  std::string text = cd.to_json_text();
  CHECK(text.find("care_data") == std::string::npos);  // null: left out
  CompileReport back = CompiledDesign::from_json_text(text, "report.json");
  CHECK(nlohmann::json(back) == nlohmann::json(r));
  CHECK(back.design.inputs[0].name == "x");
  CHECK(back.design.lut_size == 5);
  // The fields scripts read keep their names and places.
  auto j = nlohmann::json::parse(text);
  CHECK(j["luts"] == 42);
  CHECK(j["design"]["top"] == "top");
  CHECK(j["design"]["outputs"][0]["width"] == 3);
  CHECK(j["design"]["sim_only_files"][0] == "rtl/lut_models.v");
  r.care_data = {{"rows_made_dont_care", 5}};
  cd.report = r;
  CHECK(nlohmann::json::parse(cd.to_json_text())["care_data"]["rows_made_dont_care"] == 5);
  CHECK(cd.synthesis_files() == std::vector<std::string>{"rtl/top.v"});
  // Verification is left out until verify ran, then round-trips with its per-file accuracy.
  CHECK(text.find("verification") == std::string::npos);
  r.layers = {{1, 0, 7, 40, 2, 9}};
  r.verification.vectors = 100;
  r.verification.data = {{"test.csv", 10, 9, 8, 7, 1, 8.0 / 9, 7.0 / 9}};
  cd.report = r;
  auto v = nlohmann::json::parse(cd.to_json_text());
  CHECK(v["verification"]["data"][0]["rtl_accuracy"] == 8.0 / 9);
  CHECK(v["layers"][0]["adder_bits"] == 9);
  CHECK(nlohmann::json(CompiledDesign::from_json_text(cd.to_json_text(), "report.json")) == nlohmann::json(r));
}

TEST_CASE("save rewrites report.json atomically with what verify recorded") {
  TempDir out("design-save");
  verify::testing::write_out_dir(out.path, "net", "module net(input a, output b); endmodule\n", {{"a", 1}}, {{"b", 1}}, 0, 0);
  CompiledDesign cd = CompiledDesign::open(out.path);
  cd.report.verification.vectors = 2;
  cd.report.verification.mismatches = 1;
  cd.save();
  CHECK(CompiledDesign::open(out.path).report.verification.mismatches == 1);
}

TEST_CASE("simulation_files lists RTL then sim-only files without repeats") {
  TempDir dir("design-files");
  CompiledDesign cd;
  cd.dir = dir.path;
  cd.report.design.rtl_files = {"rtl/top.v", "rtl/lut_models.v"};
  cd.report.design.sim_only_files = {"rtl/lut_models.v", "sim/extra.v"};
  auto files = cd.simulation_files();
  REQUIRE(files.size() == 3);
  CHECK(files[0].filename() == "top.v");
  CHECK(files[1].filename() == "lut_models.v");
  CHECK(files[2].filename() == "extra.v");
}

TEST_CASE("malformed reports are one diagnostic naming the report") {
  auto parse = [](const std::string& text) { return error_of([&] { CompiledDesign::from_json_text(text, "OUT/report.json"); }); };
  auto design = [&](const std::string& d) { return parse(R"({"luts": 1, "design": )" + d + "}"); };
  CHECK(design(R"({"inputs":[],"outputs":[{"name":"y","width":1}],"rtl_files":["rtl/top.v"]})") ==
        "OUT/report.json: error: design: missing field 'top'");
  CHECK(design(R"({"top":"t","inputs":[{"name":"x","width":0}],"outputs":[{"name":"y","width":1}],"rtl_files":["a.v"]})")
            .find("port 'x' has width 0") != std::string::npos);
  CHECK(design(R"({"top":"t","inputs":[],"outputs":[],"rtl_files":["a.v"]})") ==
        "OUT/report.json: error: design: the design has no outputs");
  CHECK(design(R"({"top":"t","outputs":[{"name":"y","width":"wide"}],"rtl_files":["a.v"]})")
            .find("OUT/report.json: error: a field has the wrong type") == 0);
  CHECK(parse(R"({"luts": "many", "design": {}})").find("a field has the wrong type") != std::string::npos);
  CHECK(parse("{not json").find("OUT/report.json: error: invalid JSON") == 0);
  CHECK(parse(R"({"luts": 3})") == "OUT/report.json: error: no 'design' object; is this a `lutc compile` report?");
  CHECK(parse("[1, 2]") == "OUT/report.json: error: the report must be a JSON object");

  TempDir dir("design-bad");
  CHECK(error_of([&] { CompiledDesign::open(dir.path / "nowhere"); }).find("not a lutc output directory (no report.json)") !=
        std::string::npos);
  util::write_file(dir.path / "report.json", R"({"design":{"top":"t","outputs":[{"name":"y","width":1}],"rtl_files":["rtl/missing.v"]}})");
  CHECK(error_of([&] { CompiledDesign::open(dir.path); }).find("listed file 'rtl/missing.v' does not exist") != std::string::npos);
  CHECK(CompiledDesign::is_output_dir(dir.path));
  CHECK_FALSE(CompiledDesign::is_output_dir(dir.path / "report.json"));
}
