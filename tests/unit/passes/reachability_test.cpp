#include "passes/reachability.hpp"

#include <doctest/doctest.h>

#include "frontend/read_model.hpp"
#include "pass_test_util.hpp"

using namespace lutc;
using lutc::test::check_refines;
using lutc::test::hit_rows;
using lutc::test::random_network;

namespace {

/// Checks the reachability contract on `before` -> `after` by exhaustive simulation: rows hit
/// with a known index keep their care bits, every row that lost care bits is never hit, and
/// the function is unchanged. Returns how many table rows lost all care.
uint64_t check_reachability(const ir::Network& before, const ir::Network& after, bool first_layer_exact) {
  check_refines(before, after);
  REQUIRE(after.nodes.size() == before.nodes.size());
  std::vector<logic::TruthTable> hits = hit_rows(before);
  uint64_t made_dc = 0;
  for (size_t i = 0; i < before.nodes.size(); ++i) {
    const ir::Node &b = before.nodes[i], &a = after.nodes[i];
    if (b.kind() != ir::NodeKind::table) continue;
    CHECK(a.table().rows == b.table().rows);
    bool only_inputs = true;
    for (const auto& op : b.operands) only_inputs &= before.nodes[op.node].kind() == ir::NodeKind::input;
    for (uint64_t r = 0; r < b.table().num_rows(); ++r) {
      bool any_before = false, any_after = false;
      for (int j = 0; j < b.width; ++j) {
        any_before |= b.table().cares(j, r);
        any_after |= a.table().cares(j, r);
        if (hits[i].get(r)) CHECK(a.table().cares(j, r) == b.table().cares(j, r));
        else if (a.table().cares(j, r)) CHECK(b.table().cares(j, r));  // never adds care
      }
      if (any_before && !any_after) ++made_dc;
      // For tables reading only primary inputs the analysis is exact: unhit rows are don't cares.
      if (first_layer_exact && only_inputs && !hits[i].get(r)) CHECK_FALSE(any_after);
    }
  }
  return made_dc;
}

}  // namespace

TEST_CASE("reachability: operands from one node are correlated") {
  ir::Network net;
  ir::NodeId a = net.add_input("a", 2);
  // Index = a[1:0] | a[0] << 2: only rows where index bit 2 equals index bit 0 occur.
  ir::NodeId t = net.add_table("t", {{a, 0, 2}, {a, 0, 1}}, 1, {0, 1, 1, 0, 1, 0, 0, 1});
  net.outputs.push_back({"y", {t, 0, 1}, std::nullopt});
  ir::Network before = net;
  passes::reachability_stats st = passes::reachability(net);
  CHECK(check_reachability(before, net, true) == 4);
  CHECK(st.rows_made_dont_care == 4);
  CHECK(st.unreachable_rows == 4);
  CHECK(st.total_rows == 8);
  CHECK(st.dont_care_fraction == doctest::Approx(0.5));
  for (uint64_t r = 0; r < 8; ++r) CHECK(net.nodes[t].table().cares(0, r) == (((r >> 2) & 1) == (r & 1)));
}

TEST_CASE("reachability: a reader sees only the codes its source produces") {
  ir::Network net;
  ir::NodeId a = net.add_input("a", 2);
  ir::NodeId h = net.add_table("h", {{a, 0, 2}}, 2, {0, 1, 1, 0});  // codes 0 and 1 only
  ir::NodeId b = net.add_input("b", 1);
  ir::NodeId t = net.add_table("t", {{b, 0, 1}, {h, 0, 2}}, 1, {0, 1, 1, 0, 1, 1, 0, 0});
  net.outputs.push_back({"y", {t, 0, 1}, std::nullopt});
  ir::Network before = net;
  passes::reachability_stats st = passes::reachability(net);
  check_reachability(before, net, true);
  CHECK(st.rows_made_dont_care == 4);  // t's rows with h = 2 or 3
  for (uint64_t r = 0; r < 8; ++r) CHECK(net.nodes[t].table().cares(0, r) == ((r >> 2) == 0));
  CHECK(net.nodes[h].table().care.empty());  // h reads an input: every row reachable
}

TEST_CASE("reachability: rows reached only through a don't-care source bit become don't cares") {
  ir::Network net;
  ir::NodeId a = net.add_input("a", 1);
  ir::NodeId h = net.add_table("h", {{a, 0, 1}}, 2, {0b00, 0b11});
  logic::TruthTable c0(1), c1(1);
  c0.set(0, true), c0.set(1, true);  // bit 0 always specified
  c1.set(0, true);                   // bit 1 is a don't care for a = 1
  net.nodes[h].table().care = {c0, c1};
  // t reads both bits of h; t2 reads only bit 0 and must keep both of its rows.
  ir::NodeId t = net.add_table("t", {{h, 0, 2}}, 1, {1, 0, 0, 1});
  ir::NodeId t2 = net.add_table("t2", {{h, 0, 1}}, 1, {1, 0});
  net.outputs.push_back({"y", {t, 0, 1}, std::nullopt});
  net.outputs.push_back({"z", {t2, 0, 1}, std::nullopt});
  ir::Network before = net;
  passes::reachability(net);
  check_reachability(before, net, true);
  // t is reached with a known index only at h = 0 (a = 0); for a = 1 its index is unknown.
  for (uint64_t r = 0; r < 4; ++r) CHECK(net.nodes[t].table().cares(0, r) == (r == 0));
  CHECK(net.nodes[t2].table().care.empty());
}

TEST_CASE("reachability on random networks never hides a reachable row") {
  test::QuietLog quiet;
  uint64_t made_dc = 0;
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    CAPTURE(seed);
    ir::Network net = random_network(seed);
    ir::Network before = net;
    passes::reachability_stats st = passes::reachability(net);
    uint64_t n = check_reachability(before, net, true);
    CHECK(n == st.rows_made_dont_care);
    made_dc += n;
    // The analysis itself over-approximates the hit rows of every table.
    auto reach = passes::detail::reachable_rows(before);
    auto hits = hit_rows(before);
    for (size_t i = 0; i < before.nodes.size(); ++i)
      if (reach[i]) CHECK(logic::is_const0(hits[i] & ~*reach[i]));
  }
  CHECK(made_dc > 100);  // the generator's slices and narrow nodes leave many rows unreachable
}

TEST_CASE("reachability on tiny_mlp") {
  ir::Network net = frontend::read_model(std::string(LUTC_SOURCE_DIR) + "/examples/tiny_mlp.yaml");
  ir::Network before = net;
  passes::reachability_stats st = passes::reachability(net);
  check_reachability(before, net, true);
  CHECK(st.total_rows == 32 + 32 + 16 + 16 + 64 + 64);
  CHECK(st.rows_made_dont_care > 0);  // h3 is constant, so o1 sees one h3 code only
}
