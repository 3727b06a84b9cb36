#include <doctest/doctest.h>

#include "ir/software_model.hpp"
#include "pass_test_util.hpp"
#include "passes/data_dont_cares.hpp"

using namespace lutc;

TEST_CASE("rows the data never reads become don't cares; the data's outputs stay known and equal") {
  test::QuietLog quiet;
  for (uint64_t seed = 1; seed <= 60; ++seed) {
    ir::Network net = test::random_network(seed);
    test::Rng rng(seed * 7919);
    std::vector<std::vector<uint64_t>> samples;
    for (int s = 0; s < 6; ++s) {
      std::vector<uint64_t> codes;
      for (ir::NodeId i : net.inputs) codes.push_back(rng.next() & test::mask_of(net.nodes[i].width));
      samples.push_back(codes);
    }
    ir::Network before = net;
    // Rows each table reads on the data, counted independently of the pass.
    ir::SoftwareModel model(before);
    std::vector<std::vector<int>> hits(net.nodes.size());
    for (size_t i = 0; i < net.nodes.size(); ++i)
      if (net.nodes[i].kind() == ir::NodeKind::table) hits[i].assign(net.nodes[i].table().num_rows(), 0);
    std::vector<uint64_t> value, known;
    for (const auto& s : samples) {
      model.evaluate_nodes(s, value, known);
      for (size_t i = 0; i < net.nodes.size(); ++i)
        if (!hits[i].empty()) ++hits[i][ir::SoftwareModel::table_index(net.nodes[i], value)];
    }
    passes::data_dont_cares(net, samples, {});
    for (size_t i = 0; i < net.nodes.size(); ++i) {
      if (hits[i].empty()) continue;
      const auto& t = net.nodes[i].table();
      for (uint64_t r = 0; r < t.num_rows(); ++r)
        for (int b = 0; b < t.out_width; ++b)
          REQUIRE(t.cares(b, r) == (hits[i][r] > 0 && before.nodes[i].table().cares(b, r)));
    }
    ir::SoftwareModel after(net);
    for (const auto& s : samples) {
      auto x = model.evaluate(s), y = after.evaluate(s);
      CHECK(x.values == y.values);
      CHECK(x.known == y.known);
    }
  }
}

TEST_CASE("rarity makes rows seen fewer than R times don't cares") {
  test::QuietLog quiet;
  ir::Network net = test::random_network(3);
  std::vector<std::vector<uint64_t>> once = {std::vector<uint64_t>(net.inputs.size(), 0)};
  ir::Network a = net, b = net;
  auto sa = passes::data_dont_cares(a, once, {1});
  auto sb = passes::data_dont_cares(b, once, {2});
  CHECK(sb.rows_made_dont_care > sa.rows_made_dont_care);
}
