#pragma once
// Fixed-point number formats. Every value in the IR is a bit vector; a format says how a real
// number maps to that code. Later frontends (ALIR) also carry [min, max, step] ranges.
#include <cstdint>
#include <optional>
#include <string>

namespace lutc::ir {

enum class Rounding { truncate, round };      // toward -inf, or to nearest (ties up)
enum class Overflow { wrap, saturate };

struct FixedFormat {
  bool is_signed = false;
  int int_bits = 0;     // integer bits, including the sign bit when signed
  int frac_bits = 0;    // fractional bits
  Rounding rounding = Rounding::truncate;
  Overflow overflow = Overflow::wrap;

  int width() const { return int_bits + frac_bits; }
  bool operator==(const FixedFormat&) const = default;
};

/// Quantizes a real number into the two's complement code (low `width()` bits) of `fmt`,
/// wrapping or saturating out-of-range values as `fmt.overflow` says (exactly, at any magnitude).
/// Throws std::domain_error for NaN and infinities.
uint64_t quantize(double x, const FixedFormat& fmt);
/// True if `x` is finite and, after rounding, lies in the range of `fmt` (no overflow handling).
bool representable(double x, const FixedFormat& fmt);
/// The real number a code represents in `fmt`.
double dequantize(uint64_t code, const FixedFormat& fmt);

/// A value range known for a signal: every value is min + k*step, min <= value <= max.
struct ValueRange {
  double min = 0, max = 0, step = 1;
};

}  // namespace lutc::ir
