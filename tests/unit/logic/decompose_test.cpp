// Tests of the builtin decomposition engine: random functions with and without don't cares,
// checked by the test's own per-minterm evaluation; real LogicNets neurons against a ceiling.
#include "logic/decompose.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>

#include "logic/minimize.hpp"
#include "test_functions.hpp"

using namespace lutc::logic;

using namespace lutc::test;


TEST_CASE("decompose: random fully specified functions, 1..10 inputs, K=4..6") {
  uint64_t seed = 1;
  for (int k = 4; k <= 6; ++k)
    for (int n = 1; n <= 10; ++n)
      for (int outputs : {1, 3}) {
        MultiFunction f = random_function(n, outputs, 100, seed++);
        decompose_params ps;
        ps.lut_size = k;
        LutNetwork net = decompose(f, ps);
        CAPTURE(k);
        CAPTURE(n);
        CHECK(luts_fit(net, k));
        CHECK(agrees_everywhere_on_care(net, f));
        if (n <= k) CHECK(net.num_luts() <= static_cast<size_t>(outputs));
      }
}

TEST_CASE("decompose: random functions with don't cares, up to 16 inputs") {
  uint64_t seed = 100;
  for (int k = 4; k <= 6; ++k)
    for (int n : {3, 7, 10, 13, 16})
      for (int care_pct : {50, 5}) {
        if (n == 16 && care_pct == 50) continue;  // a dense random 16-input function is slow and pointless
        MultiFunction f = random_function(n, n >= 13 ? 1 : 2, care_pct, seed++);
        decompose_params ps;
        ps.lut_size = k;
        ps.effort = 0;
        LutNetwork net = decompose(f, ps);
        CAPTURE(k);
        CAPTURE(n);
        CAPTURE(care_pct);
        CHECK(luts_fit(net, k));
        CHECK(agrees_everywhere_on_care(net, f));
      }
}

TEST_CASE("decompose: threshold functions decompose far below a Shannon tree") {
  for (int k = 4; k <= 6; ++k) {
    MultiFunction f = threshold_function(12, 3, 7 + static_cast<uint64_t>(k));
    decompose_params ps;
    ps.lut_size = k;
    LutNetwork net = decompose(f, ps);
    CHECK(luts_fit(net, k));
    CHECK(agrees_everywhere_on_care(net, f));
    // A mux tree for one 12-input output needs more than 2^12 / 2^K LUTs.
    CHECK(net.num_luts() < (size_t{1} << (12 - k)));
  }
}

TEST_CASE("decompose: constants, projections and a don't-care-free support reduction") {
  MultiFunction f;
  f.num_vars = 5;
  f.on = {const0(5), const1(5), nth_var(5, 3), ~nth_var(5, 1)};
  f.care.assign(4, const1(5));
  LutNetwork net = decompose(f, {});
  CHECK(net.num_luts() == 1);  // only the inverter needs a LUT
  CHECK(net.pos()[0] == LutNetwork::const0);
  CHECK(net.pos()[1] == LutNetwork::const1);
  CHECK(net.pos()[2] == net.pi(3));
  CHECK(agrees_everywhere_on_care(net, f));
  // x0 & x1 with care only where x1 = 1: x0 alone is enough.
  MultiFunction g;
  g.num_vars = 2;
  g.on = {nth_var(2, 0) & nth_var(2, 1)};
  g.care = {nth_var(2, 1)};
  LutNetwork gn = decompose(g, {});
  CHECK(gn.num_luts() == 0);
  CHECK(gn.pos()[0] == gn.pi(0));
}

namespace {

MultiFunction read_iwls_truth(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::vector<std::string> lines;
  std::string l;
  while (std::getline(in, l))
    if (!l.empty()) lines.push_back(l);
  MultiFunction f;
  int n = 0;
  while ((size_t{1} << n) < lines.at(0).size()) ++n;
  f.num_vars = n;
  for (const auto& s : lines) {
    TruthTable t(n);
    for (size_t i = 0; i < s.size(); ++i) t.set(s.size() - 1 - i, s[i] == '1');  // most significant first
    f.on.push_back(t);
    f.care.push_back(const1(n));
  }
  return f;
}

}  // namespace

TEST_CASE("decompose: real LogicNets neurons (iwls2022) stay below measured ceilings") {
  // Ceilings: ABC `&ttopt -I 12 -O 3; &dch -f; &if -K 6 -a; &mfs; &satlut -N 64 -C 1000` LUT6
  // counts measured on this machine (docs/minimize.md); the builtin engine measured 52/85/159.
  struct Case {
    const char* name;
    size_t ceiling;
  };
  for (Case c : {Case{"ex68", 91}, Case{"ex72", 155}, Case{"ex83", 165}}) {
    MultiFunction f = read_iwls_truth(std::string(LUTC_SHARED_DATA) + "/iwls2022/" + c.name + ".truth");
    REQUIRE(f.num_vars == 12);
    REQUIRE(f.on.size() == 3);
    LutNetwork net = decompose(f, {});
    CAPTURE(c.name);
    CHECK(luts_fit(net, 6));
    CHECK(agrees_everywhere_on_care(net, f));
    CHECK(net.num_luts() <= c.ceiling);
  }
}

namespace {

bool same_network(const LutNetwork& x, const LutNetwork& y) {
  if (x.num_pis() != y.num_pis() || x.num_luts() != y.num_luts() || x.pos() != y.pos()) return false;
  for (size_t i = 0; i < x.num_luts(); ++i)
    if (x.luts()[i].fanins != y.luts()[i].fanins || x.luts()[i].init != y.luts()[i].init) return false;
  return true;
}

}  // namespace

TEST_CASE("decompose: trials stopped past their LUT budget change no network, on any thread count") {
  // Threshold neurons at K = 4: every sub-problem of 7+ inputs is chosen by trial, and the
  // trials that split the outputs of a wide problem end far above the best.
  size_t stopped = 0, searches_stopping = 0, searches_all = 0;
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    CAPTURE(seed);
    MultiFunction f = threshold_function(12, 4, seed);
    decompose_params ps;
    ps.lut_size = 4;
    decompose_stats st_all, st_stop, st_threads;
    ps.stop_trials = false;
    LutNetwork all = decompose(f, ps, &st_all);
    ps.stop_trials = true;
    LutNetwork stop = decompose(f, ps, &st_stop);
    ps.threads = 2;
    LutNetwork threads = decompose(f, ps, &st_threads);
    CHECK(agrees_everywhere_on_care(stop, f));
    CHECK(luts_fit(stop, 4));
    CHECK(same_network(all, stop));
    CHECK(same_network(stop, threads));
    CHECK(st_all.trials_stopped == 0);
    CHECK(st_threads.trials_stopped == st_stop.trials_stopped);
    stopped += st_stop.trials_stopped;
    searches_stopping += st_stop.searches;
    searches_all += st_all.searches;
  }
  CHECK(stopped > 0);
  CHECK(searches_stopping < searches_all);
}
