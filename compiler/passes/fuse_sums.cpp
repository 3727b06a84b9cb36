#include "passes/fuse_sums.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "ir/arith.hpp"
#include "util/log.hpp"

namespace lutc::passes {

namespace detail {

/// One operand of a sum: (negate ? -1 : 1) * value(node) * 2^shift.
struct Term {
  ir::NodeId node;
  bool negate;
  int shift;
};

/// The terms a node sums, when it is a sum kind (add/sub, shifted sum, negate) or a quantizer
/// (one term); empty for other kinds.
std::vector<Term> terms_of(const ir::Node& n) {
  std::vector<Term> t;
  if (const auto* a = std::get_if<ir::AddSubOp>(&n.op)) {
    t = {{n.operands[0].node, false, 0}, {n.operands[1].node, a->subtract, a->shift}};
  } else if (const auto* s = std::get_if<ir::SumOp>(&n.op)) {
    for (size_t j = 0; j < n.operands.size(); ++j) t.push_back({n.operands[j].node, s->negate[j], s->shift[j]});
  } else if (std::holds_alternative<ir::NegateOp>(n.op)) {
    t = {{n.operands[0].node, true, 0}};
  } else if (const auto* q = std::get_if<ir::QuantizeOp>(&n.op)) {
    t = {{n.operands[0].node, false, q->shift}};
  }
  return t;
}

/// Smallest and largest real value a format can hold.
std::pair<double, double> format_bounds(const ir::FixedFormat& f) {
  double step = std::ldexp(1.0, -f.frac_bits);
  if (f.is_signed) return {-std::ldexp(1.0, f.int_bits - 1), std::ldexp(1.0, f.int_bits - 1) - step};
  return {0.0, std::ldexp(1.0, f.int_bits) - step};
}

/// Smallest and largest real value of a node: its exact range, else its format's.
std::pair<double, double> bounds(const ir::Node& n) {
  if (n.range) return {n.range->min, n.range->max};
  return format_bounds(*n.format);
}

/// True when node `n` computes its terms' sum exactly: no fraction bit is dropped and no value
/// wraps (every operand's exact range summed stays inside n's format).
bool exact(const ir::Network& net, const ir::Node& n, const std::vector<Term>& terms) {
  if (!n.format) return false;
  double lo = 0, hi = 0;
  for (const auto& t : terms) {
    const ir::Node& src = net.nodes[t.node];
    if (!src.format) return false;
    if (ir::frac_bits_of(src) - t.shift > n.format->frac_bits) return false;
    auto [a, b] = bounds(src);
    a = std::ldexp(a, t.shift);
    b = std::ldexp(b, t.shift);
    if (t.negate) {
      double neg_max = -b;
      b = -a;
      a = neg_max;
    }
    lo += a;
    hi += b;
  }
  auto [fmin, fmax] = format_bounds(*n.format);
  return lo >= fmin && hi <= fmax;
}

bool is_sum_kind(const ir::Node& n) {
  return std::holds_alternative<ir::AddSubOp>(n.op) || std::holds_alternative<ir::SumOp>(n.op) ||
         std::holds_alternative<ir::NegateOp>(n.op);
}

}  // namespace detail

fuse_sums_stats fuse_sums(ir::Network& net, const fuse_sums_params& ps) {
  using detail::Term;
  fuse_sums_stats st;
  std::vector<int> readers(net.nodes.size(), 0);
  for (const auto& n : net.nodes)
    for (const auto& o : n.operands) ++readers[o.node];
  for (const auto& o : net.outputs) readers[o.source.node] += 2;  // an output keeps its node
  // Whether a node may be folded into its only reader: an exact sum or quantizer whose operands
  // are whole nodes.
  std::vector<char> foldable(net.nodes.size(), 0);
  for (ir::NodeId id = 0; id < net.nodes.size(); ++id) {
    ir::Node& n = net.nodes[id];
    bool sum = detail::is_sum_kind(n);
    bool quantize = std::holds_alternative<ir::QuantizeOp>(n.op);
    if (!sum && !quantize) continue;
    bool whole = true;
    for (const auto& o : n.operands) whole = whole && o.lo == 0 && o.width == net.nodes[o.node].width;
    if (!whole) continue;
    std::vector<Term> terms = detail::terms_of(n);
    foldable[id] = readers[id] == 1 && detail::exact(net, n, terms);
    if (!sum) continue;
    // Expand operands that are foldable sums (already expanded themselves) or exact quantizers.
    std::vector<Term> out;
    size_t fused = 0;
    std::vector<Term> work(terms.rbegin(), terms.rend());
    while (!work.empty()) {
      Term t = work.back();
      work.pop_back();
      const ir::Node& m = net.nodes[t.node];
      auto inner = detail::terms_of(m);
      if (foldable[t.node] && !inner.empty() && out.size() + work.size() + inner.size() <= static_cast<size_t>(ps.max_terms)) {
        ++fused;
        for (auto it = inner.rbegin(); it != inner.rend(); ++it) work.push_back({it->node, it->negate != t.negate, it->shift + t.shift});
      } else {
        out.push_back(t);
      }
    }
    if (!fused) continue;
    ir::SumOp s;
    n.operands.clear();
    for (const auto& t : out) {
      n.operands.push_back({t.node, 0, net.nodes[t.node].width});
      s.negate.push_back(t.negate);
      s.shift.push_back(t.shift);
    }
    n.op = std::move(s);
    ++st.sums;
    st.nodes_fused += fused;
  }
  if (st.sums) net.compute_layers();
  if (st.sums)
    log::info("fuse_sums: " + std::to_string(st.sums) + " multi-operand sums absorb " + std::to_string(st.nodes_fused) +
              " inner adders and quantizers");
  return st;
}

}  // namespace lutc::passes
