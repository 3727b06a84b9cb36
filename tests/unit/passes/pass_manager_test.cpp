#include "passes/pass_manager.hpp"

#include <doctest/doctest.h>

#include "frontend/read_model.hpp"
#include "frontend/yaml_model.hpp"
#include "pass_test_util.hpp"

using namespace lutc;
using lutc::test::check_refines;
using lutc::test::random_network;

TEST_CASE("default passes on tiny_mlp keep every output and shrink the tables") {
  ir::Network net = frontend::read_model(std::string(LUTC_SOURCE_DIR) + "/examples/tiny_mlp.yaml");
  ir::Network before = net;
  passes::pipeline_stats st = passes::run_default_passes(net);
  check_refines(before, net);
  CHECK(st.prune.table_bits_before == before.table_bits());
  CHECK(st.prune.table_bits_after == net.table_bits());
  CHECK(net.table_bits() < before.table_bits());
  CHECK(net.find("h3") < 0);
  CHECK(st.reach.rows_made_dont_care > 0);
}

TEST_CASE("default passes on random networks: outputs preserved, deterministic") {
  test::QuietLog quiet;
  for (uint64_t seed = 1000; seed < 1200; ++seed) {
    CAPTURE(seed);
    ir::Network net = random_network(seed);
    ir::Network before = net;
    passes::pipeline_stats st = passes::run_default_passes(net);
    check_refines(before, net);
    CHECK(st.prune.table_bits_after == net.table_bits());
    // retable may widen a table's index within K bits (same LUTs, one level less), so table
    // bits can grow; the number of nodes cannot.
    CHECK(net.nodes.size() <= before.nodes.size());
    ir::Network again = before;
    passes::run_default_passes(again);
    CHECK(frontend::write_yaml_model(again) == frontend::write_yaml_model(net));
  }
}
