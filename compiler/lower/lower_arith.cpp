#include "lower/lower_arith.hpp"

#include <algorithm>
#include <climits>
#include <stdexcept>
#include <type_traits>

#include "ir/arith.hpp"
#include "util/diagnostic.hpp"

namespace lutc::lower::detail {

using logic::LutNetwork;
using logic::Signal;

namespace {

/// Bit `j` of a value whose code bits are `b` (LSB first), extended beyond them by sign or zeros.
Signal ext_bit(const std::vector<Signal>& b, bool is_signed, int j) {
  if (j < 0 || b.empty()) return LutNetwork::const0;
  if (j >= static_cast<int>(b.size())) return is_signed ? b.back() : LutNetwork::const0;
  return b[static_cast<size_t>(j)];
}

bool signed_node(const ir::Node& n) { return n.format && n.format->is_signed; }

/// Reduces `in` with a k-input AND (all) or OR (any) tree of LUTs.
Signal reduce(std::vector<Signal> in, bool all, const AddLut& add_lut) {
  if (in.empty()) return all ? LutNetwork::const1 : LutNetwork::const0;
  while (in.size() > 1) {
    std::vector<Signal> next;
    for (size_t i = 0; i < in.size(); i += 6) {
      std::vector<Signal> part(in.begin() + static_cast<long>(i), in.begin() + static_cast<long>(std::min(in.size(), i + 6)));
      uint64_t rows = uint64_t{1} << part.size();
      uint64_t full = rows >= 64 ? ~uint64_t{0} : (uint64_t{1} << rows) - 1;
      next.push_back(add_lut(part, all ? uint64_t{1} << (rows - 1) : full & ~uint64_t{1}));
    }
    in = std::move(next);
  }
  return in[0];
}

}  // namespace

bool is_adder_kind(ir::NodeKind k) {
  return k == ir::NodeKind::negate || k == ir::NodeKind::add_sub || k == ir::NodeKind::sum || k == ir::NodeKind::add_const ||
         k == ir::NodeKind::multiply;
}

uint32_t adder_cell_bits(const ir::Network& net) {
  uint32_t n = 0;
  for (const auto& node : net.nodes)
    if (is_adder_kind(node.kind())) n += static_cast<uint32_t>(node.width);
  return n;
}

std::vector<Signal> lower_arithmetic(const ir::Network& net, const ir::Node& node, const std::vector<std::vector<Signal>>& bits,
                                     backend::Netlist& nl, uint32_t& next_pi, const AddLut& add_lut) {
  const int w = node.width;
  const int fo = ir::frac_bits_of(node);
  auto src = [&](size_t i) -> const std::vector<Signal>& { return bits[node.operands.at(i).node]; };
  auto src_node = [&](size_t i) -> const ir::Node& { return net.nodes[node.operands.at(i).node]; };
  auto f = [&](size_t i) { return ir::frac_bits_of(src_node(i)); };
  // Bit k of operand i scaled by 2^scale_shift, aligned to the node's LSB.
  auto aligned = [&](size_t i, int scale_shift, int k) { return ext_bit(src(i), signed_node(src_node(i)), k + f(i) - scale_shift - fo); };

  // Appends a cell whose output is bits [lo, lo + w) of its exact sum; its bits become fresh
  // LUT-network primary inputs. Low positions with a single non-negated contributor (a term bit
  // or a constant bit) produce no carry, so they are wired out and the carry chain starts above
  // them: a rounding constant 2^k then becomes the chain's carry-in, and zero LSBs cost nothing.
  auto emit = [&](backend::ArithCell cell, int lo) {
    const int k = backend::peelable_low_bits(cell, lo + w);
    std::vector<Signal> out;
    for (int p = lo; p < std::min(k, lo + w); ++p) out.push_back(backend::peeled_bit(cell, p));
    if (k >= lo + w) return out;
    backend::shift_down(cell, k);
    cell.lo = std::max(lo - k, 0);
    cell.width = lo + w - std::max(lo, k);
    cell.first_pi = next_pi;
    cell.layer = node.layer;
    for (int b = 0; b < cell.width; ++b) out.push_back(nl.luts.pi(next_pi++));
    nl.cells.push_back(std::move(cell));
    return out;
  };

  // Adders: terms at a common scale F, output = bits [F - fo, ...) of the exact sum.
  auto adder = [&](std::vector<std::pair<size_t, int>> ops, std::vector<bool> negate, int64_t constant, int constant_frac) {
    int F = INT_MIN;
    for (auto [i, shift] : ops) F = std::max(F, f(i) - shift);
    if (constant != 0 || ops.empty()) F = std::max(F, constant_frac);
    int lo = F - fo, pad = 0;
    if (lo < 0) pad = -lo, lo = 0;  // the node is finer than every term: shift all terms up
    backend::ArithCell cell;
    for (size_t t = 0; t < ops.size(); ++t) {
      auto [i, shift] = ops[t];
      cell.terms.push_back({src(i), signed_node(src_node(i)), F - (f(i) - shift) + pad, negate[t]});
    }
    if (constant != 0) {
      int cshift = F - constant_frac + pad;  // >= 0: F covers the constant's step
      if (cshift > 62) throw Diagnostic("adder constant of '" + node.name + "' out of range");
      cell.constant = constant << cshift;
    }
    return emit(std::move(cell), lo);
  };

  // a * b by shift-add: one adder cell summing a AND b[i] shifted by i (2-input AND LUTs); for
  // a signed b the top partial product is subtracted (its bit weighs -2^(n-1)). The product's
  // scale is the sum of the operands' fraction bits.
  auto multiplier = [&] {
    const auto& a = src(0);
    const auto& b = src(1);
    bool sa = signed_node(src_node(0)), sb = signed_node(src_node(1));
    int F = f(0) + f(1), lo = F - fo, pad = 0;
    if (lo < 0) pad = -lo, lo = 0;
    backend::ArithCell cell;
    for (size_t i = 0; i < b.size(); ++i) {
      if (b[i] == LutNetwork::const0) continue;
      std::vector<Signal> pp;
      for (Signal x : a)
        pp.push_back(b[i] == LutNetwork::const1 || x == LutNetwork::const0 ? x : add_lut({x, b[i]}, 0b1000));
      cell.terms.push_back({pp, sa, static_cast<int>(i) + pad, sb && i + 1 == b.size()});
    }
    return emit(std::move(cell), lo);
  };

  std::vector<Signal> out(static_cast<size_t>(w), LutNetwork::const0);
  std::visit(
      [&](const auto& op) {
        using T = std::decay_t<decltype(op)>;
        if constexpr (std::is_same_v<T, ir::InputOp> || std::is_same_v<T, ir::ConstantOp> || std::is_same_v<T, ir::Table>) {
          throw std::logic_error("lower_arithmetic: '" + node.name + "' is not arithmetic");
        } else if constexpr (std::is_same_v<T, ir::NegateOp>) {
          out = adder({{0, 0}}, {true}, 0, 0);
        } else if constexpr (std::is_same_v<T, ir::AddSubOp>) {
          out = adder({{0, 0}, {1, op.shift}}, {false, op.subtract}, 0, 0);
        } else if constexpr (std::is_same_v<T, ir::SumOp>) {
          std::vector<std::pair<size_t, int>> ops;
          for (size_t j = 0; j < node.operands.size(); ++j) ops.push_back({j, op.shift[j]});
          out = adder(ops, op.negate, 0, 0);
        } else if constexpr (std::is_same_v<T, ir::AddConstOp>) {
          out = adder({{0, 0}}, {false}, op.value, op.shift);
        } else if constexpr (std::is_same_v<T, ir::QuantizeOp>) {
          for (int k = 0; k < w; ++k) out[k] = aligned(0, op.shift, k);
        } else if constexpr (std::is_same_v<T, ir::ReluOp>) {
          const auto& a = src(0);
          bool neg_possible = signed_node(src_node(0)) && !a.empty();
          for (int k = 0; k < w; ++k) {
            Signal b = aligned(0, 0, k);
            out[k] = neg_possible ? add_lut({b, a.back()}, 0b0010) : b;  // b and not sign
          }
        } else if constexpr (std::is_same_v<T, ir::MsbMuxOp>) {
          const auto& c = src(2);
          if (c.empty()) {
            for (int k = 0; k < w; ++k) out[k] = aligned(1, op.shift, k);
          } else {
            for (int k = 0; k < w; ++k) out[k] = add_lut({aligned(0, 0, k), aligned(1, op.shift, k), c.back()}, 0xAC);  // I2 ? I0 : I1
          }
        } else if constexpr (std::is_same_v<T, ir::BitUnaryOp>) {
          const auto& a = src(0);
          bool sa = signed_node(src_node(0));
          if (op.kind == ir::BitUnaryOp::Kind::bit_not) {
            // alkaid: a signed result is ~(sign-extended a); an unsigned one keeps only a's bits.
            bool keep_extension = signed_node(node);
            for (int k = 0; k < w; ++k)
              out[k] = (!keep_extension && k >= static_cast<int>(a.size())) ? LutNetwork::const0 : add_lut({ext_bit(a, sa, k)}, 0b01);
          } else if (w > 0) {
            out[0] = reduce(a, op.kind == ir::BitUnaryOp::Kind::reduce_all, add_lut);
          }
        } else if constexpr (std::is_same_v<T, ir::BitBinaryOp>) {
          int f1 = f(1) - op.shift, F = std::max(f(0), f1);
          uint64_t init = op.kind == ir::BitBinaryOp::Kind::bit_and ? 0b1000 : op.kind == ir::BitBinaryOp::Kind::bit_or ? 0b1110 : 0b0110;
          for (int k = 0; k < w; ++k) {
            int j = k + F - fo;  // bit of the aligned result
            Signal x = ext_bit(src(0), signed_node(src_node(0)), j - (F - f(0)));
            Signal y = ext_bit(src(1), signed_node(src_node(1)), j - (F - f1));
            out[k] = add_lut({x, y}, init);
          }
        } else if constexpr (std::is_same_v<T, ir::MultiplyOp>) {
          out = multiplier();
        }
      },
      node.op);
  return out;
}

}  // namespace lutc::lower::detail
