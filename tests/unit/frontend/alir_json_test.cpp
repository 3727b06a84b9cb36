#include "frontend/alir_json.hpp"

#include <doctest/doctest.h>

#include <sstream>

#include "frontend/dataset.hpp"
#include "ir/batch_model.hpp"
#include "ir/software_model.hpp"
#include "util/diagnostic.hpp"
#include "util/gzip.hpp"

using namespace lutc;

namespace {

const char* kModels[] = {"e113938", "e142016", "e177791", "e32600", "e87994"};

std::string alir_dir(const std::string& model) { return std::string(LUTC_SHARED_DATA) + "/hgq_lut_ae/jsc_hlf_openml_alir/" + model; }

/// alkaid's CombLogic.predict outputs, one row of reals per sample.
std::vector<std::vector<double>> read_predictions(const std::string& path) {
  std::istringstream in(util::read_maybe_gzip(path));
  std::string line;
  std::getline(in, line);  // header y0..y4
  std::vector<std::vector<double>> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<double> r;
    std::istringstream fields(line);
    std::string f;
    while (std::getline(fields, f, ',')) r.push_back(std::stod(f));
    rows.push_back(r);
  }
  return rows;
}

}  // namespace

TEST_CASE("alir_format is alkaid's minimal fixed-point type") {
  auto f = frontend::alir_format(-4.0, 3.875, 0.125);  // signed, 2 integer bits + sign, 3 fractional
  CHECK(f.is_signed);
  CHECK(f.width() == 6);
  CHECK(f.frac_bits == 3);
  CHECK(frontend::alir_format(-3.875, 4.0, 0.125).width() == 7);  // 4.0 needs one more integer bit
  CHECK(frontend::alir_format(0, 16, 16).width() == 1);            // codes 0..1 with a step of 16
  CHECK(frontend::alir_format(0, 16, 16).frac_bits == -4);
  CHECK(frontend::alir_format(-2, -2, 2).width() == 1);            // the single code -1
  CHECK(frontend::alir_format(0, 0, 1).width() == 0);
}

TEST_CASE("ALIR lookups index the operand's two's-complement code; keys outside its range are frontend don't cares") {
  // x in [-1, 2] step 1 (signed, 3 bits) -> table keys 0..3 for x = -1..2.
  std::string text = R"({"spec_version":4,"meta":"ALIRModel","model":[[1,1],[0],[1],[0],[false],
    [[[],-1,[0],[-1.0,2.0,1.0],0,0],[[0],8,[0],[0.0,7.0,1.0],0,0]],1,1,
    [{"spec":{"hash":"h","out_qint":{"min":0.0,"max":7.0,"step":1.0},"inp_width":3},"table":[5,6,7,1]}]]})";
  ir::Network net = frontend::parse_alir("t.json", text);
  const ir::Node& t = net.nodes[net.outputs[0].source.node];
  REQUIRE(t.is_table());
  CHECK(t.table().index_bits == 3);
  CHECK(t.table().care_source == ir::CareSource::frontend);
  CHECK(t.table().rows[7] == 5);  // code 0b111 = -1 -> key 0
  CHECK(t.table().rows[0] == 6);  // x = 0 -> key 1
  CHECK(t.table().rows[2] == 1);  // x = 2 -> key 3
  for (uint64_t r : {3, 4, 5, 6}) CHECK_FALSE(t.table().cares(0, r));
  CHECK(net.nodes[net.inputs[0]].name == "x0");
  CHECK(net.outputs[0].name == "y0");
}

TEST_CASE("ALIR errors name the JSON path") {
  std::string text = R"({"spec_version":4,"model":[[1,1],[0],[1],[0],[false],[[[],-1,[0],[-1.0,2.0,1.0],0,0],[[0,5],0,[0],[0.0,7.0,1.0],0,0]],1,1]})";
  try {
    frontend::parse_alir("m.json", text);
    FAIL("no error");
  } catch (const Diagnostic& d) {
    CHECK(std::string(d.what()) == "m.json: error: ops[1].addr[1]: refers to a later op");
  }
}

TEST_CASE("software model equals alkaid's CombLogic.predict on the 5 shared HGQ-LUT models") {
  for (const char* m : kModels) {
    CAPTURE(m);
    ir::Network net = frontend::read_alir(alir_dir(m) + "/model.json");
    auto data = frontend::read_dataset(alir_dir(m) + "/in.csv.gz", net);
    auto want = read_predictions(alir_dir(m) + "/pred.csv.gz");
    REQUIRE(data.inputs.size() == want.size());
    REQUIRE(want.size() == 10000);
    ir::SoftwareModel model(net);
    // The bit-parallel model (per-lane arithmetic) must give exactly the scalar model's results.
    const auto batch = ir::BatchModel(net).evaluate(data.inputs);
    size_t differences = 0, batch_differences = 0;
    for (size_t s = 0; s < want.size(); ++s) {
      auto r = model.evaluate(data.inputs[s]);
      REQUIRE(want[s].size() == net.outputs.size());
      for (size_t p = 0; p < net.outputs.size(); ++p)
        if (ir::port_value(net.outputs[p], r.values[p]) != want[s][p]) ++differences;
      if (batch[s].values != r.values || batch[s].known != r.known) ++batch_differences;
    }
    CHECK(differences == 0);
    CHECK(batch_differences == 0);
  }
}
