// Tests of netopt's result cache: a hit returns the same netlist as a fresh run, the key follows
// the input and the parameters, and an entry that is not equal to its input is never used.
#include "netopt/netopt_cache.hpp"

#include <doctest/doctest.h>

#include "backend/netlist_json.hpp"
#include "netopt/optimize_netlist.hpp"
#include "netopt_test_util.hpp"
#include "util/fs.hpp"

using namespace lutc;
using backend::Netlist;

namespace {
Netlist random_netlist(uint64_t seed) {
  Netlist nl;
  const uint32_t bits = 8;
  nl.inputs = {{"x", static_cast<int>(bits)}};
  nl.luts = test::random_lut_network(seed, bits, 30);
  nl.outputs = {{"y", static_cast<int>(nl.luts.pos().size())}};
  return nl;
}
std::string dump(const Netlist& nl) { return backend::netlist_to_json(nl).dump(); }
}  // namespace

TEST_CASE("netopt cache: a hit gives the fresh result and its stats, proved again") {
  util::TempDir dir("lutc-netopt-cache-test-");
  netopt::netopt_params ps;
  ps.abc = false;  // lutc's own passes: the cache does not depend on ABC
  ps.cache_dir = dir.path();
  size_t hits = 0;
  for (uint64_t seed = 1; seed <= 12; ++seed) {
    INFO("seed " << seed);
    Netlist nl = random_netlist(seed);
    netopt::netopt_stats fresh, again;
    Netlist a = netopt::optimize_netlist(nl, ps, &fresh);
    Netlist b = netopt::optimize_netlist(nl, ps, &again);
    CHECK_FALSE(fresh.cache_hit);
    if (fresh.check != netopt::Equivalence::equal) continue;  // undecided results are not stored
    CHECK(again.cache_hit);
    hits += again.cache_hit;
    CHECK(dump(a) == dump(b));
    CHECK(again.luts_after == fresh.luts_after);
    CHECK(again.fanin.fanins_removed == fresh.fanin.fanins_removed);
    CHECK(again.check == netopt::Equivalence::equal);
  }
  CHECK(hits > 0);
}

TEST_CASE("netopt cache: the key follows the netlist and the parameters, not the cache directory") {
  Netlist nl = random_netlist(3), other = random_netlist(4);
  netopt::netopt_params ps, moved = ps, fewer_rounds = ps;
  moved.cache_dir = "/somewhere/else";
  fewer_rounds.rounds = 1;
  CHECK(netopt::netopt_cache_key(nl, ps) == netopt::netopt_cache_key(nl, moved));
  CHECK(netopt::netopt_cache_key(nl, ps) != netopt::netopt_cache_key(other, ps));
  CHECK(netopt::netopt_cache_key(nl, ps) != netopt::netopt_cache_key(nl, fewer_rounds));
  CHECK(netopt::netopt_cache_key(nl, ps).size() == 16);
}

TEST_CASE("netopt cache: an entry whose netlist differs from its input is recomputed, and replaced") {
  util::TempDir dir("lutc-netopt-cache-test-");
  netopt::netopt_params ps;
  ps.abc = false;
  ps.cache_dir = dir.path();
  // The first random netlist that keeps some LUTs (inverting them then changes an output).
  Netlist nl, good;
  netopt::netopt_stats fresh;
  for (uint64_t seed = 1; good.luts.num_luts() < 3; ++seed) {
    REQUIRE(seed < 50);
    nl = random_netlist(seed);
    fresh = {};
    good = netopt::optimize_netlist(nl, ps, &fresh);
  }
  REQUIRE(fresh.check == netopt::Equivalence::equal);
  // Forge the entry: another network with the same LUT count under the same key.
  const std::string key = netopt::netopt_cache_key(nl, ps);
  Netlist forged = good;
  for (size_t i = 0; i < forged.luts.num_luts(); ++i) {
    auto& l = forged.luts.lut(forged.luts.lut_signal(i));
    l.init = ~l.init;
  }
  REQUIRE(netopt::store_netopt_cache(dir.path(), key, forged, fresh));
  netopt::netopt_stats st;
  Netlist got = netopt::optimize_netlist(nl, ps, &st);
  CHECK_FALSE(st.cache_hit);
  CHECK(dump(got) == dump(good));
  // The recomputed result replaced the forged one.
  netopt::netopt_stats third;
  CHECK(dump(netopt::optimize_netlist(nl, ps, &third)) == dump(good));
  CHECK(third.cache_hit);
  // A damaged file is a miss.
  util::write_file(dir.path() / key, "{\"version\": \"lutc-netopt-1\", \"key\": ");
  CHECK_FALSE(netopt::lookup_netopt_cache(dir.path(), key).has_value());
}

TEST_CASE("netopt cache: every resubstitution counter survives the stats' JSON round trip") {
  netopt::netopt_stats s;
  s.resub.luts_tried = 11;
  s.resub.candidates = 12;
  s.resub.sat_calls = 13;
  s.resub.sat_undecided = 14;
  s.resub.budget_calls = 15;
  s.resub.budget_undecided = 16;
  s.resub.rejected = 17;
  s.resub.resubs = 18;
  s.resub.buffers = 19;
  s.resub.luts_freed = 20;
  netopt::netopt_stats back = netopt::netopt_stats_from_json(netopt::netopt_stats_to_json(s));
  CHECK(back.resub.luts_tried == 11);
  CHECK(back.resub.candidates == 12);
  CHECK(back.resub.sat_calls == 13);
  CHECK(back.resub.sat_undecided == 14);
  CHECK(back.resub.budget_calls == 15);
  CHECK(back.resub.budget_undecided == 16);
  CHECK(back.resub.rejected == 17);
  CHECK(back.resub.resubs == 18);
  CHECK(back.resub.buffers == 19);
  CHECK(back.resub.luts_freed == 20);
}
