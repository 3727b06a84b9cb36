#include "ir/fixed_point.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace lutc::ir {

namespace {
/// The rounded, scaled value of `x` and the code range [lo, hi] of `fmt`, in long double (exact
/// for every integer up to 2^64).
long double rounded(double x, const FixedFormat& fmt) {
  long double scaled = std::ldexp(static_cast<long double>(x), fmt.frac_bits);
  return fmt.rounding == Rounding::round ? std::floor(scaled + 0.5L) : std::floor(scaled);
}
long double lowest(const FixedFormat& fmt) { return fmt.is_signed ? -std::ldexp(1.0L, fmt.width() - 1) : 0.0L; }
long double highest(const FixedFormat& fmt) {
  return fmt.is_signed ? std::ldexp(1.0L, fmt.width() - 1) - 1 : std::ldexp(1.0L, fmt.width()) - 1;
}
}  // namespace

bool representable(double x, const FixedFormat& fmt) {
  if (!std::isfinite(x)) return false;
  long double q = rounded(x, fmt);
  return q >= lowest(fmt) && q <= highest(fmt);
}

uint64_t quantize(double x, const FixedFormat& fmt) {
  if (!std::isfinite(x)) throw std::domain_error("cannot quantize a value that is not a finite number");
  const int w = fmt.width();
  long double q = rounded(x, fmt);
  if (fmt.overflow == Overflow::saturate) q = std::clamp(q, lowest(fmt), highest(fmt));
  // Two's complement wrap: q mod 2^w in [0, 2^w), exact since q is an integer.
  long double modulus = std::ldexp(1.0L, w);
  long double r = std::fmod(q, modulus);
  if (r < 0) r += modulus;
  if (r >= modulus) r = 0;
  return static_cast<uint64_t>(r);
}

double dequantize(uint64_t code, const FixedFormat& fmt) {
  int w = fmt.width();
  if (w <= 0) return 0;
  int64_t v = static_cast<int64_t>(code);
  if (fmt.is_signed && w < 64 && ((code >> (w - 1)) & 1)) v -= int64_t{1} << w;
  return std::ldexp(static_cast<double>(v), -fmt.frac_bits);
}

}  // namespace lutc::ir
