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

TEST_CASE("tables of one content on different inputs are minimized once and each computes its own inputs") {
  // One table content read at three places (a conv layer's kernel at three positions); a fourth
  // table differs in one row.
  ir::Network net;
  ir::NodeId x = net.add_input("x", 10);
  std::vector<uint64_t> rows;
  for (uint64_t r = 0; r < 256; ++r) rows.push_back((r * 37 + (r >> 3)) % 7);
  std::vector<uint64_t> other = rows;
  other[5] ^= 1;
  for (int k = 0; k < 4; ++k) {
    ir::NodeId id = net.add_table("t" + std::to_string(k), {{x, k % 3, 8}}, 3, k == 3 ? other : rows);
    net.outputs.push_back({"y" + std::to_string(k), {id, 0, 3}, std::nullopt});
  }
  net.compute_layers();
  lower::lower_params ps;
  ps.use_cache = false;
  lower::lower_stats st;
  backend::Netlist nl = lower::lower_to_netlist(net, ps, &st);
  CHECK(st.tables == 4);
  CHECK(st.tables_reused == 2);
  CHECK_FALSE(st.per_table[0].reused);
  CHECK(st.per_table[1].reused);
  CHECK(st.per_table[2].reused);
  CHECK_FALSE(st.per_table[3].reused);
  CHECK(st.per_table[1].luts == st.per_table[0].luts);
  ir::SoftwareModel model(net);
  for (uint64_t code = 0; code < 1024; ++code) {
    auto ref = model.evaluate({code});
    auto got = backend::evaluate_ports(nl, {code});
    for (size_t p = 0; p < got.size(); ++p) REQUIRE(got[p] == ref.values[p]);
  }
}
