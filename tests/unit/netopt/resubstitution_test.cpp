#include "netopt/resubstitution.hpp"

#include <doctest/doctest.h>

#include "netopt/equivalence.hpp"
#include "netopt_test_util.hpp"

using namespace lutc;
using logic::LutNetwork;
using logic::Signal;

using test::po_mask;

TEST_CASE("functional_on_care: a value is a function of inputs exactly when no two care patterns collide") {
  // Patterns 0..3: a = 0101, b = 0011; v = a & b is a function of (a, b) but not of a alone.
  uint64_t a = 0b1010, b = 0b1100, v = 0b1000, care = 0b1111;
  const uint64_t* ab[2] = {&a, &b};
  uint64_t table = 0, fixed = 0;
  CHECK(netopt::detail::functional_on_care(&v, &care, ab, 2, 1, &table, &fixed));
  CHECK(table == 0b1000);
  CHECK(fixed == 0b1111);
  CHECK_FALSE(netopt::detail::functional_on_care(&v, &care, ab, 1, 1, &table, &fixed));
  uint64_t some = 0b0101;  // patterns 0 and 2 only: v = 0 there, a constant
  CHECK(netopt::detail::functional_on_care(&v, &some, ab, 1, 1, &table, &fixed));
  CHECK(table == 0);
  CHECK(fixed == 0b01);  // a = 0 seen; a = 1 never
}

TEST_CASE("a LUT reads an existing signal instead of a private copy of it, and the copy's cone is freed") {
  LutNetwork net(4);
  Signal a = net.pi(0), b = net.pi(1), c = net.pi(2), d = net.pi(3);
  Signal x = net.add_lut({a, b, c}, 0b10010110);        // a ^ b ^ c, read by an output
  Signal p = net.add_lut({a, b}, 0b0110);               // a ^ b
  Signal q = net.add_lut({p, c}, 0b0110);               // (a ^ b) ^ c: x again, read only by z
  Signal z = net.add_lut({q, d}, 0b1000);               // q & d
  net.add_po(x);
  net.add_po(z);
  const auto before = net.simulate();
  netopt::resub_params ps;
  auto st = netopt::resubstitute(net, po_mask(net), ps);
  CHECK(net.simulate() == before);
  CHECK(st.resubs >= 1);      // q reads x (and c), or z reads x directly
  CHECK(st.luts_freed == 2);  // q and p
  const auto& f = net.lut(z).fanins;
  CHECK(std::find(f.begin(), f.end(), x) != f.end());
  CHECK(std::find(f.begin(), f.end(), q) == f.end());
}

TEST_CASE("observability don't cares: a fanin equal to a divisor only where it is observed is replaced") {
  // z = y & d, y = q | e, q = a & b & c. Where d = 0, y never reaches z; where d = 1, q equals
  // x = a & b & c & d, which an output reads. So y = x | e on its care set, not everywhere.
  LutNetwork net(5);
  Signal a = net.pi(0), b = net.pi(1), c = net.pi(2), d = net.pi(3), e = net.pi(4);
  Signal x = net.add_lut({a, b, c, d}, 0x8000);
  Signal q = net.add_lut({a, b, c}, 0x80);
  Signal y = net.add_lut({q, e}, 0b1110);
  Signal z = net.add_lut({y, d}, 0b1000);
  net.add_po(x);
  net.add_po(z);
  const auto before = net.simulate();
  for (int levels : {0, 2}) {
    LutNetwork copy = net;
    netopt::resub_params ps;
    ps.tfo_levels = levels;
    ps.first_divisors = 0;  // one divisor only
    ps.buffers = false;     // (else q becomes a buffer of x first)
    auto st = netopt::resubstitute(copy, po_mask(copy), ps);
    INFO("levels " << levels);
    CHECK(copy.simulate() == before);
    CHECK(st.resubs == (levels ? 1u : 0u));
    CHECK(st.luts_freed == (levels ? 1u : 0u));  // q
    if (levels) CHECK(copy.lut(y).fanins == std::vector<Signal>{e, x});
  }
  // With two divisors, z = (x | e) & d exactly: y and q go, without don't cares.
  netopt::resub_params ps;
  ps.tfo_levels = 0;
  ps.buffers = false;
  auto st = netopt::resubstitute(net, po_mask(net), ps);
  CHECK(net.simulate() == before);
  CHECK(st.resubs == 1);
  CHECK(st.luts_freed == 2);
  auto got = net.lut(z).fanins;
  std::sort(got.begin(), got.end());
  CHECK(got == std::vector<Signal>{d, e, x});
}

TEST_CASE("a LUT equal to a divisor where it is observed becomes a buffer of it") {
  LutNetwork net(4);
  Signal a = net.pi(0), b = net.pi(1), c = net.pi(2), d = net.pi(3);
  Signal x = net.add_lut({a, b, c, d}, 0x8000);  // a & b & c & d, an output
  Signal q = net.add_lut({a, b, c}, 0x80);       // a & b & c: x where d = 1
  Signal z = net.add_lut({q, d}, 0b1000);        // q & d
  net.add_po(x);
  net.add_po(z);
  const auto before = net.simulate();
  netopt::resub_params ps;
  ps.tfo_levels = 1;
  auto st = netopt::resubstitute(net, po_mask(net), ps);
  CHECK(net.simulate() == before);
  CHECK(st.buffers >= 1);
  CHECK(net.lut(q).fanins == std::vector<Signal>{x});
  CHECK(net.lut(q).init == 0b10);
}

TEST_CASE("resubstitution keeps every output of random reconvergent networks, exactly") {
  size_t resubs = 0, rejected = 0;
  for (uint64_t seed = 1; seed <= 120; ++seed) {
    const LutNetwork original = test::random_lut_network(seed, 6 + seed % 7, 20 + static_cast<int>(seed % 40));
    const auto want = original.simulate();
    for (int levels : {0, 2}) {
      LutNetwork net = original;
      netopt::resub_params ps;
      ps.simulation.random_words = 1;  // few patterns: the SAT proof must reject wrong candidates
      ps.simulation.extra_words = 1;
      ps.simulation.seed = seed;
      ps.tfo_levels = levels;
      ps.window_luts = seed % 3 == 0 ? 4 : 300;  // cut windows too
      auto st = netopt::resubstitute(net, po_mask(net), ps);
      INFO("seed " << seed << ", levels " << levels);
      CHECK(net.simulate() == want);
      for (size_t i = 0; i < net.num_luts(); ++i)
        for (Signal f : net.luts()[i].fanins) CHECK(f < net.lut_signal(i));
      resubs += st.resubs;
      rejected += st.rejected;
    }
  }
  CHECK(resubs > 20);    // the networks have resubstitutions
  CHECK(rejected > 10);  // and the simulation proposes wrong ones that SAT rejects
}

TEST_CASE("behind adder cells, SAT windows cut at window_cells cells prove only true resubstitutions") {
  size_t resubs = 0;
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    // A random head over 6 PIs; two chained cells: s = h0 + h1 (2 bits), t = s + h2 (3 bits); a
    // random tail over the head's and the cells' outputs, with a private copy of one tail LUT
    // (cells' outputs may depend on any LUT, so divisors come from the transitive fanin only).
    const LutNetwork head = test::random_lut_network(seed, 6, 12);
    LutNetwork net(6 + 5);
    std::vector<Signal> in;
    for (uint32_t i = 0; i < 6; ++i) in.push_back(net.pi(i));
    auto h = logic::append_network(net, head, in);
    std::vector<backend::ArithCell> cells(2);
    cells[0].terms = {{{h[0]}, false, 0, false}, {{h[1]}, false, 0, false}};
    cells[0].width = 2;
    cells[0].first_pi = 6;
    cells[1].terms = {{{net.pi(6), net.pi(7)}, false, 0, false}, {{h[2]}, false, 0, false}};
    cells[1].width = 3;
    cells[1].first_pi = 8;
    std::vector<Signal> pool{h[0], h[1], h[2], h[3], net.pi(6), net.pi(7), net.pi(8), net.pi(9), net.pi(10)};
    uint64_t r = seed * 0x9e3779b97f4a7c15ULL;
    auto next = [&] { return r = r * 6364136223846793005ULL + 1442695040888963407ULL, r >> 33; };
    std::vector<Signal> outs;
    for (int i = 0; i < 10; ++i) {
      std::vector<Signal> f;
      while (f.size() < 3) {
        Signal s = pool[next() % pool.size()];
        if (std::find(f.begin(), f.end(), s) == f.end()) f.push_back(s);
      }
      std::sort(f.begin(), f.end());
      Signal x = net.add_lut(f, next() & 0xff);
      pool.push_back(x);
      outs.push_back(x);
      if (i == 4) {  // y = NOT(NOT x) over x's fanins; z = (x & y) | h3 need not read y
        Signal p = net.add_lut(f, ~net.lut(x).init & 0xff);
        Signal y = net.add_lut({p}, 0b01);
        outs.push_back(net.add_lut({x, y, h[3]}, 0b11111000));
      }
    }
    for (Signal s : outs) net.add_po(s);
    std::vector<char> observed = po_mask(net);
    for (const auto& c : cells)
      for (const auto& t : c.terms)
        for (Signal b : t.bits) observed[b] = 1;
    const LutNetwork before = net;
    netopt::resub_params ps;
    ps.window_cells = seed % 2 ? 1 : 0;
    auto st = netopt::resubstitute(net, observed, ps, cells);
    INFO("seed " << seed);
    std::vector<Signal> sig = before.pos();
    for (const auto& c : cells)
      for (const auto& t : c.terms) sig.insert(sig.end(), t.bits.begin(), t.bits.end());
    CHECK(netopt::check_equivalence(before, sig, net, sig, {}, nullptr, cells, cells) == netopt::Equivalence::equal);
    resubs += st.resubs;
  }
  CHECK(resubs >= 30);  // at least the private copies
}

TEST_CASE("resubstitution stops trying LUTs once too many of its SAT queries are undecided") {
  size_t tried_budget = 0, tried_all = 0, tried_cells_only = 0, undecided = 0;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    const LutNetwork original = test::random_lut_network(seed, 8 + seed % 5, 60);
    const auto want = original.simulate();
    netopt::resub_params ps;
    ps.simulation.random_words = 1;
    ps.simulation.extra_words = 1;
    ps.conflict_limit = 1;  // most queries that need a search give up
    ps.max_undecided = 1;
    ps.calls_per_undecided = 1000;
    {  // by default only queries behind adder cells count, and this network has none
      LutNetwork net = original;
      const auto st = netopt::resubstitute(net, po_mask(net), ps);
      CHECK(st.budget_calls == 0);
      CHECK(net.simulate() == want);
      tried_cells_only += st.luts_tried;
    }
    ps.budget_cells_only = false;
    LutNetwork net = original;
    auto st = netopt::resubstitute(net, po_mask(net), ps);
    INFO("seed " << seed);
    CHECK(net.simulate() == want);
    CHECK(st.sat_undecided <= ps.max_undecided + 1 + static_cast<size_t>(ps.max_proofs));  // stopped after the LUT
    tried_budget += st.luts_tried;
    undecided += st.sat_undecided;
    ps.max_undecided = 1000000;
    LutNetwork all = original;
    tried_all += netopt::resubstitute(all, po_mask(all), ps).luts_tried;
    CHECK(all.simulate() == want);
  }
  CHECK(undecided > 40);  // queries did hit the limit ...
  CHECK(tried_budget < tried_all / 2);  // ... and the pass stopped early
  CHECK(tried_cells_only == tried_all);
}
