#include "ir/arith.hpp"

#include <algorithm>
#include <stdexcept>
#include <type_traits>

namespace lutc::ir {

namespace {

using wide = __int128;

/// v (scaled by 2^from) rescaled to 2^to, rounding toward -inf when bits are dropped.
wide rescale(wide v, int from, int to) { return to >= from ? v << (to - from) : v >> (from - to); }

uint64_t wrap(wide v, int width) {
  if (width <= 0) return 0;
  uint64_t u = static_cast<uint64_t>(v);
  return width >= 64 ? u : u & ((uint64_t{1} << width) - 1);
}

}  // namespace

int64_t signed_code(uint64_t code, const Node& n) {
  int w = n.width;
  if (w <= 0) return 0;
  if (w < 64) code &= (uint64_t{1} << w) - 1;
  if (n.format && n.format->is_signed && w < 64 && ((code >> (w - 1)) & 1)) return static_cast<int64_t>(code) - (int64_t{1} << w);
  return static_cast<int64_t>(code);
}

uint64_t evaluate_arithmetic(const Network& net, const Node& n, const std::vector<uint64_t>& codes) {
  auto node = [&](size_t i) -> const Node& { return net.nodes[n.operands.at(i).node]; };
  auto val = [&](size_t i) -> wide { return signed_code(codes.at(i), node(i)); };
  auto f = [&](size_t i) { return frac_bits_of(node(i)); };
  const int fo = frac_bits_of(n);
  // Result of an exact value `v` scaled by 2^from: truncate to the node's step, wrap to its width.
  auto out = [&](wide v, int from) { return wrap(rescale(v, from, fo), n.width); };
  return std::visit(
      [&](const auto& op) -> uint64_t {
        using T = std::decay_t<decltype(op)>;
        if constexpr (std::is_same_v<T, InputOp> || std::is_same_v<T, ConstantOp> || std::is_same_v<T, Table>) {
          throw std::logic_error("evaluate_arithmetic: '" + n.name + "' is not an arithmetic node");
        } else if constexpr (std::is_same_v<T, NegateOp>) {
          return out(-val(0), f(0));
        } else if constexpr (std::is_same_v<T, AddSubOp>) {
          int f1 = f(1) - op.shift;  // b * 2^shift has f(1) - shift fractional bits
          int F = std::max(f(0), f1);
          wide a = rescale(val(0), f(0), F), b = rescale(val(1), f1, F);
          return out(op.subtract ? a - b : a + b, F);
        } else if constexpr (std::is_same_v<T, SumOp>) {
          int F = INT32_MIN;
          for (size_t j = 0; j < n.operands.size(); ++j) F = std::max(F, f(j) - op.shift[j]);
          wide s = 0;
          for (size_t j = 0; j < n.operands.size(); ++j) {
            wide t = rescale(val(j), f(j) - op.shift[j], F);
            s = op.negate[j] ? s - t : s + t;
          }
          return out(s, F);
        } else if constexpr (std::is_same_v<T, ReluOp>) {
          return out(std::max<wide>(val(0), 0), f(0));
        } else if constexpr (std::is_same_v<T, QuantizeOp>) {
          return out(val(0), f(0) - op.shift);
        } else if constexpr (std::is_same_v<T, AddConstOp>) {
          int F = std::max(f(0), op.shift);
          return out(rescale(val(0), f(0), F) + rescale(op.value, op.shift, F), F);
        } else if constexpr (std::is_same_v<T, MsbMuxOp>) {
          int wc = node(2).width;
          bool cond = wc > 0 && ((codes.at(2) >> (wc - 1)) & 1);
          return cond ? out(val(0), f(0)) : out(val(1), f(1) - op.shift);
        } else if constexpr (std::is_same_v<T, MultiplyOp>) {
          return out(val(0) * val(1), f(0) + f(1));
        } else if constexpr (std::is_same_v<T, BitUnaryOp>) {
          int wi = node(0).width;
          uint64_t mask_in = wi >= 64 ? ~uint64_t{0} : (uint64_t{1} << wi) - 1;
          wide a = val(0);
          switch (op.kind) {
            case BitUnaryOp::Kind::bit_not:
              // On codes, as alkaid: a signed result keeps the sign extension, an unsigned one only a's bits.
              return wrap(n.format && n.format->is_signed ? ~a : (~a) & mask_in, n.width);
            case BitUnaryOp::Kind::reduce_any: return wrap(a != 0, n.width);
            case BitUnaryOp::Kind::reduce_all: return wrap((static_cast<uint64_t>(a) & mask_in) == mask_in, n.width);
          }
          return 0;
        } else if constexpr (std::is_same_v<T, BitBinaryOp>) {
          int f1 = f(1) - op.shift;
          int F = std::max(f(0), f1);
          wide a = rescale(val(0), f(0), F), b = rescale(val(1), f1, F);
          wide r = op.kind == BitBinaryOp::Kind::bit_and ? (a & b) : op.kind == BitBinaryOp::Kind::bit_or ? (a | b) : (a ^ b);
          return out(r, F);
        }
      },
      n.op);
}

}  // namespace lutc::ir
