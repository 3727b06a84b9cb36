#include "passes/pass_registry.hpp"

#include <doctest/doctest.h>

#include "frontend/read_model.hpp"
#include "frontend/yaml_model.hpp"
#include "ir/software_model.hpp"
#include "../test_util.hpp"
#include "pass_test_util.hpp"
#include "passes/pass_manager.hpp"
#include "util/diagnostic.hpp"

using namespace lutc;
using lutc::test::check_refines;

namespace {

/// Samples for data_dont_cares: a few seeded input codes (the file name is ignored).
std::vector<std::vector<uint64_t>> some_samples(const std::string&, const ir::Network& net) {
  test::Rng rng(11);
  std::vector<std::vector<uint64_t>> samples;
  for (int s = 0; s < 8; ++s) {
    std::vector<uint64_t> codes;
    for (ir::NodeId i : net.inputs) codes.push_back(rng.next() & test::mask_of(net.nodes[i].width));
    samples.push_back(codes);
  }
  return samples;
}

passes::run_passes_params with_data() {
  passes::run_passes_params ps;
  ps.params["data_dont_cares"] = {{"data", "samples.csv"}};
  ps.context.load_samples = some_samples;
  return ps;
}

}  // namespace

TEST_CASE("every registered pass runs on sample networks, keeps known outputs and reports stats") {
  test::QuietLog quiet;
  std::vector<ir::Network> nets = {frontend::read_model(test::example_model())};
  for (uint64_t seed = 1; seed <= 30; ++seed) nets.push_back(test::random_network(seed));
  REQUIRE(passes::pass_registry().size() >= 4);
  for (const auto& pass : passes::pass_registry()) {
    CAPTURE(pass.name);
    CHECK(!pass.help.empty());
    CHECK(pass.help.find('\n') == std::string::npos);  // one line
    CHECK(pass.default_params.is_object());
    for (const auto& net : nets) {
      ir::Network after = net;
      auto runs = passes::run_passes(after, {pass.name}, with_data());
      REQUIRE(runs.size() == 1);
      CHECK(runs[0].pass == pass.name);
      CHECK(runs[0].stats.is_object());
      CHECK(!runs[0].stats.empty());
      if (pass.name != "data_dont_cares") {
        check_refines(net, after);
        continue;
      }
      // Data don't cares keep the function on the data only: every output known before stays
      // known and equal on each sample.
      ir::SoftwareModel m0(net), m1(after);
      for (const auto& sample : some_samples("", net)) {
        auto r0 = m0.evaluate(sample), r1 = m1.evaluate(sample);
        for (size_t o = 0; o < r0.values.size(); ++o) {
          CHECK((r0.known[o] & ~r1.known[o]) == 0);
          CHECK(((r0.values[o] ^ r1.values[o]) & r0.known[o]) == 0);
        }
      }
    }
  }
}

TEST_CASE("run_passes calls after_pass with the IR after each pass, in order") {
  test::QuietLog quiet;
  ir::Network net = frontend::read_model(test::example_model());
  std::vector<std::string> seen;
  std::vector<uint64_t> bits;
  passes::run_passes_params ps;
  ps.after_pass = [&](const std::string& pass, const ir::Network& n) {
    seen.push_back(pass);
    bits.push_back(n.table_bits());
  };
  passes::run_passes(net, passes::default_pipeline(), ps);
  CHECK(seen == std::vector<std::string>{"retable", "prune", "share_tables", "reachability", "prune"});
  CHECK(bits.back() == net.table_bits());
}

TEST_CASE("the default pipeline through the registry equals the passes called one by one") {
  test::QuietLog quiet;
  for (uint64_t seed = 40; seed < 80; ++seed) {
    CAPTURE(seed);
    ir::Network a = test::random_network(seed), b = a;
    passes::run_default_passes(a);
    passes::retable(b);
    passes::prune(b);
    passes::share_tables(b);
    passes::reachability(b);
    passes::prune(b);
    CHECK(frontend::write_yaml_model(a) == frontend::write_yaml_model(b));
  }
}

TEST_CASE("pass params: defaults are listed, given fields override them") {
  test::QuietLog quiet;
  const auto& prune = passes::find_pass("prune");
  CHECK(prune.default_params["max_rounds"] == 64);
  CHECK(prune.default_params["remove_unused_index_bits"] == true);
  ir::Network net = frontend::read_model(test::example_model()), kept = net;
  passes::run_passes_params ps;
  ps.params["prune"] = {{"remove_unused_index_bits", false}, {"fold_constants", false}, {"narrow_outputs", false}};
  auto runs = passes::run_passes(kept, {"prune"}, ps);
  CHECK(runs[0].stats["inputs_pruned"] == 0);
  auto full = passes::run_passes(net, {"prune"});
  CHECK(full[0].stats["inputs_pruned"].get<uint64_t>() > 0);
  ps.params["prune"] = {{"max_rounds", "many"}};
  CHECK_THROWS_AS(passes::run_passes(net, {"prune"}, ps), Diagnostic);
}

TEST_CASE("unknown or empty pass names are a diagnostic listing the valid passes") {
  CHECK_THROWS_WITH_AS(passes::find_pass("prnue"),
                       "error: unknown pass 'prnue' (valid passes: retable, fuse_sums, narrow_bits, prune, share_tables, reachability, data_dont_cares)",
                       Diagnostic);
  CHECK(passes::parse_pass_list("prune,reachability,prune") == std::vector<std::string>{"prune", "reachability", "prune"});
  CHECK_THROWS_WITH_AS(passes::parse_pass_list("prune,,share_tables"), doctest::Contains("empty pass name"), Diagnostic);
  CHECK_THROWS_WITH_AS(passes::parse_pass_list("prune,fold"), doctest::Contains("unknown pass 'fold'"), Diagnostic);
  ir::Network net = frontend::read_model(test::example_model());
  CHECK_THROWS_WITH_AS(passes::run_passes(net, {"data_dont_cares"}), doctest::Contains("needs a data set"), Diagnostic);
}

TEST_CASE("care_source decides what prune may take: a data sample keeps its index bits") {
  test::QuietLog quiet;
  // y = a[0]; the care set only covers rows with a[1] = 0, so on it the table ignores a[1] too.
  ir::Table t;
  t.index_bits = 2;
  t.out_width = 1;
  t.rows = {0, 1, 0, 0};
  t.care = {logic::TruthTable(2)};
  t.care[0].set(0, true);
  t.care[0].set(1, true);
  for (auto source : {ir::CareSource::reachability, ir::CareSource::data_sample}) {
    CAPTURE(ir::care_source_name(source));
    ir::Table s = t;
    s.care_source = source;
    ir::Network net = ir::single_table_network("m", s);
    passes::prune(net);
    int table = net.find("f");
    REQUIRE(table >= 0);
    CHECK(net.nodes[table].table().index_bits == (source == ir::CareSource::data_sample ? 2 : 1));
    CHECK(net.nodes[table].table().care_source == source);  // rewritten tables keep their provenance
  }
}

TEST_CASE("reachability marks the tables it gives don't cares, unless they are a data sample") {
  test::QuietLog quiet;
  ir::Network net = frontend::read_model(test::example_model());
  passes::reachability(net);
  int marked = 0;
  for (const auto& n : net.nodes)
    if (n.kind() == ir::NodeKind::table && !n.table().care.empty()) {
      CHECK(n.table().care_source == ir::CareSource::reachability);
      ++marked;
    }
  CHECK(marked > 0);
  ir::Network sampled = frontend::read_model(test::example_model());
  passes::data_dont_cares(sampled, some_samples("", sampled), {});
  passes::reachability(sampled);
  for (const auto& n : sampled.nodes)
    if (n.kind() == ir::NodeKind::table) CHECK(n.table().care_source == ir::CareSource::data_sample);
}
