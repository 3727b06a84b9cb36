#include "passes/share_tables.hpp"

#include <doctest/doctest.h>

#include "frontend/read_model.hpp"
#include "pass_test_util.hpp"

using namespace lutc;
using lutc::test::check_refines;
using lutc::test::random_network;

namespace {

ir::Network two_level_duplicates() {
  ir::Network net;
  ir::Node in;
  in.op = ir::InputOp{};
  in.name = "a";
  in.width = 2;
  ir::NodeId a = net.add_node(in);
  ir::NodeId p1 = net.add_table("p1", {{a, 0, 2}}, 1, {0, 1, 1, 0});
  ir::NodeId p2 = net.add_table("p2", {{a, 0, 2}}, 1, {0, 1, 1, 0});
  ir::NodeId q1 = net.add_table("q1", {{p1, 0, 1}, {a, 1, 1}}, 1, {1, 0, 0, 1});
  ir::NodeId q2 = net.add_table("q2", {{p2, 0, 1}, {a, 1, 1}}, 1, {1, 0, 0, 1});
  ir::NodeId other = net.add_table("other", {{a, 0, 2}}, 1, {1, 1, 1, 0});  // same operands, different rows
  net.outputs.push_back({"y1", {q1, 0, 1}, std::nullopt});
  net.outputs.push_back({"y2", {q2, 0, 1}, std::nullopt});
  net.outputs.push_back({"y3", {other, 0, 1}, std::nullopt});
  net.compute_layers();
  return net;
}

}  // namespace

TEST_CASE("share_tables merges duplicates level by level and redirects readers and outputs") {
  ir::Network net = two_level_duplicates();
  ir::Network before = net;
  passes::share_tables_stats st = passes::share_tables(net);
  check_refines(before, net);
  CHECK(st.tables_shared == 2);  // p2 into p1, then q2 (now reading p1) into q1
  CHECK(net.nodes.size() == 4);
  CHECK(net.find("p2") < 0);
  CHECK(net.find("q2") < 0);
  CHECK(net.outputs[0].source.node == net.outputs[1].source.node);
  CHECK(net.nodes[net.outputs[2].source.node].name == "other");
}

TEST_CASE("share_tables compares rows only on the care set") {
  ir::Network net;
  ir::Node in;
  in.op = ir::InputOp{};
  in.name = "a";
  in.width = 1;
  ir::NodeId a = net.add_node(in);
  logic::TruthTable care(1);
  care.set(0, true);  // row 1 is a don't care
  ir::NodeId t1 = net.add_table("t1", {{a, 0, 1}}, 1, {1, 0});
  ir::NodeId t2 = net.add_table("t2", {{a, 0, 1}}, 1, {1, 1});
  ir::NodeId t3 = net.add_table("t3", {{a, 0, 1}}, 1, {1, 1});  // fully specified: differs in care
  net.nodes[t1].table().care = {care};
  net.nodes[t2].table().care = {care};
  net.outputs.push_back({"y1", {t1, 0, 1}, std::nullopt});
  net.outputs.push_back({"y2", {t2, 0, 1}, std::nullopt});
  net.outputs.push_back({"y3", {t3, 0, 1}, std::nullopt});
  ir::Network before = net;
  passes::share_tables_stats st = passes::share_tables(net);
  check_refines(before, net);
  CHECK(st.tables_shared == 1);
  CHECK(net.nodes.size() == 3);
  CHECK(net.outputs[0].source.node == net.outputs[1].source.node);
  CHECK(net.outputs[2].source.node != net.outputs[0].source.node);
}

TEST_CASE("share_tables on random networks preserves outputs and leaves no identical pair") {
  test::QuietLog quiet;
  uint64_t shared = 0;
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    CAPTURE(seed);
    ir::Network net = random_network(seed);
    ir::Network before = net;
    passes::share_tables_stats st = passes::share_tables(net);
    shared += st.tables_shared + st.constants_shared;
    check_refines(before, net);
    CHECK(net.nodes.size() == before.nodes.size() - st.tables_shared - st.constants_shared);
    for (size_t i = 0; i < net.nodes.size(); ++i)
      for (size_t j = i + 1; j < net.nodes.size(); ++j) {
        const ir::Node &x = net.nodes[i], &y = net.nodes[j];
        if (x.kind() != ir::NodeKind::table || y.kind() != ir::NodeKind::table) continue;
        if (x.operands != y.operands || x.width != y.width) continue;
        bool same = true;
        for (int b = 0; b < x.width && same; ++b) {
          logic::TruthTable cx = x.table().bit_care(b), cy = y.table().bit_care(b);
          same = cx == cy && logic::equal_on(x.table().bit_function(b), y.table().bit_function(b), cx);
        }
        CHECK_FALSE(same);
      }
  }
  CHECK(shared > 10);  // the generator plants duplicates; the test must exercise merging
}
