#include "frontend/read_model.hpp"

#include <doctest/doctest.h>

#include "util/diagnostic.hpp"

using namespace lutc;

TEST_CASE("read_model dispatches by extension") {
  std::string data = LUTC_SHARED_DATA;
  ir::Network truth = frontend::read_model(data + "/iwls2022/ex70.truth");
  CHECK(truth.name == "ex70");
  CHECK(truth.total_input_bits() == 12);
  CHECK(truth.source_file == data + "/iwls2022/ex70.truth");
  ir::Network pla = frontend::read_model(data + "/iwls2020/ex21.valid.pla");
  CHECK(pla.name == "ex21.valid");
  CHECK(pla.total_input_bits() == 16);
  ir::Network yaml = frontend::read_model(std::string(LUTC_SOURCE_DIR) + "/examples/tiny_mlp.yaml");
  CHECK(yaml.name == "tiny_mlp");
  CHECK(yaml.num_tables() == 6);
}

TEST_CASE("read_model rejects unknown extensions and missing files") {
  CHECK_THROWS_WITH_AS(frontend::read_model("model.xml"),
                       "model.xml: error: unknown model file type '.xml' (expected .yaml, .yml, .truth, .pla, ALIR .json/.json.gz, or Verilog: a .v file or a directory of them)", Diagnostic);
  CHECK_THROWS_AS(frontend::read_model("/nonexistent/model.yaml"), Diagnostic);
}
