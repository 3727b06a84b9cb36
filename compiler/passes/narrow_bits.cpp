#include "passes/narrow_bits.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <type_traits>
#include <vector>

#include "ir/arith.hpp"
#include "util/log.hpp"

namespace lutc::passes {

namespace detail {

using wide = __int128;
constexpr int no_low_bits = 64;  // trailing zeros of a value that is always 0

/// Every value a node can take is code * 2^-frac with code in [lo, hi], and every code is a
/// multiple of 2^tz. `exact` is false when the node may wrap (then [lo, hi] is its format's span).
struct Interval {
  wide lo = 0, hi = 0;
  int frac = 0;
  int tz = 0;
  bool exact = true;     // the node never wraps: it may be narrowed
  bool overflow = false; // scaling left the 128-bit range: unknown
};

int trailing_zeros(wide x) {
  if (x == 0) return no_low_bits;
  int n = 0;
  while (n < no_low_bits && ((x >> n) & 1) == 0) ++n;
  return n;
}

/// The same values at scale 2^-to, rounded toward -inf when fraction bits are dropped.
Interval rescale(Interval v, int to) {
  if (to >= v.frac) {
    int d = to - v.frac;
    if (d > 60) return {0, 0, to, 0, false, true};
    v.lo <<= d, v.hi <<= d;
    v.tz = std::min(v.tz + d, no_low_bits);
  } else {
    int d = std::min(v.frac - to, 120);
    v.lo >>= d, v.hi >>= d;
    v.tz = std::max(v.tz - d, 0);
  }
  v.frac = to;
  return v;
}

/// Smallest and largest code of a format `width` bits wide.
std::pair<wide, wide> code_span(bool is_signed, int width) {
  if (is_signed) return {-(wide{1} << (width - 1)), (wide{1} << (width - 1)) - 1};
  return {0, (wide{1} << width) - 1};
}

bool node_signed(const ir::Node& n) { return n.format && n.format->is_signed; }

Interval format_interval(const ir::Node& n) {
  auto [lo, hi] = code_span(node_signed(n), std::max(n.width, 1));
  if (n.width == 0) lo = hi = 0;
  return {lo, hi, ir::frac_bits_of(n), 0, false};
}

/// Sum of intervals (each already scaled by its term's shift and sign) at a common scale.
Interval add(const std::vector<Interval>& terms) {
  int F = INT32_MIN / 2;
  for (const auto& t : terms) F = std::max(F, t.frac);
  Interval s{0, 0, F, no_low_bits, true};
  for (const auto& t0 : terms) {
    Interval t = rescale(t0, F);
    s.lo += t.lo, s.hi += t.hi;
    s.tz = std::min(s.tz, t.tz);
    s.overflow = s.overflow || t.overflow;
  }
  return s;
}

Interval negate(Interval v) {
  std::swap(v.lo, v.hi);
  v.lo = -v.lo, v.hi = -v.hi;
  return v;
}

/// Value times 2^shift: the same codes at a coarser scale.
Interval shifted(Interval v, int shift) {
  v.frac -= shift;
  return v;
}

Interval hull(const Interval& a0, const Interval& b0) {
  int F = std::max(a0.frac, b0.frac);
  Interval a = rescale(a0, F), b = rescale(b0, F);
  return {std::min(a.lo, b.lo), std::max(a.hi, b.hi), F, std::min(a.tz, b.tz), true, a.overflow || b.overflow};
}

/// Values of a table as its arithmetic readers see them: the rows whose every bit is cared about.
Interval table_interval(const ir::Node& n) {
  const ir::Table& t = n.table();
  Interval v{0, 0, ir::frac_bits_of(n), no_low_bits, true};
  bool any = false;
  for (uint64_t r = 0; r < t.num_rows(); ++r) {
    bool cared = true;
    for (int b = 0; b < t.out_width && cared; ++b) cared = t.cares(b, r);
    if (!cared) continue;
    wide c = ir::signed_code(t.rows[r], n);
    v.lo = any ? std::min(v.lo, c) : c;
    v.hi = any ? std::max(v.hi, c) : c;
    v.tz = std::min(v.tz, trailing_zeros(c));
    any = true;
  }
  return any ? v : format_interval(n);
}

Interval input_interval(const ir::Node& n) {
  Interval v = format_interval(n);
  if (!n.range || !n.format) return v;
  const int F = n.format->frac_bits;
  double lo = std::ceil(std::ldexp(n.range->min, F)), hi = std::floor(std::ldexp(n.range->max, F));
  double step = std::ldexp(n.range->step, F);
  if (!(lo >= static_cast<double>(v.lo) && hi <= static_cast<double>(v.hi) && lo <= hi)) return v;
  v.lo = static_cast<wide>(lo), v.hi = static_cast<wide>(hi);
  v.exact = true;
  int step_tz = step >= 1 && step == std::ldexp(1.0, static_cast<int>(std::log2(step))) ? static_cast<int>(std::log2(step)) : 0;
  v.tz = std::min(trailing_zeros(v.lo), step_tz);
  return v;
}

/// Interval of arithmetic node `n` before wrapping, truncated to its scale; nullopt when unknown.
Interval arith_interval(const ir::Node& n, const std::vector<Interval>& in) {
  auto op_at = [&](size_t i) { return in.at(n.operands.at(i).node); };
  const int fo = ir::frac_bits_of(n);
  std::optional<Interval> exact;
  std::visit(
      [&](const auto& op) {
        using T = std::decay_t<decltype(op)>;
        if constexpr (std::is_same_v<T, ir::NegateOp>) {
          exact = rescale(negate(op_at(0)), fo);
        } else if constexpr (std::is_same_v<T, ir::AddSubOp>) {
          Interval b = shifted(op_at(1), op.shift);
          exact = rescale(add({op_at(0), op.subtract ? negate(b) : b}), fo);
        } else if constexpr (std::is_same_v<T, ir::SumOp>) {
          std::vector<Interval> terms;
          for (size_t j = 0; j < n.operands.size(); ++j) {
            Interval t = shifted(op_at(j), op.shift[j]);
            terms.push_back(op.negate[j] ? negate(t) : t);
          }
          exact = rescale(add(terms), fo);
        } else if constexpr (std::is_same_v<T, ir::ReluOp>) {
          Interval a = op_at(0);
          a.lo = std::max<wide>(a.lo, 0), a.hi = std::max<wide>(a.hi, 0);
          exact = rescale(a, fo);
        } else if constexpr (std::is_same_v<T, ir::QuantizeOp>) {
          exact = rescale(shifted(op_at(0), op.shift), fo);
        } else if constexpr (std::is_same_v<T, ir::AddConstOp>) {
          Interval c{op.value, op.value, op.shift, trailing_zeros(op.value), true};
          exact = rescale(add({op_at(0), c}), fo);
        } else if constexpr (std::is_same_v<T, ir::MsbMuxOp>) {
          exact = hull(rescale(op_at(0), fo), rescale(shifted(op_at(1), op.shift), fo));
        } else if constexpr (std::is_same_v<T, ir::MultiplyOp>) {
          Interval a = op_at(0), b = op_at(1);
          if (n.operands[0].width + n.operands[1].width > 120) return;
          wide p[4] = {a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi};
          Interval m{*std::min_element(p, p + 4), *std::max_element(p, p + 4), a.frac + b.frac,
                     std::min(a.tz + b.tz, no_low_bits), true};
          exact = rescale(m, fo);
        }
      },
      n.op);
  Interval whole = format_interval(n);
  if (!exact) return whole;
  constexpr wide limit = wide{1} << 100;
  if (exact->overflow || exact->lo < -limit || exact->hi > limit || exact->lo < whole.lo || exact->hi > whole.hi) return whole;
  exact->exact = true;
  return *exact;
}

/// True when the operand at `position` of `reader` depends only on the operand's value (not on
/// its code's width or signedness), so the operand may change format.
bool reads_value(const ir::Node& reader, size_t position) {
  switch (reader.kind()) {
    case ir::NodeKind::negate:
    case ir::NodeKind::add_sub:
    case ir::NodeKind::sum:
    case ir::NodeKind::relu:
    case ir::NodeKind::quantize:
    case ir::NodeKind::add_const:
    case ir::NodeKind::multiply:
    case ir::NodeKind::bit_binary: return true;
    case ir::NodeKind::msb_mux: return position < 2;
    default: return false;
  }
}

bool is_adder(ir::NodeKind k) {
  return k == ir::NodeKind::negate || k == ir::NodeKind::add_sub || k == ir::NodeKind::sum || k == ir::NodeKind::add_const ||
         k == ir::NodeKind::multiply;
}

bool narrowable_kind(ir::NodeKind k) {
  return is_adder(k) || k == ir::NodeKind::relu || k == ir::NodeKind::quantize || k == ir::NodeKind::msb_mux;
}

/// The narrowest format holding every value of `v` (at least one bit), as (format, low bits dropped).
std::pair<ir::FixedFormat, int> narrowest(const ir::FixedFormat& old, int width, const Interval& v) {
  int d = std::min(v.tz, width - 1);
  wide lo = v.lo >> d, hi = v.hi >> d;
  bool is_signed = lo < 0;
  int b = 1;
  while (b < width) {
    auto [min, max] = code_span(is_signed, b);
    if (lo >= min && hi <= max) break;
    ++b;
  }
  ir::FixedFormat f = old;
  f.is_signed = is_signed;
  f.frac_bits = v.frac - d;
  f.int_bits = b - f.frac_bits;
  return {f, d};
}

/// Rewrites a fully-cared-or-fully-don't-care table for its new format (codes shifted down by `d`).
void rewrite_table(ir::Node& n, const ir::FixedFormat& f, int d) {
  ir::Table& t = n.table();
  const int w = f.width();
  const uint64_t mask = w >= 64 ? ~uint64_t{0} : (uint64_t{1} << w) - 1;
  logic::TruthTable cared(t.index_bits);
  for (uint64_t r = 0; r < t.num_rows(); ++r) {
    bool c = t.cares(0, r);
    cared.set(r, c);
    t.rows[r] = c ? static_cast<uint64_t>(static_cast<wide>(ir::signed_code(t.rows[r], n)) >> d) & mask : 0;
  }
  if (!t.care.empty()) t.care.assign(static_cast<size_t>(w), cared);
  t.out_width = w;
  n.width = w;
  n.format = f;
}

/// True when every row of a table is cared about in all of its bits or in none.
bool rows_all_or_nothing(const ir::Table& t) {
  if (t.care.empty()) return true;
  for (uint64_t r = 0; r < t.num_rows(); ++r)
    for (int b = 1; b < t.out_width; ++b)
      if (t.cares(b, r) != t.cares(0, r)) return false;
  return true;
}

}  // namespace detail

narrow_bits_stats narrow_bits(ir::Network& net, const narrow_bits_params& ps) {
  using detail::Interval;
  narrow_bits_stats st;
  const size_t n_nodes = net.nodes.size();

  // 1. Intervals, in topological order.
  std::vector<Interval> iv(n_nodes);
  for (size_t i = 0; i < n_nodes; ++i) {
    const ir::Node& n = net.nodes[i];
    switch (n.kind()) {
      case ir::NodeKind::input: iv[i] = detail::input_interval(n); break;
      case ir::NodeKind::constant: {
        detail::wide c = n.format ? ir::signed_code(n.constant_value(), n) : static_cast<detail::wide>(n.constant_value());
        iv[i] = {c, c, ir::frac_bits_of(n), detail::trailing_zeros(c), true};
        break;
      }
      case ir::NodeKind::table: iv[i] = n.format ? detail::table_interval(n) : detail::format_interval(n); break;
      default: iv[i] = n.format ? detail::arith_interval(n, iv) : detail::format_interval(n);
    }
  }

  // 2. Who reads codes (not values) of each node.
  std::vector<char> code_read(n_nodes, 0);
  for (const auto& n : net.nodes)
    for (size_t j = 0; j < n.operands.size(); ++j)
      if (!detail::reads_value(n, j)) code_read[n.operands[j].node] = 1;
  for (const auto& o : net.outputs) code_read[o.source.node] = 1;

  // 3. Narrow formats.
  std::vector<char> narrowed(n_nodes, 0);
  std::vector<ir::FixedFormat> old_format(n_nodes);
  std::vector<int> old_width(n_nodes, 0);
  for (size_t i = 0; i < n_nodes; ++i) {
    ir::Node& n = net.nodes[i];
    if (detail::is_adder(n.kind())) st.adder_bits_before += static_cast<size_t>(n.width);
    const Interval& v = iv[i];
    if (!n.format || !v.exact || v.lo == v.hi || n.width < 1) continue;
    bool table = n.kind() == ir::NodeKind::table;
    if (table && (!ps.narrow_tables || code_read[i] || !detail::rows_all_or_nothing(n.table()))) continue;
    if (!table && !detail::narrowable_kind(n.kind())) continue;
    auto [f, d] = detail::narrowest(*n.format, n.width, v);
    if (f.width() >= n.width) continue;
    old_format[i] = *n.format;
    old_width[i] = n.width;
    st.low_bits_removed += static_cast<size_t>(d);
    st.high_bits_removed += static_cast<size_t>(n.width - d - f.width());
    if (table) {
      detail::rewrite_table(n, f, d);
      ++st.tables_narrowed;
    } else {
      n.format = f;
      n.width = f.width();
      ++st.nodes_narrowed;
    }
    narrowed[i] = 1;
  }
  for (const auto& n : net.nodes)
    if (detail::is_adder(n.kind())) st.adder_bits_after += static_cast<size_t>(n.width);

  // 4. Rebuild: value readers read the narrowed node whole; code readers read a wiring-only
  // quantizer back to the old format, placed right after the node.
  if (st.nodes_narrowed + st.tables_narrowed > 0) {
    std::vector<ir::Node> nodes;
    nodes.reserve(n_nodes + n_nodes / 4);
    std::vector<ir::NodeId> id(n_nodes), restored(n_nodes);
    for (size_t i = 0; i < n_nodes; ++i) {
      ir::Node n = std::move(net.nodes[i]);
      for (size_t j = 0; j < n.operands.size(); ++j) {
        ir::Operand& o = n.operands[j];
        if (narrowed[o.node] && detail::reads_value(n, j)) o = {id[o.node], 0, nodes[id[o.node]].width};
        else o.node = narrowed[o.node] ? restored[o.node] : id[o.node];
      }
      id[i] = restored[i] = static_cast<ir::NodeId>(nodes.size());
      nodes.push_back(std::move(n));
      if (narrowed[i] && code_read[i]) {
        ir::Node r;
        r.op = ir::QuantizeOp{0};
        r.name = nodes.back().name + "_wide";
        r.width = old_width[i];
        r.format = old_format[i];
        r.range = nodes.back().range;
        r.source_line = nodes.back().source_line;
        r.operands = {{id[i], 0, nodes.back().width}};
        restored[i] = static_cast<ir::NodeId>(nodes.size());
        nodes.push_back(std::move(r));
        ++st.restore_nodes;
      }
    }
    net.nodes = std::move(nodes);
    for (auto& in : net.inputs) in = id[in];
    for (auto& o : net.outputs) o.source.node = narrowed[o.source.node] ? restored[o.source.node] : id[o.source.node];
    net.compute_layers();
  }
  log::info("narrow_bits: " + std::to_string(st.nodes_narrowed) + " arithmetic nodes and " + std::to_string(st.tables_narrowed) +
            " tables narrowed (" + std::to_string(st.high_bits_removed) + " high and " + std::to_string(st.low_bits_removed) +
            " low bits removed, " + std::to_string(st.restore_nodes) + " wiring quantizers for code readers); adder bits " +
            std::to_string(st.adder_bits_before) + " -> " + std::to_string(st.adder_bits_after));
  return st;
}

}  // namespace lutc::passes
