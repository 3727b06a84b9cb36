#include <doctest/doctest.h>

#include "ir/fixed_point.hpp"

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
