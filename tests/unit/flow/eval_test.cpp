#include <doctest/doctest.h>

#include "../test_util.hpp"
#include "flow/compile.hpp"
#include "flow/eval.hpp"
#include "frontend/read_model.hpp"
#include "ir/software_model.hpp"
#include "util/fs.hpp"
#include "util/log.hpp"

using namespace lutc;
using lutc::test::TempDir;

const std::string kExample = lutc::test::example_model();

TEST_CASE("eval runs the model or the compiled netlist; labels give accuracy") {
  log::set_level(log::Level::quiet);
  TempDir tmp("flow");
  flow::compile_params ps;
  ps.use_cache = false;
  flow::compile_model(kExample, tmp.path / "out", ps);
  // Labels: the model's own outputs for two samples, then one deliberately wrong label.
  ir::Network net = frontend::read_model(kExample);
  ir::SoftwareModel model(net);
  auto r0 = model.evaluate({0, 1, 2, 3}), r1 = model.evaluate({3, 3, 0, 1});
  std::string csv = "a,b,c,d,class_a,class_b\n";
  auto row = [](std::vector<uint64_t> in, uint64_t x, uint64_t y) {
    std::string s;
    for (auto v : in) s += "0x" + std::to_string(v) + ",";
    return s + "0x" + std::to_string(x) + ",0x" + std::to_string(y) + "\n";
  };
  csv += row({0, 1, 2, 3}, r0.values[0], r0.values[1]);
  csv += row({3, 3, 0, 1}, r1.values[0], r1.values[1]);
  csv += row({3, 3, 0, 1}, r1.values[0] ^ 1, r1.values[1]);
  util::write_file(tmp.path / "data.csv", csv);
  flow::eval_params ep;
  ep.data_file = (tmp.path / "data.csv").string();
  auto on_model = flow::evaluate_data(kExample, ep);
  CHECK(on_model.samples == 3);
  CHECK(!on_model.compiled);
  CHECK(on_model.accuracy == doctest::Approx(2.0 / 3.0));
  auto on_out = flow::evaluate_data((tmp.path / "out").string(), ep);
  CHECK(on_out.compiled);
  CHECK(on_out.agreement == 1.0);
  CHECK(on_out.accuracy == doctest::Approx(2.0 / 3.0));
  log::set_level(log::Level::normal);
}
