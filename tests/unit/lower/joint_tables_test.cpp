// Tests of joint minimization of sibling tables: the greedy clustering joins exactly what its
// cost says gains, and lowering with joint clusters computes the model (exhaustive simulation)
// with no more LUTs per table than without.
#include "lower/joint_tables.hpp"

#include <doctest/doctest.h>

#include <random>

#include "../passes/pass_test_util.hpp"
#include "ir/software_model.hpp"
#include "lower/lower.hpp"

using namespace lutc;

namespace {

logic::MultiFunction one_output(int vars, uint64_t seed) {
  logic::MultiFunction f;
  f.num_vars = vars;
  logic::TruthTable t(vars);
  std::mt19937_64 rng(seed);
  for (uint64_t m = 0; m < t.num_bits(); ++m) t.set(m, rng() & 1);
  f.on.push_back(t);
  f.care.push_back(~logic::TruthTable(vars));
  return f;
}

}  // namespace

TEST_CASE("cluster_jointly joins the pairs whose joint cost is lower, best first" * doctest::test_suite("fast")) {
  std::vector<logic::MultiFunction> fs;
  for (uint64_t s = 0; s < 4; ++s) fs.push_back(one_output(7, s));
  CHECK(lower::concat_outputs({&fs[0], &fs[2]}).on.size() == 2);
  // Additive cost: nothing gains, every function stays alone.
  auto additive = [](const logic::MultiFunction& f) { return 3 * f.on.size(); };
  auto alone = lower::cluster_jointly(fs, additive);
  CHECK(alone == std::vector<std::vector<size_t>>{{0}, {1}, {2}, {3}});
  // Functions 1 and 3 share everything (a joint cost of 3 for any cluster holding both).
  auto shares = [&](const logic::MultiFunction& f) {
    bool has1 = false, has3 = false;
    for (const auto& t : f.on) has1 = has1 || t == fs[1].on[0], has3 = has3 || t == fs[3].on[0];
    return 3 * f.on.size() - (has1 && has3 ? 3 : 0);
  };
  auto joined = lower::cluster_jointly(fs, shares);
  CHECK(joined == std::vector<std::vector<size_t>>{{0}, {1, 3}, {2}});
  // The cluster size limit holds.
  lower::joint_tables_params one;
  one.max_cluster = 1;
  CHECK(lower::cluster_jointly(fs, shares, one).size() == 4);
}

TEST_CASE("sibling tables minimized together compute the model with no more LUTs" * doctest::test_suite("fast")) {
  test::QuietLog quiet;
  size_t clustered = 0;
  for (uint64_t seed = 1; seed <= 12; ++seed) {
    // One 8-bit input read by 2..4 tables of related functions (bits of one quantized curve,
    // as HGQ's edge tables of one input are), and a table of 6 bits that stays alone.
    ir::Network net;
    ir::NodeId x = net.add_input("x", 8);
    int tables = 2 + static_cast<int>(seed % 3);
    for (int k = 0; k < tables; ++k) {
      std::vector<uint64_t> rows;
      for (uint64_t r = 0; r < 256; ++r) {
        uint64_t curve = (r * r * (seed + k) / 97 + r * (k + 1)) >> 4;
        rows.push_back((curve >> (k % 2)) & 15);
      }
      ir::NodeId id = net.add_table("t" + std::to_string(k), {{x, 0, 8}}, 4, rows);
      net.outputs.push_back({"y" + std::to_string(k), {id, 0, 4}, std::nullopt});
    }
    std::vector<uint64_t> small;
    for (uint64_t r = 0; r < 64; ++r) small.push_back((r * 5 + seed) & 3);
    ir::NodeId s = net.add_table("s", {{x, 2, 6}}, 2, small);
    net.outputs.push_back({"z", {s, 0, 2}, std::nullopt});
    net.compute_layers();

    lower::lower_params ps;
    ps.use_cache = false;
    ps.minimize.engine = logic::Engine::builtin;
    lower::lower_stats with, without;
    backend::Netlist nl = lower::lower_to_netlist(net, ps, &with);
    ps.joint_max_index_bits = 0;
    lower::lower_to_netlist(net, ps, &without);
    INFO("seed " << seed);
    size_t luts_with = 0, luts_without = 0;
    for (const auto& r : with.per_table) luts_with += r.luts;
    for (const auto& r : without.per_table) luts_without += r.luts;
    CHECK(luts_with + with.joint_luts_saved == luts_without);
    CHECK(without.joint_clusters == 0);
    if (with.joint_clusters) {
      ++clustered;
      CHECK(with.joint_luts_saved > 0);
      CHECK(with.per_table.back().joint_with.empty());  // the 6-bit table is no sibling
    }
    ir::SoftwareModel model(net);
    for (uint64_t code = 0; code < 256; ++code) {
      auto ref = model.evaluate({code});
      auto got = backend::evaluate_ports(nl, {code});
      for (size_t p = 0; p < got.size(); ++p) REQUIRE(((got[p] ^ ref.values[p]) & ref.known[p]) == 0);
    }
  }
  CHECK(clustered > 0);
}
