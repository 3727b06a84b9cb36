#include "verify/design.hpp"

#include <doctest/doctest.h>

#include "test_designs.hpp"
#include "util/diagnostic.hpp"

using namespace lutc;
using namespace lutc::verify;
namespace fs = std::filesystem;

TEST_CASE("read_design reads the design object of report.json") {
  testing::TempDir out("design-read");
  testing::write_out_dir(out.path, "net", "module net(input [2:0] a, output b); endmodule\n", {{"a", 3}, {"c", 5}},
                      {{"b", 1}}, 2, 3);
  Design d = read_design(out.path);
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
  REQUIRE(d.rtl_files.size() == 1);
  CHECK(d.rtl_files[0].is_absolute());
  CHECK(fs::equivalent(d.rtl_files[0], out.path / "rtl" / "net.v"));
}

TEST_CASE("simulation_files lists RTL then sim-only files without repeats") {
  testing::TempDir dir("design-files");
  util::write_file(dir.path / "rtl/top.v", "");
  util::write_file(dir.path / "rtl/lut_models.v", "");
  util::write_file(dir.path / "sim/extra.v", "");
  Design d = parse_design(R"({"top":"top","inputs":[],"outputs":[{"name":"y","width":1}],
      "rtl_files":["rtl/top.v","rtl/lut_models.v"],"sim_only_files":["rtl/lut_models.v","sim/extra.v"]})",
                          dir.path, "report.json");
  auto files = d.simulation_files();
  REQUIRE(files.size() == 3);
  CHECK(files[0].filename() == "top.v");
  CHECK(files[1].filename() == "lut_models.v");
  CHECK(files[2].filename() == "extra.v");
  CHECK_FALSE(d.has_clock());
}

TEST_CASE("malformed designs are diagnostics naming the report") {
  testing::TempDir dir("design-bad");
  util::write_file(dir.path / "rtl/top.v", "");
  auto parse = [&](const std::string& text) { return parse_design(text, dir.path, "OUT/report.json"); };
  auto message = [&](const std::string& text) {
    try {
      parse(text);
    } catch (const Diagnostic& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message(R"({"inputs":[],"outputs":[{"name":"y","width":1}],"rtl_files":["rtl/top.v"]})")
            .find("OUT/report.json: error: design: missing field 'top'") != std::string::npos);
  CHECK(message(R"({"top":"t","inputs":[{"name":"x","width":0}],"outputs":[{"name":"y","width":1}],"rtl_files":["rtl/top.v"]})")
            .find("width 0") != std::string::npos);
  CHECK(message(R"({"top":"t","inputs":[],"outputs":[{"name":"y","width":1}],"rtl_files":["rtl/missing.v"]})")
            .find("'rtl/missing.v' does not exist") != std::string::npos);
  CHECK(message(R"({"top":"t","inputs":[],"outputs":[],"rtl_files":["rtl/top.v"]})").find("no outputs") !=
        std::string::npos);
  CHECK(message("{not json").find("invalid JSON") != std::string::npos);
  CHECK_THROWS_AS(read_design(dir.path / "nowhere"), Diagnostic);
}
