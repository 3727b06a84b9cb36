// netlist.json must round-trip exactly and reject malformed files with a diagnostic.
#include "backend/netlist_json.hpp"

#include <doctest/doctest.h>

#include "sample_netlists.hpp"
#include "util/diagnostic.hpp"

using namespace lutc;
using namespace lutc::backend;

namespace {

void check_same(const Netlist& a, const Netlist& b) {
  CHECK(a.top == b.top);
  REQUIRE(a.inputs.size() == b.inputs.size());
  REQUIRE(a.outputs.size() == b.outputs.size());
  for (size_t i = 0; i < a.inputs.size(); ++i) {
    CHECK(a.inputs[i].name == b.inputs[i].name);
    CHECK(a.inputs[i].width == b.inputs[i].width);
  }
  for (size_t i = 0; i < a.outputs.size(); ++i) {
    CHECK(a.outputs[i].name == b.outputs[i].name);
    CHECK(a.outputs[i].width == b.outputs[i].width);
  }
  CHECK(a.num_layers == b.num_layers);
  CHECK(a.lut_layer == b.lut_layer);
  CHECK(a.luts.num_pis() == b.luts.num_pis());
  REQUIRE(a.luts.num_luts() == b.luts.num_luts());
  for (size_t i = 0; i < a.luts.num_luts(); ++i) {
    CHECK(a.luts.luts()[i].fanins == b.luts.luts()[i].fanins);
    CHECK(a.luts.luts()[i].init == b.luts.luts()[i].init);
  }
  CHECK(a.luts.pos() == b.luts.pos());
}

}  // namespace

TEST_CASE("netlist_json: exact round trip of layered and minimized netlists") {
  for (uint64_t seed : {1, 2, 3}) {
    Netlist nl = testing::layered_netlist(seed);
    auto j = netlist_to_json(nl);
    Netlist back = netlist_from_json(nlohmann::json::parse(j.dump(1)));
    check_same(nl, back);
    CHECK(netlist_to_json(back) == j);
    // The same function, code by code.
    for (uint64_t c = 0; c < 1024; c += 7) CHECK(testing::reference_outputs(back, c) == testing::reference_outputs(nl, c));
  }
  Netlist m = testing::minimized_netlist(8, 2, 9, 6);
  check_same(m, netlist_from_json(netlist_to_json(m)));
}

TEST_CASE("netlist_json: netlists without layers, constants and 64-bit INITs") {
  Netlist nl;
  nl.top = "t";
  nl.inputs = {{"x", 6}};
  nl.outputs = {{"y", 3}};
  nl.luts = logic::LutNetwork(6);
  std::vector<logic::Signal> all;
  for (uint32_t i = 0; i < 6; ++i) all.push_back(nl.luts.pi(i));
  auto l = nl.luts.add_lut(all, 0xfedcba9876543210ULL);
  auto k = nl.luts.add_lut({l, logic::LutNetwork::const1}, 0x6);
  nl.luts.add_po(k);
  nl.luts.add_po(logic::LutNetwork::const0);
  nl.luts.add_po(nl.luts.pi(3));
  auto j = netlist_to_json(nl);
  CHECK(j["luts"][0]["init"] == "fedcba9876543210");
  CHECK(j["luts"][1]["init"] == "6");
  CHECK_FALSE(j["luts"][0].contains("layer"));
  check_same(nl, netlist_from_json(j));
}

TEST_CASE("netlist_json: malformed netlists are diagnostics") {
  Netlist nl = testing::layered_netlist(4);
  const auto good = netlist_to_json(nl);
  auto expect_error = [](nlohmann::json j, const std::string& what) {
    try {
      netlist_from_json(j, "OUT/netlist.json");
      FAIL("no error for " << what);
    } catch (const Diagnostic& d) {
      CHECK(std::string(d.what()).find("OUT/netlist.json") != std::string::npos);
      CHECK(std::string(d.what()).find(what) != std::string::npos);
    }
  };
  auto j = good;
  j["format"] = "something";
  expect_error(j, "not a lutc netlist");
  j = good;
  j["luts"][3]["fanins"][0] = 100000;
  expect_error(j, "not an earlier signal");
  j = good;
  j["luts"][0]["init"] = "zz";
  expect_error(j, "bad hex digit");
  j = good;
  j["luts"][0]["fanins"] = {2};
  j["luts"][0]["init"] = "f";
  expect_error(j, "bits beyond");
  j = good;
  j["pos"].erase(0);
  expect_error(j, "'pos' has");
  j = good;
  j["num_pis"] = 3;
  expect_error(j, "num_pis");
  j = good;
  j["luts"][2].erase("layer");
  expect_error(j, "'layer' must be given");
  j = good;
  j.erase("top");
  expect_error(j, "missing 'top'");
}
