#include <doctest/doctest.h>

#include "../passes/pass_test_util.hpp"
#include "lower/lower.hpp"
#include "ir/software_model.hpp"
#include "passes/pass_manager.hpp"

using namespace lutc;


TEST_CASE("the lowered netlist computes the model on every known output bit") {
  test::QuietLog quiet;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    ir::Network original = test::random_network(seed);
    ir::Network net = original;
    passes::run_default_passes(net);
    net.compute_layers();
    lower::lower_params ps;
    ps.use_cache = false;
    ps.jobs = 2;
    ps.minimize.lut_size = 4 + static_cast<int>(seed % 3);
    lower::lower_stats st;
    backend::Netlist nl = lower::lower_to_netlist(net, ps, &st);
    CHECK(nl.lut_layer.size() == nl.luts.num_luts());
    for (const auto& l : nl.luts.luts()) CHECK(l.fanins.size() <= static_cast<size_t>(ps.minimize.lut_size));
    ir::SoftwareModel model(original);
    int bits = original.total_input_bits();
    for (uint64_t code = 0; code < (uint64_t{1} << bits); ++code) {
      std::vector<uint64_t> in;
      int shift = 0;
      for (ir::NodeId i : original.inputs) {
        in.push_back(ir::bits_of(code, shift, original.nodes[i].width));
        shift += original.nodes[i].width;
      }
      auto ref = model.evaluate(in);
      auto got = backend::evaluate_ports(nl, in);
      for (size_t p = 0; p < got.size(); ++p) REQUIRE(((got[p] ^ ref.values[p]) & ref.known[p]) == 0);
    }
  }
}

TEST_CASE("identical LUTs of different tables are shared, as Yosys would merge them") {
  // Two tables computing the same function of the same inputs, kept apart by different names.
  ir::Network net;
  ir::NodeId x = net.add_input("x", 8);
  std::vector<uint64_t> rows;
  for (uint64_t r = 0; r < 256; ++r) rows.push_back((r * 37 + (r >> 3)) % 5 == 0);
  for (int k = 0; k < 2; ++k) {
    ir::NodeId id = net.add_table("t" + std::to_string(k), {{x, 0, 8}}, 1, rows);
    net.outputs.push_back({"y" + std::to_string(k), {id, 0, 1}, std::nullopt});
  }
  net.compute_layers();
  lower::lower_params ps;
  ps.use_cache = false;
  lower::lower_stats st;
  backend::Netlist nl = lower::lower_to_netlist(net, ps, &st);
  CHECK(st.luts_shared > 0);
  CHECK(nl.luts.pos()[0] == nl.luts.pos()[1]);
}
