#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "backend/netlist_json.hpp"
#include "flow/compile.hpp"
#include "frontend/read_model.hpp"
#include "ir/software_model.hpp"
#include "util/diagnostic.hpp"
#include "util/fs.hpp"
#include "util/log.hpp"
#include "../test_util.hpp"

using namespace lutc;
namespace fs = std::filesystem;
using lutc::test::TempDir;

const std::string kExample = lutc::test::example_model();

TEST_CASE("compile writes a netlist that computes the model, and a report that counts it") {
  log::set_level(log::Level::quiet);
  TempDir tmp("flow");
  flow::compile_params ps;
  ps.use_cache = false;
  auto st = flow::compile_model(kExample, tmp.path / "out", ps);
  auto report = nlohmann::json::parse(util::read_file(tmp.path / "out" / "report.json"));
  auto nl = backend::netlist_from_json(nlohmann::json::parse(util::read_file(tmp.path / "out" / "netlist.json")));
  CHECK(report["luts"].get<size_t>() == nl.luts.num_luts());
  CHECK(st.luts == nl.luts.num_luts());
  CHECK(report["design"]["top"] == "tiny_mlp");
  // The saved model is the input model, before any pass: same function on every code.
  ir::Network saved = frontend::read_model((tmp.path / "out" / "model.yaml").string());
  ir::Network original = frontend::read_model(kExample);
  CHECK(saved.num_tables() == original.num_tables());
  ir::SoftwareModel a(saved), b(original);
  for (uint64_t code = 0; code < 256; ++code) {
    std::vector<uint64_t> in = {code & 3, (code >> 2) & 3, (code >> 4) & 3, (code >> 6) & 3};
    auto ra = a.evaluate(in), rb = b.evaluate(in);
    CHECK(ra.values == rb.values);
    auto got = backend::evaluate_ports(nl, in);
    for (size_t p = 0; p < got.size(); ++p) CHECK(((got[p] ^ rb.values[p]) & rb.known[p]) == 0);
  }
  log::set_level(log::Level::normal);
}

TEST_CASE("a failing compile leaves no output directory") {
  log::set_level(log::Level::quiet);
  TempDir tmp("flow");
  util::write_file(tmp.path / "bad.yaml", "format: lutc-model/v1\nname: x\ninputs: [{name: a, width: 1}]\nnodes: []\noutputs: [{name: y, source: nope}]\n");
  CHECK_THROWS_AS(flow::compile_model((tmp.path / "bad.yaml").string(), tmp.path / "out", {}), Diagnostic);
  CHECK(!fs::exists(tmp.path / "out"));
  flow::compile_params bad;
  bad.lut_size = 7;
  CHECK_THROWS_AS(flow::compile_model(kExample, tmp.path / "out", bad), Diagnostic);
  CHECK(!fs::exists(tmp.path / "out"));
  log::set_level(log::Level::normal);
}
