#include "frontend/mac_lowering.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include <type_traits>
#include <unordered_map>

#include "ir/arith.hpp"

namespace lutc::frontend {

const char* mac_strategy_name(MacStrategy s) {
  switch (s) {
    case MacStrategy::automatic: return "auto";
    case MacStrategy::mul: return "mul";
    case MacStrategy::shift_add: return "shift-add";
    case MacStrategy::lut_na: return "lut-na";
  }
  return "auto";
}

std::optional<MacStrategy> parse_mac_strategy(const std::string& name) {
  for (auto s : {MacStrategy::automatic, MacStrategy::mul, MacStrategy::shift_add, MacStrategy::lut_na})
    if (name == mac_strategy_name(s)) return s;
  return std::nullopt;
}

namespace detail {
namespace {

int bit_length(int64_t v) {
  int n = 0;
  while (v > 0) ++n, v >>= 1;
  return n;
}

/// Floor of v / 2^s (s >= 0), as an arithmetic shift.
int64_t floor_shift(int64_t v, int s) { return s >= 63 ? (v < 0 ? -1 : 0) : (v >> s); }

/// v / 2^s rounded to nearest, ties up (s >= 0): an approximation's truncations then cancel on
/// average instead of adding up (floor would bias every table the same way).
int64_t rounded_shift(int64_t v, int s) { return s == 0 ? v : floor_shift(v + (int64_t{1} << (s - 1)), s); }

/// Canonical signed digits of v: (position, +1/-1), no two adjacent nonzero.
std::vector<std::pair<int, int>> csd_digits(int64_t v) {
  std::vector<std::pair<int, int>> digits;
  for (int p = 0; v != 0; ++p, v >>= 1) {
    if ((v & 1) == 0) continue;
    int d = (v & 3) == 3 ? -1 : 1;  // ...11 -> -1 and carry
    digits.push_back({p, d});
    v -= d;
  }
  return digits;
}

/// A summand: +/- (real value of node id) * 2^shift.
struct Term {
  ir::NodeId id = 0;
  int shift = 0;
  bool neg = false;
};

/// Signed code of bits [lo, lo + w) of `code`, read signed when `is_signed`.
int64_t slice_value(uint64_t code, int lo, int w, bool is_signed) {
  int64_t v = static_cast<int64_t>((code >> lo) & ((uint64_t{1} << w) - 1));
  if (is_signed && w > 0 && ((v >> (w - 1)) & 1)) v -= int64_t{1} << w;
  return v;
}

class DenseBuilder {
 public:
  DenseBuilder(ir::Network& net, const DenseLayer& layer, const mac_params& ps, MacStrategy strategy, int chunk_bits, int group)
      : net_(net), L_(layer), ps_(ps), strategy_(strategy), k_(chunk_bits), G_(group) {
    // Arithmetic reads typed nodes: an input without a format is an unsigned integer (the same codes).
    for (ir::NodeId id : layer.inputs)
      if (!net.nodes.at(id).format) net.nodes[id].format = ir::FixedFormat{false, net.nodes[id].width, 0};
    const ir::Node& x = net.nodes.at(layer.inputs.at(0));
    in_format_ = x.format.value_or(ir::FixedFormat{false, x.width, 0});
    bits_ = x.width;
    F_ = in_format_.frac_bits + layer.weight_frac_bits;
    first_new_ = net.nodes.size();
  }

  std::vector<ir::NodeId> build() {
    std::vector<ir::NodeId> outs;
    for (size_t j = 0; j < L_.weights.size(); ++j) {
      std::vector<Term> terms;
      if (strategy_ == MacStrategy::mul) terms = mul_terms(j);
      else if (strategy_ == MacStrategy::shift_add) terms = shift_add_terms(j);
      else terms = lut_na_terms(j);
      outs.push_back(finish(j, sum_tree(std::move(terms), j)));
    }
    return outs;
  }

  /// Table LUTs plus adder bits of every node added (multipliers: a row of adder bits per extra
  /// partial product; adders: their bits where both operands have bits).
  double cost(mac_layer_stats& st) const {
    double c = 0;
    std::set<std::pair<int, std::vector<uint64_t>>> distinct;
    for (size_t i = first_new_; i < net_.nodes.size(); ++i) {
      const ir::Node& n = net_.nodes[i];
      switch (n.kind()) {
        case ir::NodeKind::table:
          ++st.tables;
          if (distinct.insert({n.table().index_bits, n.table().rows}).second) ++st.distinct_tables;
          c += static_cast<double>(ps_.table_luts ? ps_.table_luts(n.table())
                                                  : static_cast<size_t>(n.width) << std::max(0, n.table().index_bits - 6));
          break;
        case ir::NodeKind::add_sub: {
          // Low result bits that only the added operand has are wires, not LUTs (the carry
          // chain starts where both operands have bits): shifted terms cost less than their width.
          const auto& op = std::get<ir::AddSubOp>(n.op);
          int fa = ir::frac_bits_of(net_.nodes[n.operands[0].node]), fb = ir::frac_bits_of(net_.nodes[n.operands[1].node]) - op.shift;
          int wired = fa > fb ? fa - fb : op.subtract ? 0 : fb - fa;
          ++st.adders;
          st.adder_bits += static_cast<size_t>(n.width);
          c += std::max(1, n.width - wired);
          break;
        }
        case ir::NodeKind::negate:
        case ir::NodeKind::add_const:
          ++st.adders;
          st.adder_bits += static_cast<size_t>(n.width);
          c += n.width;
          break;
        case ir::NodeKind::multiply: {
          const ir::Node& b = net_.nodes[n.operands[1].node];
          uint64_t code = b.constant_value() & ((b.width >= 64 ? 0 : uint64_t{1} << b.width) - 1);
          int partial = __builtin_popcountll(code);
          ++st.multipliers;
          st.adder_bits += static_cast<size_t>(n.width) * static_cast<size_t>(std::max(0, partial - 1));
          c += static_cast<double>(n.width) * std::max(0, partial - 1);
          break;
        }
        case ir::NodeKind::relu:
        case ir::NodeKind::msb_mux:
          c += n.width;
          break;
        default: break;
      }
    }
    return c;
  }

 private:
  /// Adds an arithmetic node whose exact real values lie in [lo, hi] on the grid 2^-frac.
  ir::NodeId arith(const std::string& name, ir::NodeOp op, std::vector<ir::NodeId> operands, double lo, double hi, int frac) {
    ir::Node n;
    n.op = std::move(op);
    n.name = name;
    n.source_line = L_.source_line;
    set_format(n, static_cast<int64_t>(std::ldexp(lo, frac)), static_cast<int64_t>(std::ldexp(hi, frac)), frac);
    for (ir::NodeId id : operands) n.operands.push_back({id, 0, net_.nodes.at(id).width});
    return net_.add_node(std::move(n));
  }

  static void set_format(ir::Node& n, int64_t code_lo, int64_t code_hi, int frac) {
    bool is_signed = code_lo < 0;
    int w = is_signed ? 1 + std::max(bit_length(code_hi), bit_length(-code_lo - 1)) : std::max(1, bit_length(code_hi));
    if (w > 62) throw std::invalid_argument("dense layer value needs " + std::to_string(w) + " bits (at most 62)");
    n.width = w;
    n.format = ir::FixedFormat{is_signed, w - frac, frac};
    n.range = ir::ValueRange{std::ldexp(static_cast<double>(code_lo), -frac), std::ldexp(static_cast<double>(code_hi), -frac),
                             std::ldexp(1.0, -frac)};
  }

  const ir::ValueRange& range(ir::NodeId id) {
    ir::Node& n = net_.nodes.at(id);
    if (!n.range) {  // an input or a node without a known range: every code of its format
      ir::FixedFormat f = n.format.value_or(ir::FixedFormat{false, n.width, 0});
      double lo = f.is_signed ? -std::ldexp(1.0, n.width - 1) : 0;
      double hi = f.is_signed ? std::ldexp(1.0, n.width - 1) - 1 : std::ldexp(1.0, n.width) - 1;
      n.range = ir::ValueRange{std::ldexp(lo, -f.frac_bits), std::ldexp(hi, -f.frac_bits), std::ldexp(1.0, -f.frac_bits)};
    }
    return *n.range;
  }
  int frac(ir::NodeId id) const { return ir::frac_bits_of(net_.nodes.at(id)); }

  std::string node_name(const std::string& what) { return L_.name + ".mac." + what; }

  std::vector<Term> mul_terms(size_t j) {
    std::vector<Term> terms;
    for (size_t i = 0; i < L_.inputs.size(); ++i) {
      int64_t w = L_.weights[j][i];
      if (w == 0) continue;
      ir::NodeId c = weight_constant(w);
      const auto& rx = range(L_.inputs[i]);
      double wr = std::ldexp(static_cast<double>(w), -L_.weight_frac_bits);
      double a = rx.min * wr, b = rx.max * wr;
      terms.push_back({arith(node_name("mul" + std::to_string(j) + "_" + std::to_string(i)), ir::MultiplyOp{}, {L_.inputs[i], c},
                             std::min(a, b), std::max(a, b), F_),
                       0, false});
    }
    return terms;
  }

  ir::NodeId weight_constant(int64_t w) {
    auto it = constants_.find(w);
    if (it != constants_.end()) return it->second;
    ir::Node n;
    n.op = ir::ConstantOp{};
    n.name = node_name("w" + std::string(w < 0 ? "m" : "") + std::to_string(w < 0 ? -w : w));
    set_format(n, std::min<int64_t>(w, 0), std::max<int64_t>(w, 0), L_.weight_frac_bits);
    n.range = ir::ValueRange{std::ldexp(static_cast<double>(w), -L_.weight_frac_bits), std::ldexp(static_cast<double>(w), -L_.weight_frac_bits), 1};
    n.op = ir::ConstantOp{static_cast<uint64_t>(w) & ((uint64_t{1} << n.width) - 1)};
    return constants_[w] = net_.add_node(std::move(n));
  }

  /// Every output's signed digits (+/- x_i * 2^p) with common pairs extracted greedily across the
  /// whole matrix (Hartley's common subexpression elimination): the pair x * 2^s +/- y * 2^(s+d)
  /// occurring most often becomes one adder node, its occurrences one term, until no pair repeats
  /// (or the pair counting exceeds its work budget: wide 8-bit layers stop early).
  std::vector<Term> shift_add_terms(size_t j) {
    if (cse_terms_.empty()) {
      for (size_t o = 0; o < L_.weights.size(); ++o) {
        cse_terms_.emplace_back();
        for (size_t i = 0; i < L_.inputs.size(); ++i)
          for (auto [p, d] : csd_digits(L_.weights[o][i])) cse_terms_.back().push_back({L_.inputs[i], p - L_.weight_frac_bits, d < 0});
      }
      extract_common_pairs();
    }
    return cse_terms_[j];
  }

  /// The pattern of two terms: (first node, second node, shift difference, same sign), the first
  /// being the smaller (node, shift); packed into one integer.
  static bool ordered(const Term& a, const Term& b) { return a.id < b.id || (a.id == b.id && a.shift <= b.shift); }
  static uint64_t pair_key(const Term& a, const Term& b) {
    const Term& x = ordered(a, b) ? a : b;
    const Term& y = ordered(a, b) ? b : a;
    return (uint64_t{x.id} << 40) | (uint64_t{y.id} << 16) | (static_cast<uint64_t>(y.shift - x.shift + 4096) << 1) | (x.neg == y.neg);
  }

  void extract_common_pairs() {
    const double budget = 3e8;
    double work = 0;
    for (int round = 0;; ++round) {
      std::unordered_map<uint64_t, int> count;
      for (const auto& t : cse_terms_) {
        work += static_cast<double>(t.size()) * static_cast<double>(t.size()) / 2;
        for (size_t a = 0; a < t.size(); ++a)
          for (size_t b = a + 1; b < t.size(); ++b) ++count[pair_key(t[a], t[b])];
      }
      uint64_t best = 0;
      int best_count = 1;
      for (const auto& [key, c] : count)
        if (c > best_count || (c == best_count && c > 1 && key < best)) best = key, best_count = c;
      if (best_count < 2 || work > budget) return;
      ir::NodeId x = static_cast<ir::NodeId>(best >> 40), y = static_cast<ir::NodeId>((best >> 16) & 0xffffff);
      int d = static_cast<int>((best >> 1) & 0x7fff) - 4096;
      bool same = best & 1;
      Term sub = add({x, 0, false}, {y, d, !same}, node_name("cse" + std::to_string(round)));
      for (auto& t : cse_terms_) {
        std::vector<char> used(t.size(), 0);
        std::vector<Term> next;
        for (size_t a = 0; a < t.size(); ++a) {
          if (used[a]) continue;
          for (size_t b = a + 1; b < t.size(); ++b) {
            if (used[b] || pair_key(t[a], t[b]) != best) continue;
            const Term& first = ordered(t[a], t[b]) ? t[a] : t[b];
            next.push_back({sub.id, first.shift, first.neg});
            used[a] = used[b] = 1;
            break;
          }
        }
        for (size_t a = 0; a < t.size(); ++a)
          if (!used[a]) next.push_back(t[a]);
        t = std::move(next);
      }
    }
  }

  std::vector<Term> lut_na_terms(size_t j) {
    std::vector<Term> terms;
    const int chunks = (bits_ + k_ - 1) / k_;
    const int t = L_.approx_bits;
    for (size_t g0 = 0; g0 < L_.inputs.size(); g0 += static_cast<size_t>(G_)) {
      size_t g1 = std::min(L_.inputs.size(), g0 + static_cast<size_t>(G_));
      bool any = false;
      for (size_t i = g0; i < g1; ++i) any = any || L_.weights[j][i] != 0;
      if (!any) continue;
      for (int c = 0; c < chunks; ++c) {
        int lo = c * k_, w = std::min(k_, bits_ - lo);
        bool chunk_signed = in_format_.is_signed && c == chunks - 1;
        int index_bits = w * static_cast<int>(g1 - g0);
        int drop = std::max(0, t - lo);   // low bits of this chunk's contributions that are rounded away
        std::vector<int64_t> q(size_t{1} << index_bits);
        int64_t qmin = 0, qmax = 0;
        for (uint64_t r = 0; r < q.size(); ++r) {
          int64_t p = 0;
          for (size_t i = g0; i < g1; ++i) p += L_.weights[j][i] * slice_value(r, static_cast<int>(i - g0) * w, w, chunk_signed);
          q[r] = rounded_shift(p, drop);
          qmin = std::min(qmin, q[r]), qmax = std::max(qmax, q[r]);
        }
        if (qmin == 0 && qmax == 0) continue;  // every contribution rounded away (or all weights 0)
        // Exact tables repeated across outputs, or negated, are one table.
        bool neg = false;
        if (drop == 0) {
          auto nz = std::find_if(q.begin(), q.end(), [](int64_t v) { return v != 0; });
          if (*nz < 0) {
            neg = true;
            for (auto& v : q) v = -v;
            std::swap(qmin, qmax), qmin = -qmin, qmax = -qmax;
          }
        }
        auto key = std::make_tuple(g0, c, q);
        auto it = tables_.find(key);
        ir::NodeId id;
        if (it != tables_.end()) {
          id = it->second;
        } else {
          ir::Node n;
          n.name = node_name("t" + std::to_string(tables_.size()) + "_g" + std::to_string(g0 / static_cast<size_t>(G_)) + "c" + std::to_string(c));
          n.source_line = L_.source_line;
          set_format(n, qmin, qmax, F_ - lo - drop);
          ir::Table table;
          table.index_bits = index_bits;
          table.out_width = n.width;
          uint64_t mask = (uint64_t{1} << n.width) - 1;
          for (int64_t v : q) table.rows.push_back(static_cast<uint64_t>(v) & mask);
          n.op = std::move(table);
          for (size_t i = g0; i < g1; ++i) n.operands.push_back({L_.inputs[i], lo, w});
          id = tables_[key] = net_.add_node(std::move(n));
        }
        terms.push_back({id, 0, neg});
      }
    }
    return terms;
  }

  Term add(Term a, Term b, const std::string& name) {
    if (a.neg && !b.neg) std::swap(a, b);
    bool subtract = a.neg != b.neg;
    int s = b.shift - a.shift;
    const auto ra = range(a.id);
    const auto rb = range(b.id);
    double scale = std::ldexp(1.0, s);
    double lo = ra.min + (subtract ? -rb.max : rb.min) * scale;
    double hi = ra.max + (subtract ? -rb.min : rb.max) * scale;
    int f = std::max(frac(a.id), frac(b.id) - s);
    ir::NodeId id = arith(name, ir::AddSubOp{subtract, s}, {a.id, b.id}, lo, hi, f);
    return {id, a.shift, a.neg};
  }

  /// An adder tree over `terms`.
  Term sum_tree(std::vector<Term> terms, size_t j) { return sum_tree(std::move(terms), "o" + std::to_string(j)); }
  Term sum_tree(std::vector<Term> terms, const std::string& tag) {
    if (terms.empty()) return {zero(), 0, false};
    // The two terms of the lowest top bits first (Huffman-like), so that narrow terms meet in
    // narrow adders.
    auto top = [&](const Term& t) { return net_.nodes.at(t.id).width - frac(t.id) + t.shift; };
    for (int k = 0; terms.size() > 1; ++k) {
      std::stable_sort(terms.begin(), terms.end(), [&](const Term& a, const Term& b) { return top(a) < top(b); });
      Term sum = add(terms[0], terms[1], node_name(tag + "_a" + std::to_string(k)));
      terms.erase(terms.begin(), terms.begin() + 2);
      terms.push_back(sum);
    }
    return terms[0];
  }

  /// A node whose real value is the term's (negation and shift applied).
  ir::NodeId materialize(Term t, const std::string& tag) {
    ir::NodeId id = t.id;
    if (t.neg) {
      const auto r = range(id);
      id = arith(node_name(tag + "_neg"), ir::NegateOp{}, {id}, -r.max, -r.min, frac(id));
    }
    if (t.shift != 0) {
      const auto r = range(id);
      double s = std::ldexp(1.0, t.shift);
      id = arith(node_name(tag + "_shl"), ir::QuantizeOp{t.shift}, {id}, r.min * s, r.max * s, frac(id) - t.shift);
    }
    return id;
  }

  ir::NodeId zero() {
    if (!zero_) {
      ir::Node n;
      n.op = ir::ConstantOp{0};
      n.name = node_name("zero");
      set_format(n, 0, 0, 0);
      zero_ = net_.add_node(std::move(n));
    }
    return *zero_;
  }

  /// Bias, activation and the output quantizer (rounding and overflow as its format says).
  ir::NodeId finish(size_t j, Term sum) {
    const std::string tag = "o" + std::to_string(j);
    ir::NodeId v = materialize(sum, tag);
    auto add_const = [&](ir::NodeId a, int64_t value, int shift, const std::string& what) {
      const auto r = range(a);
      double c = std::ldexp(static_cast<double>(value), -shift);
      return arith(node_name(tag + what), ir::AddConstOp{value, shift}, {a}, r.min + c, r.max + c, std::max(frac(a), shift));
    };
    int64_t bias = L_.bias.empty() ? 0 : L_.bias[j];
    if (bias != 0) v = add_const(v, bias, L_.bias_frac_bits, "_bias");
    if (L_.relu && range(v).min < 0) {
      const auto r = range(v);
      v = arith(node_name(tag + "_relu"), ir::ReluOp{}, {v}, 0, std::max(0.0, r.max), frac(v));
    }
    const ir::FixedFormat& of = L_.output;
    if (of.rounding == ir::Rounding::round && frac(v) > of.frac_bits) v = add_const(v, 1, of.frac_bits + 1, "_round");
    double omin = of.is_signed ? -std::ldexp(1.0, of.width() - 1 - of.frac_bits) : 0;
    double omax = std::ldexp(1.0, (of.is_signed ? of.width() - 1 : of.width()) - of.frac_bits) - std::ldexp(1.0, -of.frac_bits);
    if (of.overflow == ir::Overflow::saturate) {
      // v > omax -> omax: the sign of v - omax picks; then v < omin -> omin likewise.
      auto clamp = [&](double bound, bool upper) {
        const auto r = range(v);
        if (upper ? r.max <= bound : r.min >= bound) return;
        int64_t code = static_cast<int64_t>(std::ldexp(bound, of.frac_bits));
        ir::NodeId d = add_const(v, -code, of.frac_bits, upper ? "_over" : "_under");
        ir::Node cn;
        cn.name = node_name(tag + (upper ? "_max" : "_min"));
        set_format(cn, std::min<int64_t>(code, 0), std::max<int64_t>(code, 0), of.frac_bits);
        cn.op = ir::ConstantOp{static_cast<uint64_t>(code) & ((uint64_t{1} << cn.width) - 1)};
        ir::NodeId c = net_.add_node(std::move(cn));
        double lo = upper ? std::min(r.min, bound) : bound, hi = upper ? bound : std::max(r.max, bound);
        int f = std::max(frac(v), of.frac_bits);
        // MSB of d set (v below the bound) selects operand 0.
        v = upper ? arith(node_name(tag + "_satmax"), ir::MsbMuxOp{0}, {v, c, d}, lo, hi, f)
                  : arith(node_name(tag + "_satmin"), ir::MsbMuxOp{0}, {c, v, d}, lo, hi, f);
      };
      clamp(omax, true);
      clamp(omin, false);
    }
    ir::Node out;
    out.op = ir::QuantizeOp{0};
    out.name = L_.output_names.empty() ? L_.name + "." + std::to_string(j) : L_.output_names.at(j);
    out.source_line = L_.source_line;
    out.width = of.width();
    out.format = of;
    const auto r = range(v);
    double step = std::ldexp(1.0, -of.frac_bits);
    double lo = std::floor(r.min / step) * step, hi = std::floor(r.max / step) * step;
    out.range = lo >= omin && hi <= omax ? ir::ValueRange{lo, hi, step} : ir::ValueRange{omin, omax, step};
    out.operands.push_back({v, 0, net_.nodes[v].width});
    return net_.add_node(std::move(out));
  }

  ir::Network& net_;
  const DenseLayer& L_;
  const mac_params& ps_;
  MacStrategy strategy_;
  int k_ = 0, G_ = 0;
  ir::FixedFormat in_format_;
  int bits_ = 0;
  int F_ = 0;   // fraction bits of the exact accumulator
  size_t first_new_ = 0;
  std::map<int64_t, ir::NodeId> constants_;
  std::vector<std::vector<Term>> cse_terms_;   // shift-add: per output, after extraction
  std::map<std::tuple<size_t, int, std::vector<int64_t>>, ir::NodeId> tables_;
  std::optional<ir::NodeId> zero_;
};

std::string candidate_label(const mac_choice& c) {
  std::string s = mac_strategy_name(c.strategy);
  if (c.strategy == MacStrategy::lut_na) s += " k=" + std::to_string(c.chunk_bits) + " g=" + std::to_string(c.group);
  return s;
}

int default_group(int chunk_bits, const mac_params& ps) { return std::max(1, ps.max_table_index_bits / chunk_bits); }

void check_layer(const ir::Network& net, const DenseLayer& L) {
  auto bad = [&](const std::string& m) { throw std::invalid_argument("dense layer '" + L.name + "': " + m); };
  if (L.inputs.empty()) bad("no inputs");
  if (L.weights.empty()) bad("no outputs");
  const ir::Node& x0 = net.nodes.at(L.inputs[0]);
  // An input without a format is an unsigned integer (the builder gives it that format).
  auto format = [](const ir::Node& x) { return x.format.value_or(ir::FixedFormat{false, x.width, 0}); };
  for (ir::NodeId id : L.inputs) {
    const ir::Node& x = net.nodes.at(id);
    if (x.width != x0.width || format(x).is_signed != format(x0).is_signed || format(x).frac_bits != format(x0).frac_bits)
      bad("inputs must all have one format");
  }
  if (x0.width > 32) bad("inputs wider than 32 bits");
  for (const auto& row : L.weights)
    if (row.size() != L.inputs.size()) bad("a weight row does not have one weight per input");
  if (!L.bias.empty() && L.bias.size() != L.weights.size()) bad("bias does not have one value per output");
  if (!L.output_names.empty() && L.output_names.size() != L.weights.size()) bad("output names do not have one name per output");
  if (L.chunk_bits < 0 || L.group < 0 || L.approx_bits < 0) bad("negative lut-na parameter");
}

}  // namespace
}  // namespace detail

mac_choice choose_mac(const ir::Network& net, const DenseLayer& layer, const mac_params& ps, mac_layer_stats* st) {
  detail::check_layer(net, layer);
  const int bits = net.nodes.at(layer.inputs[0]).width;
  MacStrategy strategy = layer.strategy.value_or(ps.strategy);
  std::vector<mac_choice> candidates;
  auto lut_na = [&](int k, int g) { candidates.push_back({MacStrategy::lut_na, k, g > 0 ? g : detail::default_group(k, ps)}); };
  if (strategy == MacStrategy::automatic) {
    candidates.push_back({MacStrategy::mul});
    candidates.push_back({MacStrategy::shift_add});
    for (int k = 1; k <= std::min(bits, ps.max_table_index_bits); ++k) lut_na(k, 0);
  } else if (strategy == MacStrategy::lut_na) {
    if (layer.chunk_bits > 0) lut_na(std::min(layer.chunk_bits, bits), layer.group);
    else
      for (int k = 1; k <= std::min(bits, ps.max_table_index_bits); ++k) lut_na(k, layer.group);
  } else {
    candidates.push_back({strategy});
  }
  if (candidates.size() == 1) return candidates[0];
  size_t best = 0;
  double best_cost = 0;
  for (size_t c = 0; c < candidates.size(); ++c) {
    ir::Network scratch = net;
    detail::DenseBuilder b(scratch, layer, ps, candidates[c].strategy, candidates[c].chunk_bits, candidates[c].group);
    b.build();
    mac_layer_stats cs;
    double cost = b.cost(cs);
    if (st) st->candidates.push_back({detail::candidate_label(candidates[c]), cost});
    if (c == 0 || cost < best_cost) best = c, best_cost = cost;
  }
  return candidates[best];
}

std::vector<ir::NodeId> expand_dense_as(ir::Network& net, const DenseLayer& layer, const mac_params& ps, const mac_choice& choice,
                                        mac_layer_stats* st) {
  detail::check_layer(net, layer);
  detail::DenseBuilder b(net, layer, ps, choice.strategy, choice.chunk_bits, choice.group);
  std::vector<ir::NodeId> outs = b.build();
  if (st) {
    st->cost += b.cost(*st);
    st->strategy = mac_strategy_name(choice.strategy);
    st->chunk_bits = choice.chunk_bits;
    st->group = choice.group;
    st->approx_bits = choice.strategy == MacStrategy::lut_na ? layer.approx_bits : 0;
  }
  return outs;
}

std::vector<ir::NodeId> expand_dense(ir::Network& net, const DenseLayer& layer, const mac_params& ps, mac_stats* stats) {
  mac_layer_stats st;
  mac_choice choice = choose_mac(net, layer, ps, &st);
  std::vector<ir::NodeId> outs = expand_dense_as(net, layer, ps, choice, &st);
  if (stats) {
    st.layer = layer.name;
    st.inputs = static_cast<int>(layer.inputs.size());
    st.outputs = static_cast<int>(layer.weights.size());
    stats->layers.push_back(std::move(st));
  }
  return outs;
}

__int128 reference_dot(const DenseLayer& layer, const ir::FixedFormat& input_format, int chunk_bits, int group, size_t j,
                       const std::vector<int64_t>& x) {
  const bool approx = layer.strategy == MacStrategy::lut_na && layer.approx_bits > 0;
  __int128 sum = 0;
  if (!approx) {
    for (size_t i = 0; i < x.size(); ++i) sum += static_cast<__int128>(layer.weights[j][i]) * x[i];
    return sum;
  }
  const int bits = input_format.width(), t = layer.approx_bits;
  const int chunks = (bits + chunk_bits - 1) / chunk_bits;
  for (size_t g0 = 0; g0 < x.size(); g0 += static_cast<size_t>(group))
    for (int c = 0; c < chunks; ++c) {
      int lo = c * chunk_bits, w = std::min(chunk_bits, bits - lo);
      int64_t p = 0;
      for (size_t i = g0; i < std::min(x.size(), g0 + static_cast<size_t>(group)); ++i)
        p += layer.weights[j][i] * detail::slice_value(static_cast<uint64_t>(x[i]), lo, w, input_format.is_signed && c == chunks - 1);
      int drop = std::max(0, t - lo);
      sum += static_cast<__int128>(detail::rounded_shift(p, drop)) << (lo + drop);
    }
  return sum;
}

}  // namespace lutc::frontend
