#include "passes/fuse_sums.hpp"

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

/// y = ((a + b) - (c << 1)) as a chain of two adders; `inner_int_bits` sets whether a + b fits.
ir::Network chain(int inner_int_bits) {
  ir::Network net;
  ir::NodeId a = net.add_node(typed("a", ir::InputOp{}, true, 3, 1));
  ir::NodeId b = net.add_node(typed("b", ir::InputOp{}, true, 3, 1));
  ir::NodeId c = net.add_node(typed("c", ir::InputOp{}, true, 3, 0));
  ir::NodeId ab = net.add_node(typed("ab", ir::AddSubOp{false, 0}, true, inner_int_bits, 1, {whole(net, a), whole(net, b)}));
  ir::NodeId y = net.add_node(typed("y", ir::AddSubOp{true, 1}, true, 6, 1, {whole(net, ab), whole(net, c)}));
  net.outputs.push_back({"y", whole(net, y), net.nodes[y].format});
  net.compute_layers();
  return net;
}

}  // namespace

TEST_CASE("fuse_sums makes an exact adder chain one three-operand sum") {
  ir::Network net = chain(4);  // a + b in [-8, 7]: fits 4 integer bits exactly
  ir::Network before = net;
  auto st = passes::fuse_sums(net);
  passes::prune(net);
  check_refines(before, net);
  CHECK(st.sums == 1);
  CHECK(st.nodes_fused == 1);
  const ir::Node& y = net.nodes[net.outputs[0].source.node];
  REQUIRE(std::holds_alternative<ir::SumOp>(y.op));
  const auto& s = std::get<ir::SumOp>(y.op);
  CHECK(y.operands.size() == 3);
  CHECK(s.negate == std::vector<bool>{false, false, true});
  CHECK(s.shift == std::vector<int>{0, 0, 1});
  CHECK(net.find("ab") < 0);
}

TEST_CASE("fuse_sums keeps an inner adder that wraps") {
  ir::Network net = chain(3);  // a + b can reach -8 or 7: wraps in 3 integer bits
  auto st = passes::fuse_sums(net);
  CHECK(st.sums == 0);
  CHECK(net.find("ab") >= 0);
}

TEST_CASE("fuse_sums refines random mixed networks exactly (exhaustive simulation)") {
  QuietLog quiet;
  size_t fused = 0;
  for (uint64_t seed = 1; seed <= 400; ++seed) {
    CAPTURE(seed);
    ir::Network before = random_mixed(seed);
    ir::Network work = before;
    fused += passes::fuse_sums(work).nodes_fused;
    passes::prune(work);
    check_refines(before, work);
  }
  CHECK(fused > 0);  // the generator must exercise the pass
}
