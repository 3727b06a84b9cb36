// Tests of the ABC engine with the real berkeley-abc binary, and of its BLIF reader.
#include "logic/abc_engine.hpp"

#include <doctest/doctest.h>

#include <random>

using namespace lutc::logic;

TEST_CASE("read_abc_blif: covers, off-set covers, constants and buffers") {
  const char* blif =
      ".model t\n.inputs a b c\n.outputs F0 F1 F2 F3\n"
      ".names a b n1\n11 1\n"
      ".names n1 c F0\n1- 1\n-1 1\n"
      ".names a c F1\n00 0\n"      // off-set cover: a | c
      ".names F2\n1\n"
      ".names b F3\n1 1\n.end\n";
  LutNetwork net = read_abc_blif(blif, 3, 4);
  std::vector<bool> in(3);
  for (int m = 0; m < 8; ++m) {
    bool a = m & 1, b = m & 2, c = m & 4;
    in = {a, b, c};
    auto out = net.evaluate(in);
    CHECK(out[0] == ((a && b) || c));
    CHECK(out[1] == (a || c));
    CHECK(out[2] == true);
    CHECK(out[3] == b);
  }
  CHECK_THROWS_AS(read_abc_blif(blif, 2, 4), MinimizeError);
}

TEST_CASE("abc_minimize: a small random function, with and without don't cares" * doctest::test_suite("tools")) {
  std::mt19937_64 rng(9);
  for (bool dcs : {false, true}) {
    MultiFunction f;
    f.num_vars = 8;
    for (int j = 0; j < 2; ++j) {
      TruthTable on(8), care(8);
      for (uint64_t m = 0; m < 256; ++m) {
        on.set(m, rng() & 1);
        care.set(m, !dcs || rng() % 3 == 0);
      }
      f.on.push_back(on);
      f.care.push_back(care);
    }
    abc_stats st;
    LutNetwork net = abc_minimize(f, {}, &st);
    CAPTURE(st.script);
    CHECK(st.script.find(dcs ? "-R 1" : "&ttopt") != std::string::npos);
    CHECK(net.num_luts() > 0);
    std::vector<bool> in(8);
    for (uint64_t m = 0; m < 256; ++m) {
      for (int i = 0; i < 8; ++i) in[i] = (m >> i) & 1;
      auto out = net.evaluate(in);
      for (int j = 0; j < 2; ++j)
        if (f.care[j].get(m)) CHECK(out[j] == f.on[j].get(m));
    }
    for (const auto& l : net.luts()) CHECK(l.fanins.size() <= 6);
  }
}

TEST_CASE("abc_minimize: a missing binary is an error, not a wrong result") {
  MultiFunction f;
  f.num_vars = 2;
  f.on = {nth_var(2, 0) ^ nth_var(2, 1)};
  f.care = {const1(2)};
  abc_params ps;
  ps.binary = "/nonexistent/berkeley-abc";
  CHECK_THROWS(abc_minimize(f, ps));
}
