#include "passes/narrow_bits.hpp"

#include <doctest/doctest.h>

#include "pass_test_util.hpp"
#include "passes/prune.hpp"

using namespace lutc;
using lutc::test::check_refines;
using lutc::test::QuietLog;
using lutc::test::random_mixed;
using lutc::test::typed;
using lutc::test::whole;

namespace {

/// y = t0(a) + t1(b) in a format far wider than needed; t0's values are all even.
ir::Network wide_sum() {
  ir::Network net;
  ir::NodeId a = net.add_node(typed("a", ir::InputOp{}, false, 2, 0));
  ir::NodeId b = net.add_node(typed("b", ir::InputOp{}, false, 2, 0));
  ir::Node t0 = typed("t0", ir::Table{2, 6, {0, 2, 4, 6}, {}, ir::CareSource::full}, true, 4, 2, {whole(net, a)});
  ir::Node t1 = typed("t1", ir::Table{2, 6, {0, 1, 2, 63}, {}, ir::CareSource::full}, true, 4, 2, {whole(net, b)});
  ir::NodeId x = net.add_node(t0), y = net.add_node(t1);
  // t0 in {0, 0.5, 1, 1.5}, t1 in {-0.25, 0, 0.25, 0.5}: the sum lies in [-0.25, 2] (8 codes of 0.25).
  ir::NodeId s = net.add_node(typed("s", ir::AddSubOp{false, 0}, true, 8, 4, {whole(net, x), whole(net, y)}));
  net.outputs.push_back({"s", whole(net, s), net.nodes[s].format});
  net.compute_layers();
  return net;
}

}  // namespace

TEST_CASE("narrow_bits gives a sum and its tables the narrowest formats and keeps the output's code") {
  ir::Network net = wide_sum();
  ir::Network before = net;
  auto st = passes::narrow_bits(net);
  check_refines(before, net);
  const ir::Node& s = net.nodes[net.find("s")];
  // [-0.25, 2] in steps of 0.25: codes -1..8, signed, 2 fraction bits -> 5 bits (was 12).
  CHECK(s.width == 5);
  CHECK(s.format->frac_bits == 2);
  CHECK(s.format->is_signed);
  // t0: codes 0, 2, 4, 6 at 2 fraction bits -> 0..3 at 1 fraction bit, unsigned: 2 bits.
  const ir::Node& t0 = net.nodes[net.find("t0")];
  CHECK(t0.width == 2);
  CHECK(t0.format->frac_bits == 1);
  CHECK(!t0.format->is_signed);
  CHECK(t0.table().rows == std::vector<uint64_t>{0, 1, 2, 3});
  CHECK(st.nodes_narrowed == 1);
  CHECK(st.tables_narrowed == 2);
  CHECK(st.low_bits_removed == 3);  // t0 drops 1, s (4 fraction bits) 2
  CHECK(st.adder_bits_before == 12);
  CHECK(st.adder_bits_after == 5);
  // The output port reads the sum's old 12-bit code through one wiring quantizer.
  CHECK(st.restore_nodes == 1);
  const ir::Node& port = net.nodes[net.outputs[0].source.node];
  CHECK(std::holds_alternative<ir::QuantizeOp>(port.op));
  CHECK(port.width == 12);
}

TEST_CASE("narrow_bits leaves a sum that wraps alone") {
  ir::Network net = wide_sum();
  ir::Node& s = net.nodes[net.find("s")];
  s.format = ir::FixedFormat{true, 1, 2};  // [-0.25, 2] does not fit [-0.5, 0.25]: the sum wraps
  s.width = 3;
  net.outputs[0] = {"s", whole(net, static_cast<ir::NodeId>(net.find("s"))), s.format};
  ir::Network before = net;
  auto st = passes::narrow_bits(net);
  check_refines(before, net);
  CHECK(st.nodes_narrowed == 0);
  CHECK(net.nodes[net.find("s")].width == 3);
}

TEST_CASE("narrow_bits refines random mixed networks exactly (exhaustive simulation)") {
  QuietLog quiet;
  size_t narrowed = 0, tables = 0;
  for (uint64_t seed = 1; seed <= 400; ++seed) {
    CAPTURE(seed);
    ir::Network before = random_mixed(seed);
    ir::Network work = before;
    auto st = passes::narrow_bits(work);
    narrowed += st.nodes_narrowed;
    tables += st.tables_narrowed;
    check_refines(before, work);
    passes::prune(work);
    check_refines(before, work);
  }
  CHECK(narrowed > 0);  // the generator must exercise the pass
  CHECK(tables > 0);
}
