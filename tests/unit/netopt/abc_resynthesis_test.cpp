// Tests of the ABC portfolio member of netopt: ABC's result computes every observed signal exactly
// (exhaustive simulation here, independent of netopt's SAT check), and optimize_netlist uses it
// only when it is smaller, keeping the outputs.
#include "netopt/abc_resynthesis.hpp"

#include <doctest/doctest.h>

#include "netopt/optimize_netlist.hpp"
#include "netopt_test_util.hpp"

using namespace lutc;
using logic::Signal;

TEST_CASE("abc_resynthesize: every observed signal keeps its function" * doctest::test_suite("tools")) {
  size_t improved = 0;
  for (uint64_t seed = 1; seed <= 12; ++seed) {
    logic::LutNetwork net = test::random_lut_network(seed, 10, 40);
    // Observed: the outputs, a primary input and a constant pass through unchanged.
    std::vector<Signal> observed(net.pos().begin(), net.pos().end());
    observed.push_back(net.pi(3));
    observed.push_back(logic::LutNetwork::const1);
    netopt::abc_resynthesis_stats st;
    auto got = netopt::abc_resynthesize(net, observed, {}, &st);
    INFO("seed " << seed << " skipped: " << st.skipped);
    CHECK(st.skipped.empty());
    if (!got) continue;
    ++improved;
    REQUIRE(got->pos().size() == observed.size());
    CHECK(got->num_luts() < net.num_luts());
    CHECK(got->pos()[observed.size() - 2] == net.pi(3));
    CHECK(got->pos()[observed.size() - 1] == logic::LutNetwork::const1);
    for (const auto& l : got->luts()) CHECK(l.fanins.size() <= 6);
    logic::LutNetwork reference = net;
    for (size_t j = net.pos().size(); j < observed.size(); ++j) reference.add_po(observed[j]);
    CHECK(got->simulate() == reference.simulate());
  }
  CHECK(improved > 0);
}

TEST_CASE("abc_resynthesize: a script of the caller's runs alone, its result keeps every function" *
          doctest::test_suite("tools")) {
  size_t improved = 0;
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    logic::LutNetwork net = test::random_lut_network(seed, 10, 40);
    netopt::abc_resynthesis_params ps;
    ps.script = "&get -mn; &mfs -W 0; &satlut -N 64 -C 1000; &mfs -W 0; &put";
    netopt::abc_resynthesis_stats st;
    auto got = netopt::abc_resynthesize(net, {net.pos().begin(), net.pos().end()}, ps, &st);
    INFO("seed " << seed << " skipped: " << st.skipped);
    CHECK(st.skipped.empty());
    if (!got) continue;
    ++improved;
    CHECK(st.script == ps.script);
    CHECK(got->simulate() == net.simulate());
  }
  CHECK(improved > 0);
  // A script ABC rejects runs nothing (the built-in scripts are not tried instead).
  logic::LutNetwork net = test::random_lut_network(1, 10, 40);
  netopt::abc_resynthesis_params bad;
  bad.script = "&no_such_command; &put";
  netopt::abc_resynthesis_stats st;
  CHECK_FALSE(netopt::abc_resynthesize(net, {net.pos().begin(), net.pos().end()}, bad, &st));
}

TEST_CASE("abc_resynthesize: a missing ABC binary is reported, nothing returned" * doctest::test_suite("fast")) {
  logic::LutNetwork net = test::random_lut_network(3, 8, 20);
  netopt::abc_resynthesis_params ps;
  ps.binary = "/nonexistent/berkeley-abc";
  netopt::abc_resynthesis_stats st;
  CHECK_FALSE(netopt::abc_resynthesize(net, {net.pos().begin(), net.pos().end()}, ps, &st));
  CHECK_FALSE(st.skipped.empty());
}

TEST_CASE("optimize_netlist: ABC's result is used only when smaller, outputs unchanged" * doctest::test_suite("tools")) {
  size_t with_abc = 0, without = 0;
  for (uint64_t seed = 20; seed <= 30; ++seed) {
    backend::Netlist nl = test::random_netlist(seed, 10, 40);
    netopt::netopt_params own, portfolio;
    own.abc = false;
    netopt::netopt_stats s_own, s_abc;
    backend::Netlist a = netopt::optimize_netlist(nl, own, &s_own), b = netopt::optimize_netlist(nl, portfolio, &s_abc);
    INFO("seed " << seed);
    CHECK(s_own.abc_saved == 0);
    CHECK(b.luts.num_luts() <= a.luts.num_luts());
    CHECK(b.luts.num_luts() + s_abc.abc_saved == a.luts.num_luts());
    CHECK(b.luts.simulate() == nl.luts.simulate());
    with_abc += b.luts.num_luts();
    without += a.luts.num_luts();
  }
  CHECK(with_abc <= without);
}
