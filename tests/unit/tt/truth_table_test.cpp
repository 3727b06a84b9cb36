#include <doctest/doctest.h>

#include <random>

#include "tt/truth_table.hpp"

using namespace lutc::logic;

namespace {
/// A random table, the reference being its own bits read one at a time.
TruthTable random_table(int vars, std::mt19937_64& rng) {
  TruthTable t(vars);
  for (uint64_t m = 0; m < t.num_bits(); ++m) t.set(m, rng() & 1);
  return t;
}
}  // namespace

TEST_CASE("cofactor and has_var agree with a bit-by-bit reference") {
  std::mt19937_64 rng(11);
  for (int vars = 1; vars <= 9; ++vars)
    for (int trial = 0; trial < 5; ++trial) {
      TruthTable t = random_table(vars, rng);
      for (int v = 0; v < vars; ++v) {
        bool depends = false;
        for (int value = 0; value < 2; ++value) {
          TruthTable c = cofactor(t, v, value);
          for (uint64_t m = 0; m < t.num_bits(); ++m) {
            uint64_t src = value ? (m | (uint64_t{1} << v)) : (m & ~(uint64_t{1} << v));
            REQUIRE(c.get(m) == t.get(src));
          }
        }
        for (uint64_t m = 0; m < t.num_bits(); ++m)
          if (t.get(m) != t.get(m ^ (uint64_t{1} << v))) depends = true;
        CHECK(has_var(t, v) == depends);
      }
    }
}

TEST_CASE("has_var_on ignores disagreements outside the care set") {
  std::mt19937_64 rng(5);
  for (int vars = 2; vars <= 8; ++vars) {
    TruthTable t = random_table(vars, rng), care = random_table(vars, rng);
    for (int v = 0; v < vars; ++v) {
      bool depends = false;
      for (uint64_t m = 0; m < t.num_bits(); ++m) {
        uint64_t o = m ^ (uint64_t{1} << v);
        if (care.get(m) && care.get(o) && t.get(m) != t.get(o)) depends = true;
      }
      CHECK(has_var_on(t, care, v) == depends);
    }
  }
}

TEST_CASE("hex and binary round trip, most significant first") {
  TruthTable t(3);
  t.set(0, true);
  t.set(7, true);
  CHECK(to_hex(t) == "81");
  CHECK(to_binary(t) == "10000001");
  TruthTable u(3);
  REQUIRE(from_hex(u, "81"));
  CHECK(u == t);
  CHECK_FALSE(from_hex(u, "8"));     // wrong length
  CHECK_FALSE(from_hex(u, "8g"));    // bad digit
  TruthTable two(2);
  CHECK_FALSE(from_hex(two, "1f"));  // too long for 4 bits
  CHECK_FALSE(from_hex(two, "f0"));
  std::mt19937_64 rng(3);
  for (int vars = 0; vars <= 10; ++vars) {
    TruthTable r = random_table(vars, rng), back(vars);
    REQUIRE(from_hex(back, to_hex(r)));
    CHECK(back == r);
  }
}

TEST_CASE("constants, projections and operators") {
  for (int vars = 0; vars <= 8; ++vars) {
    CHECK(count_ones(const1(vars)) == (uint64_t{1} << vars));
    CHECK(is_const0(const0(vars)));
    CHECK(is_const0(const1(vars) & ~const1(vars)));
    for (int v = 0; v < vars; ++v) {
      TruthTable x = nth_var(vars, v);
      for (uint64_t m = 0; m < x.num_bits(); ++m) REQUIRE(x.get(m) == (((m >> v) & 1) != 0));
      CHECK(count_ones(x ^ nth_var(vars, v)) == 0);
    }
  }
}
