#include "passes/retable.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "lower/lower.hpp"
#include "pass_test_util.hpp"
#include "passes/prune.hpp"

using namespace lutc;
using lutc::test::check_refines;
using lutc::test::QuietLog;
using lutc::test::Rng;
using lutc::test::random_mixed;
using lutc::test::typed;
using lutc::test::whole;

namespace {

/// HGQ's edge: t(quantize(x + half an LSB)) summed with a second edge table, then quantized.
ir::Network hgq_edge_pair() {
  ir::Network net;
  net.name = "edges";
  ir::NodeId a = net.add_node(typed("a", ir::InputOp{}, true, 2, 1));  // 3 bits
  ir::NodeId b = net.add_node(typed("b", ir::InputOp{}, true, 2, 1));
  ir::NodeId ah = net.add_node(typed("ah", ir::AddConstOp{1, 2}, true, 3, 2, {whole(net, a)}));
  ir::NodeId aq = net.add_node(typed("aq", ir::QuantizeOp{0}, true, 3, 1, {whole(net, ah)}));
  ir::Node ta = typed("ta", ir::Table{}, true, 4, 0, {whole(net, aq)});
  ta.table().index_bits = 4;
  ta.table().out_width = 4;
  for (uint64_t r = 0; r < 16; ++r) ta.table().rows.push_back((r * 5 + 3) & 15);
  ir::NodeId tai = net.add_node(ta);
  ir::Node tb = typed("tb", ir::Table{}, true, 3, 0, {whole(net, b)});
  tb.table().index_bits = 3;
  tb.table().out_width = 3;
  for (uint64_t r = 0; r < 8; ++r) tb.table().rows.push_back((r * 3 + 1) & 7);
  ir::NodeId tbi = net.add_node(tb);
  ir::NodeId s = net.add_node(typed("s", ir::AddSubOp{false, 0}, true, 5, 0, {whole(net, tai), whole(net, tbi)}));
  ir::NodeId q = net.add_node(typed("q", ir::QuantizeOp{-1}, true, 4, 0, {whole(net, s)}));
  net.outputs.push_back({"y", whole(net, q), net.nodes[q].format});
  net.compute_layers();
  net.check_invariants();
  return net;
}

size_t count_kind(const ir::Network& net, bool arithmetic) {
  size_t n = 0;
  for (const auto& node : net.nodes) n += ir::is_arithmetic(node.kind()) == arithmetic && node.kind() != ir::NodeKind::input &&
                                          node.kind() != ir::NodeKind::constant;
  return n;
}

}  // namespace

TEST_CASE("retable folds HGQ's rounding and a narrow adder tree into one table") {
  ir::Network net = hgq_edge_pair();
  ir::Network before = net;
  passes::retable_stats st = passes::retable(net);
  passes::prune(net);
  check_refines(before, net);
  // a and b are 3 bits each: the rounding, both edge tables, the adder and the quantizer all
  // read at most 6 input bits, so one table over [a, b] is left.
  CHECK(st.arith_to_tables == 4);
  CHECK(count_kind(net, true) == 0);
  REQUIRE(net.num_tables() == 1);
  const ir::Node& y = net.nodes[net.outputs[0].source.node];
  CHECK(y.table().index_bits == 6);
}

TEST_CASE("retable leaves arithmetic wider than lut_inputs alone") {
  ir::Network net = hgq_edge_pair();
  ir::Network before = net;
  passes::retable_params ps;
  ps.lut_inputs = 3;  // only the 3-bit chains fit
  passes::retable(net, ps);
  passes::prune(net);
  check_refines(before, net);
  CHECK(count_kind(net, true) == 2);  // the adder (reads 7 bits) and its quantizer
}

TEST_CASE("retable refines random mixed networks exactly (exhaustive simulation)") {
  QuietLog quiet;
  size_t changed = 0;
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    CAPTURE(seed);
    ir::Network net = random_mixed(seed);
    ir::Network before = net;
    for (int k : {2, 4, 6}) {
      ir::Network work = before;
      passes::retable_params ps;
      ps.lut_inputs = k;
      ps.max_index_bits = 8;
      auto st = passes::retable(work, ps);
      changed += st.arith_to_tables + st.tables_reindexed;
      passes::prune(work);
      check_refines(before, work);
    }
  }
  CHECK(changed > 300);  // the generator must exercise the pass
}

TEST_CASE("retable with the minimizer's costs takes wider cones only when they need fewer LUTs") {
  QuietLog quiet;
  lower::lower_params lp;
  lp.use_cache = false;
  passes::cost_model costs;
  size_t asked = 0;
  costs.table_luts = [&](const ir::Table& t) {
    ++asked;
    return lower::minimized_luts(t, lp);
  };
  size_t costed = 0;
  for (uint64_t seed = 1; seed <= 150; ++seed) {
    CAPTURE(seed);
    ir::Network before = random_mixed(seed);
    ir::Network work = before;
    passes::retable_params ps;
    ps.lut_inputs = 3;  // so that cones of 4..8 bits go through the cost model
    ps.max_costed_index_bits = 8;
    auto st = passes::retable(work, ps, &costs);
    costed += st.costed;
    CHECK(st.costed <= st.arith_to_tables + st.tables_reindexed);
    passes::prune(work);
    check_refines(before, work);
  }
  CHECK(asked > 0);
  CHECK(costed > 0);
}
