#include "ir/fixed_point.hpp"

#include <cmath>

namespace lutc::ir {

uint64_t quantize(double x, const FixedFormat& fmt) {
  int w = fmt.width();
  double scaled = std::ldexp(x, fmt.frac_bits);
  double q = fmt.rounding == Rounding::round ? std::floor(scaled + 0.5) : std::floor(scaled);
  long double lo = fmt.is_signed ? -std::ldexp(1.0L, w - 1) : 0.0L;
  long double hi = fmt.is_signed ? std::ldexp(1.0L, w - 1) - 1 : std::ldexp(1.0L, w) - 1;
  if (fmt.overflow == Overflow::saturate) {
    if (q < lo) q = static_cast<double>(lo);
    if (q > hi) q = static_cast<double>(hi);
  }
  int64_t v = static_cast<int64_t>(q);
  uint64_t mask = w >= 64 ? ~uint64_t{0} : (uint64_t{1} << w) - 1;
  return static_cast<uint64_t>(v) & mask;
}

double dequantize(uint64_t code, const FixedFormat& fmt) {
  int w = fmt.width();
  if (w <= 0) return 0;
  int64_t v = static_cast<int64_t>(code);
  if (fmt.is_signed && w < 64 && ((code >> (w - 1)) & 1)) v -= int64_t{1} << w;
  return std::ldexp(static_cast<double>(v), -fmt.frac_bits);
}

}  // namespace lutc::ir
