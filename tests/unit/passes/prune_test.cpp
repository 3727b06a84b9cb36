#include "passes/prune.hpp"

#include <doctest/doctest.h>

#include "frontend/read_model.hpp"
#include "frontend/yaml_model.hpp"
#include "pass_test_util.hpp"

using namespace lutc;
using lutc::test::check_refines;
using lutc::test::random_network;

namespace {

/// True if output bit j of `t` depends on index bit v on its care set, by direct enumeration.
bool depends(const ir::Table& t, int v) {
  for (uint64_t r = 0; r < t.num_rows(); ++r) {
    uint64_t s = r ^ (uint64_t{1} << v);
    for (int j = 0; j < t.out_width; ++j)
      if (t.cares(j, r) && t.cares(j, s) && (((t.rows[r] ^ t.rows[s]) >> j) & 1)) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("remove_index_bit merges the halves and their care sets") {
  // Two index bits, one output bit; bit 1 matters only where bit 0's half is a don't care.
  ir::Table t;
  t.index_bits = 2;
  t.out_width = 1;
  t.rows = {0, 1, 0, 0};           // rows[1] = 1; rows[3] = 0 but row 3 is a don't care
  logic::TruthTable care(2);
  care.set(0, true), care.set(1, true), care.set(2, true);  // row 3 unknown
  t.care = {care};
  CHECK_FALSE(passes::detail::index_bit_used(t, 1));
  CHECK(passes::detail::index_bit_used(t, 0));
  ir::Table r = passes::detail::remove_index_bit(t, 1);
  REQUIRE(r.index_bits == 1);
  CHECK(r.rows == std::vector<uint64_t>{0, 1});  // row 1 takes the cared value of old row 1
  CHECK(r.care.empty());                         // both merged rows are cared: fully specified
}

TEST_CASE("cofactor_index_bit keeps the selected half") {
  ir::Table t;
  t.index_bits = 3;
  t.out_width = 2;
  t.rows = {0, 1, 2, 3, 3, 2, 1, 0};
  ir::Table one = passes::detail::cofactor_index_bit(t, 1, true);  // rows with bit 1 set: 2,3,6,7
  CHECK(one.rows == std::vector<uint64_t>{2, 3, 1, 0});
  ir::Table zero = passes::detail::cofactor_index_bit(t, 2, false);
  CHECK(zero.rows == std::vector<uint64_t>{0, 1, 2, 3});
}

TEST_CASE("prune folds constants, removes unused bits, narrows outputs and removes dead nodes") {
  ir::Network net;
  net.name = "hand";
  ir::NodeId a = net.add_input("a", 2);
  ir::NodeId b = net.add_input("b", 1);
  // k: constant table (every row 2); f: depends on a[0] and k only; g: reads b (dead).
  ir::NodeId k = net.add_table("k", {{b, 0, 1}}, 2, {2, 2});
  std::vector<uint64_t> frows(16);
  for (uint64_t r = 0; r < 16; ++r) frows[r] = ((r & 1) ^ ((r >> 3) & 1)) | (uint64_t{1} << 2);  // bit 2 constant 1
  ir::NodeId f = net.add_table("f", {{a, 0, 2}, {b, 0, 0}, {k, 0, 2}}, 3, frows);
  net.add_table("g", {{b, 0, 1}}, 1, {1, 0});
  net.outputs.push_back({"y", {f, 0, 1}, std::nullopt});
  net.outputs.push_back({"z", {f, 2, 1}, std::nullopt});
  net.compute_layers();
  net.check_invariants();
  ir::Network before = net;
  passes::prune_stats st = passes::prune(net);
  check_refines(before, net);
  CHECK(st.constant_nodes == 1);      // k
  CHECK(st.zero_width_operands == 1);
  CHECK(st.dead_nodes == 2);          // g, and k once folded
  CHECK(st.output_bits_pruned == 1);  // f's bit 1 is never read
  // k's own index bit (b) is unused; f lost k (2 bits) and a[1] (unused): 4 index bits.
  CHECK(st.inputs_pruned == 4);
  int fi = net.find("f");
  REQUIRE(fi >= 0);
  const ir::Node& fn = net.nodes[fi];
  CHECK(fn.kind() == ir::NodeKind::table);
  CHECK(fn.width == 2);
  CHECK(fn.operands == std::vector<ir::Operand>{{net.inputs[0], 0, 1}});
  CHECK(fn.table().rows == std::vector<uint64_t>{3, 2});  // bit 0 = a[0] xor k[1] (k[1] = 1), bit 1 = old bit 2 = 1
  CHECK(net.outputs[1].source == ir::Operand{static_cast<ir::NodeId>(fi), 1, 1});
  CHECK(net.find("g") < 0);
  CHECK(net.find("k") < 0);
  CHECK(st.table_bits_before == 2 * 2 + 16 * 3 + 2 * 1);
  CHECK(st.table_bits_after == 2 * 2);
}

TEST_CASE("a table that is constant only on its care set becomes a constant node feeding an output") {
  ir::Network net;
  ir::NodeId a = net.add_input("a", 2);
  ir::NodeId ti = net.add_table("t", {{a, 0, 2}}, 1, {1, 0, 1, 1});
  logic::TruthTable care(2);
  care.set(0, true), care.set(2, true), care.set(3, true);
  net.nodes[ti].table().care = {care};
  net.outputs.push_back({"y", {ti, 0, 1}, std::nullopt});
  ir::Network before = net;
  passes::prune_stats st = passes::prune(net);
  check_refines(before, net);
  CHECK(st.constant_nodes == 1);
  REQUIRE(net.nodes.size() == 2);
  CHECK(net.nodes[1].kind() == ir::NodeKind::constant);
  CHECK(net.nodes[1].constant_value() == 1);
  CHECK(net.nodes[1].name == "t");
}

TEST_CASE("prune on tiny_mlp removes the constant neuron and the weight-0 operand") {
  ir::Network net = frontend::read_model(std::string(LUTC_SOURCE_DIR) + "/examples/tiny_mlp.yaml");
  ir::Network before = net;
  passes::prune_stats st = passes::prune(net);
  check_refines(before, net);
  // By construction (tools/make_example.py): h3 always saturates, h1 gives d[0] weight 0.
  CHECK(st.constant_nodes >= 1);
  CHECK(net.find("h3") < 0);
  int h1 = net.find("h1");
  REQUIRE(h1 >= 0);
  CHECK(net.nodes[h1].table().index_bits == 4);
  int o1 = net.find("o1");
  REQUIRE(o1 >= 0);
  CHECK(net.nodes[o1].table().index_bits <= 4);  // h3's two bits folded away
  CHECK(st.inputs_pruned >= 3);
  CHECK(st.table_bits_after < st.table_bits_before);
  CHECK(st.table_bits_after == net.table_bits());
}

TEST_CASE("prune on random networks preserves every known output bit and reaches a fixed point") {
  test::QuietLog quiet;
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    CAPTURE(seed);
    ir::Network net = random_network(seed);
    ir::Network before = net;
    passes::prune_stats st = passes::prune(net);
    check_refines(before, net);
    CHECK(st.table_bits_before == before.table_bits());
    CHECK(st.table_bits_after == net.table_bits());
    for (const auto& n : net.nodes) {
      if (n.kind() != ir::NodeKind::table) continue;
      for (const auto& op : n.operands) {
        CHECK(op.width > 0);
        CHECK(net.nodes[op.node].kind() != ir::NodeKind::constant);
      }
      for (int v = 0; v < n.table().index_bits; ++v) CHECK(depends(n.table(), v));
    }
    // Fixed point: a second run finds nothing, and two runs on copies agree (determinism).
    ir::Network again = net;
    passes::prune_stats st2 = passes::prune(again);
    CHECK(st2.inputs_pruned == 0);
    CHECK(st2.constant_nodes == 0);
    CHECK(st2.dead_nodes == 0);
    CHECK(st2.output_bits_pruned == 0);
    ir::Network copy = before;
    passes::prune(copy);
    CHECK(frontend::write_yaml_model(copy) == frontend::write_yaml_model(net));
  }
}
