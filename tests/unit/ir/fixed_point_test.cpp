#include <doctest/doctest.h>

#include "ir/fixed_point.hpp"

#include <cmath>
#include <stdexcept>

using namespace lutc::ir;

TEST_CASE("quantize truncates or rounds, wraps or saturates") {
  FixedFormat u{false, 2, 2, Rounding::truncate, Overflow::wrap};  // 0 .. 3.75 step 0.25
  CHECK(quantize(1.3, u) == 5);           // floor(5.2)
  CHECK(quantize(4.0, u) == 0);           // 16 wraps to 0
  u.overflow = Overflow::saturate;
  CHECK(quantize(4.0, u) == 15);
  CHECK(quantize(-1.0, u) == 0);
  u.rounding = Rounding::round;
  CHECK(quantize(1.375, u) == 6);         // 5.5 rounds up
  FixedFormat s{true, 2, 1, Rounding::truncate, Overflow::saturate};  // -2 .. 1.5 step 0.5
  CHECK(quantize(-0.5, s) == 0b111);
  CHECK(quantize(-9.0, s) == 0b100);
  CHECK(dequantize(0b111, s) == -0.5);
  CHECK(dequantize(0b011, s) == 1.5);
  for (uint64_t code = 0; code < 8; ++code) CHECK(quantize(dequantize(code, s), s) == code);
}

TEST_CASE("quantize is defined at any magnitude and refuses NaN and infinities") {
  FixedFormat s{true, 4, 0, Rounding::truncate, Overflow::wrap};  // -8 .. 7
  CHECK(quantize(1e19, s) == 0);                 // 10^19 = 2^19 * 5^19, a multiple of 16
  CHECK(quantize(1e300, s) == 0);
  CHECK(quantize(-9.0, s) == 7);                 // wraps like two's complement
  CHECK(quantize(std::ldexp(1.0, 70) + std::ldexp(1.0, 2), FixedFormat{false, 8, 0}) == 0);  // 2^70 is beyond int64
  CHECK_THROWS_AS(quantize(std::nan(""), s), std::domain_error);
  CHECK_THROWS_AS(quantize(INFINITY, s), std::domain_error);
  CHECK_THROWS_AS(quantize(-INFINITY, s), std::domain_error);
  s.overflow = Overflow::saturate;
  CHECK(quantize(1e300, s) == 7);
  CHECK(quantize(-1e300, s) == 8);
  FixedFormat u64{false, 64, 0, Rounding::truncate, Overflow::saturate};
  CHECK(quantize(1e30, u64) == ~uint64_t{0});
  CHECK(representable(7.9, s));
  CHECK(!representable(8.0, s));
  CHECK(!representable(std::nan(""), s));
}
