#include "netopt/optimize_netlist.hpp"

#include <doctest/doctest.h>

#include "netopt_test_util.hpp"

using namespace lutc;
using backend::Netlist;

namespace {
/// Output codes for every input code (one input port of `bits` bits).
std::vector<std::vector<uint64_t>> all_outputs(const Netlist& nl, int bits) {
  std::vector<std::vector<uint64_t>> out;
  backend::PortEvaluator eval(nl);
  for (uint64_t x = 0; x < (uint64_t{1} << bits); ++x) out.push_back(eval({x}));
  return out;
}
}  // namespace

TEST_CASE("optimize_netlist: fewer LUTs, the same outputs, proved; adder cells keep their operands") {
  size_t before = 0, after = 0;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    const uint32_t port_bits = 8;
    // A cell adds two LUT signals (2-bit sum); LUTs after it read the sum like inputs.
    logic::LutNetwork head = test::random_lut_network(seed, port_bits, 25);
    Netlist nl;
    nl.inputs = {{"x", static_cast<int>(port_bits)}};
    nl.luts = logic::LutNetwork(port_bits + 2);
    std::vector<logic::Signal> in;
    for (uint32_t i = 0; i < port_bits; ++i) in.push_back(nl.luts.pi(i));
    auto outs = logic::append_network(nl.luts, head, in);
    backend::ArithCell cell;
    cell.terms = {{{outs[0]}, false, 0, false}, {{outs[1]}, false, 0, false}};
    cell.width = 2;
    cell.first_pi = port_bits;
    nl.cells.push_back(cell);
    logic::Signal s0 = nl.luts.pi(port_bits), s1 = nl.luts.pi(port_bits + 1);
    auto t = nl.luts.add_lut({s0, s1, outs[2]}, 0b10010110);
    auto u = nl.luts.add_lut({t, outs[2], outs[3]}, 0b11101000);
    for (auto s : {outs[2], outs[3], t, u}) nl.luts.add_po(s);
    nl.outputs = {{"y", 4}};
    nl.lut_layer.assign(nl.luts.num_luts(), 1);

    // lutc's own passes (they keep the LUTs' layers; ABC's result has none), whether or not ABC
    // is on the PATH.
    netopt::netopt_params ps;
    ps.abc = false;
    netopt::netopt_stats st;
    Netlist opt = netopt::optimize_netlist(nl, ps, &st);
    INFO("seed " << seed);
    CHECK(st.check == netopt::Equivalence::equal);
    CHECK(opt.luts.num_luts() <= nl.luts.num_luts());
    CHECK(opt.lut_layer.size() == opt.luts.num_luts());
    CHECK(all_outputs(opt, port_bits) == all_outputs(nl, port_bits));
    before += nl.luts.num_luts();
    after += opt.luts.num_luts();
  }
  CHECK(after < before);
}

TEST_CASE("optimize_netlist: a table network above ABC's size rule goes to ABC in windows, within the total bound" *
          doctest::test_suite("tools")) {
  size_t saved = 0;
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    const uint32_t port_bits = 10;
    Netlist nl = test::random_netlist(seed, port_bits, 60);
    nl.lut_layer.assign(nl.luts.num_luts(), 1);
    netopt::netopt_params ps;
    ps.rounds = 0;                 // ABC alone
    ps.abc_rounds = 1;
    ps.abc_params.max_luts = 20;   // above it: windows of 20 LUTs ...
    ps.abc_windows_max_luts = 1000;
    netopt::netopt_stats st;
    Netlist opt = netopt::optimize_netlist(nl, ps, &st);
    INFO("seed " << seed);
    CHECK(st.check == netopt::Equivalence::equal);
    CHECK(all_outputs(opt, port_bits) == all_outputs(nl, port_bits));
    CHECK(!st.abc.script.empty());
    saved += st.abc_saved;
    // More rounds (windows of a round's result, where windows whose output became constant
    // leave constant-fed LUTs behind): proved, and without dropping ABC's result.
    ps.abc_rounds = 3;
    ps.abc_min_gain = 0;
    netopt::netopt_stats more;
    Netlist opt3 = netopt::optimize_netlist(nl, ps, &more);
    CHECK(more.check == netopt::Equivalence::equal);
    CHECK(!more.abc_dropped);
    CHECK(all_outputs(opt3, port_bits) == all_outputs(nl, port_bits));
    ps.abc_windows_max_luts = 30;  // ... but not when the network exceeds the total bound
    netopt::netopt_stats none;
    netopt::optimize_netlist(nl, ps, &none);
    CHECK(none.abc.script.empty());
    CHECK(none.abc_saved == 0);
  }
  CHECK(saved > 0);
}

TEST_CASE("optimize_netlist: after the windows, one whole-network pass for table networks up to its bound" *
          doctest::test_suite("tools")) {
  size_t whole_saved = 0;
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    const uint32_t port_bits = 10;
    Netlist nl = test::random_netlist(seed, port_bits, 60);
    netopt::netopt_params ps;
    ps.rounds = 0;                 // ABC alone
    ps.abc_rounds = 1;
    ps.abc_params.max_luts = 10;   // windows of 10 LUTs, then the whole network
    ps.abc_windows_max_luts = 1000;
    ps.abc_whole_max_luts = 1000;
    netopt::netopt_stats st;
    Netlist opt = netopt::optimize_netlist(nl, ps, &st);
    INFO("seed " << seed);
    CHECK(st.check == netopt::Equivalence::equal);
    CHECK(!st.abc_dropped);
    CHECK(all_outputs(opt, port_bits) == all_outputs(nl, port_bits));
    CHECK(st.abc_whole_saved <= st.abc_saved);
    whole_saved += st.abc_whole_saved;
    ps.abc_whole_max_luts = 0;     // above the bound: windows only
    netopt::netopt_stats windows_only;
    netopt::optimize_netlist(nl, ps, &windows_only);
    CHECK(windows_only.abc_whole_saved == 0);
    CHECK(windows_only.abc_saved + st.abc_whole_saved == st.abc_saved);
  }
  CHECK(whole_saved > 0);
}
