#include "backend/sliced_writer.hpp"

#include <algorithm>
#include <deque>
#include <memory_resource>
#include <span>
#include <iterator>
#include <stdexcept>

#include "tt/truth_table.hpp"

namespace lutc::backend {

namespace detail {

namespace {

using logic::cofactor_word;
using logic::kVarWords;

/// Open-addressing map from truth tables to entries (null: none yet); at() may move the slots.
template <class T>
class FunctionMap {
 public:
  const T*& at(uint64_t f) {
    if (4 * (used_ + 1) > 3 * slots_.size()) grow();
    size_t i = slot(f);
    if (!slots_[i].value) slots_[i].key = f, ++used_;  // counts a slot never set, too: grows early
    return slots_[i].value;
  }

 private:
  struct Slot {
    uint64_t key = 0;
    const T* value = nullptr;  // null: empty
  };
  size_t slot(uint64_t f) const {
    const size_t mask = slots_.size() - 1;
    size_t i = static_cast<size_t>((f * 0x9e3779b97f4a7c15ULL) >> 20) & mask;
    while (slots_[i].value && slots_[i].key != f) i = (i + 1) & mask;
    return i;
  }
  void grow() {
    std::vector<Slot> old(std::max<size_t>(1024, 2 * slots_.size()));
    old.swap(slots_);
    for (const Slot& s : old)
      if (s.value) slots_[slot(s.key)] = s;
  }
  std::vector<Slot> slots_;
  size_t used_ = 0;
};

/// Per sub-function (a 6-variable truth table): the cheapest expression found, counted as x86-64
/// word instructions of a DAG: a sub-expression written twice is one node (the same text, which
/// the C++ compiler computes once), `~x & y` is one instruction (BMI1 andn) and a `~x` used
/// otherwise is one node, shared. Expressions are kept as structure and written out at the end.
class LutSynthesizer {
 public:
  LutSynthesizer(const std::vector<std::string>& vars, int width)
      : vars_(vars), zero_("{" + std::to_string(width) + "{1'b0}}"), ones_("{" + std::to_string(width) + "{1'b1}}") {}

  enum class Kind : uint8_t { zero, ones, var, not_var, and_var, andn_var, or_var, ornot_var, xor_var, mux, davio, ndavio, or_and,
                          or_andn, negate };
  struct Best {
    Kind kind = Kind::zero;
    int var = 0;
    const Best* a = nullptr;  // operands (sub-functions' entries of the maps: node-based, stable)
    const Best* b = nullptr;
    uint64_t id = 0;                    // structural hash of the expression's text
    std::span<const uint64_t> nodes;  // sorted ids of its operation nodes (the DAG), in arena_
    int cost() const { return static_cast<int>(nodes.size()); }
  };

  /// Best over the decompositions of f and of ~f (then negated).
  const Best& best(uint64_t f) {
    const Best*& slot = best_.at(f);
    if (slot) return *slot;
    const Best* b = &core(f);
    if (b->cost() > 0) {
      const Best& n = core(~f);
      if (n.cost() + 1 < b->cost()) b = &store_.emplace_back(make(Kind::negate, 0, &n, nullptr));
    }
    best_.at(f) = b;  // `slot` may have moved (core() adds entries)
    return *b;
  }

  std::string text(const Best& e) const {
    if (e.kind == Kind::zero) return zero_;
    if (e.kind == Kind::ones) return ones_;
    if (e.kind == Kind::negate) return "~" + text(*e.a);
    const std::string& x = vars_.at(static_cast<size_t>(e.var));  // every other kind names a variable
    switch (e.kind) {
      case Kind::zero:
      case Kind::ones:
      case Kind::negate: break;  // above
      case Kind::var: return x;
      case Kind::not_var: return "~" + x;
      case Kind::and_var: return "(" + x + " & " + text(*e.a) + ")";
      case Kind::andn_var: return "(~" + x + " & " + text(*e.a) + ")";
      case Kind::or_var: return "(" + x + " | " + text(*e.a) + ")";
      case Kind::ornot_var: return "(~" + x + " | " + text(*e.a) + ")";
      case Kind::xor_var: return "(" + x + " ^ " + text(*e.a) + ")";
      case Kind::mux: return "((" + x + " & " + text(*e.b) + ") | (~" + x + " & " + text(*e.a) + "))";
      case Kind::davio: return "(" + text(*e.a) + " ^ (" + x + " & " + text(*e.b) + "))";
      case Kind::ndavio: return "(" + text(*e.a) + " ^ (~" + x + " & " + text(*e.b) + "))";
      case Kind::or_and: return "(" + text(*e.a) + " | (" + x + " & " + text(*e.b) + "))";
      case Kind::or_andn: return "(" + text(*e.a) + " | (~" + x + " & " + text(*e.b) + "))";
    }
    return {};
  }

 private:
  static uint64_t mix(uint64_t h, uint64_t v) {
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 33);
  }
  // Ids of the texts "x", "~x", "(p & q)", "(p | q)", "(p ^ q)", "~p" built from their parts' ids;
  // operands commute (the C++ compiler's value numbering sees a & b and b & a as one value).
  static uint64_t var_id(int i) { return mix(1, static_cast<uint64_t>(i)); }
  static uint64_t not_id(uint64_t p) { return mix(2, p); }
  static uint64_t op_id(char op, uint64_t p, uint64_t q) {
    return mix(mix(static_cast<uint64_t>(op), std::min(p, q)), std::max(p, q));
  }
  /// Adds `id` to the sorted scratch_ list unless it is there.
  void add(uint64_t id) {
    auto at = std::lower_bound(scratch_.begin(), scratch_.end(), id);
    if (at == scratch_.end() || *at != id) scratch_.insert(at, id);
  }
  void copy(std::span<const uint64_t> a) { scratch_.assign(a.begin(), a.end()); }
  void merge(std::span<const uint64_t> a, std::span<const uint64_t> b) {
    scratch_.clear();
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(scratch_));
  }
  /// |a ∪ b| of two sorted node lists.
  static int union_size(std::span<const uint64_t> a, std::span<const uint64_t> b) {
    size_t i = 0, j = 0;
    int n = 0;
    while (i < a.size() && j < b.size()) {
      ++n;
      if (a[i] < b[j]) ++i;
      else if (b[j] < a[i]) ++j;
      else ++i, ++j;
    }
    return n + static_cast<int>(a.size() - i + b.size() - j);
  }

  /// The entry of `kind` over variable `var` and operands a, b: its id and DAG nodes.
  Best make(Kind kind, int var, const Best* a, const Best* b) {
    Best e{kind, var, a, b, 0, {}};
    const uint64_t x = var_id(var), nx = not_id(x);
    scratch_.clear();
    switch (kind) {
      case Kind::zero: e.id = mix(3, 0); break;
      case Kind::ones: e.id = mix(3, 1); break;
      case Kind::var: e.id = x; break;
      case Kind::not_var: e.id = nx, add(nx); break;
      case Kind::and_var: e.id = op_id('&', x, a->id), copy(a->nodes), add(e.id); break;
      case Kind::andn_var: e.id = op_id('&', nx, a->id), copy(a->nodes), add(e.id); break;
      case Kind::or_var: e.id = op_id('|', x, a->id), copy(a->nodes), add(e.id); break;
      case Kind::ornot_var: e.id = op_id('|', nx, a->id), copy(a->nodes), add(nx), add(e.id); break;
      case Kind::xor_var: e.id = op_id('^', x, a->id), copy(a->nodes), add(e.id); break;
      case Kind::mux: {  // a = f0, b = f1
        const uint64_t hi = op_id('&', x, b->id), lo = op_id('&', nx, a->id);
        e.id = op_id('|', hi, lo), merge(a->nodes, b->nodes), add(hi), add(lo), add(e.id);
        break;
      }
      case Kind::davio:
      case Kind::ndavio: {  // a ^ (x & b), a ^ (~x & b)
        const uint64_t t = op_id('&', kind == Kind::davio ? x : nx, b->id);
        e.id = op_id('^', a->id, t), merge(a->nodes, b->nodes), add(t), add(e.id);
        break;
      }
      case Kind::or_and:
      case Kind::or_andn: {  // a | (x & b), a | (~x & b)
        const uint64_t t = op_id('&', kind == Kind::or_and ? x : nx, b->id);
        e.id = op_id('|', a->id, t), merge(a->nodes, b->nodes), add(t), add(e.id);
        break;
      }
      case Kind::negate: e.id = not_id(a->id), copy(a->nodes), add(e.id); break;
    }
    if (!scratch_.empty()) {
      auto* kept = static_cast<uint64_t*>(arena_.allocate(scratch_.size() * sizeof(uint64_t), alignof(uint64_t)));
      std::copy(scratch_.begin(), scratch_.end(), kept);
      e.nodes = {kept, scratch_.size()};
    }
    return e;
  }

  /// Best over the decompositions of f itself (no top-level negation).
  const Best& core(uint64_t f) {
    if (const Best* b = core_.at(f)) return *b;
    const Best* b = &store_.emplace_back(compute(f));
    core_.at(f) = b;
    return *b;
  }

  Best compute(uint64_t f) {
    if (f == 0) return make(Kind::zero, 0, nullptr, nullptr);
    if (f == ~uint64_t{0}) return make(Kind::ones, 0, nullptr, nullptr);
    const int k = static_cast<int>(vars_.size());
    for (int i = 0; i < k; ++i) {
      if (f == kVarWords[i]) return make(Kind::var, i, nullptr, nullptr);
      if (f == ~kVarWords[i]) return make(Kind::not_var, i, nullptr, nullptr);
    }
    struct Choice {
      int cost = 1 << 30;
      Kind kind = Kind::zero;
      int var = 0;
      const Best *a = nullptr, *b = nullptr;
    } top;
    auto consider = [&](int cost, Kind kind, int var, const Best* a, const Best* b) {
      if (cost < top.cost) top = {cost, kind, var, a, b};
    };
    for (int i = 0; i < k; ++i) {
      const uint64_t f0 = cofactor_word(f, i, false), f1 = cofactor_word(f, i, true);
      if (f0 == f1) continue;  // f does not depend on variable i
      // Pointers into the node-based maps stay valid while later sub-functions are added.
      if (f0 == 0) {
        const Best* b1 = &best(f1);
        consider(b1->cost() + 1, Kind::and_var, i, b1, nullptr);
      } else if (f1 == 0) {
        const Best* b0 = &best(f0);
        consider(b0->cost() + 1, Kind::andn_var, i, b0, nullptr);
      } else if (f1 == ~uint64_t{0}) {
        const Best* b0 = &best(f0);
        consider(b0->cost() + 1, Kind::or_var, i, b0, nullptr);
      } else if (f0 == ~uint64_t{0}) {
        const Best* b1 = &best(f1);
        const uint64_t nx = not_id(var_id(i));
        const bool shared = std::binary_search(b1->nodes.begin(), b1->nodes.end(), nx);
        consider(b1->cost() + (shared ? 1 : 2), Kind::ornot_var, i, b1, nullptr);
      } else if (f0 == ~f1) {
        const Best* b0 = &best(f0);
        consider(b0->cost() + 1, Kind::xor_var, i, b0, nullptr);
      } else {
        const Best *b0 = &best(f0), *b1 = &best(f1), *d = &best(f0 ^ f1);
        consider(union_size(b0->nodes, b1->nodes) + 3, Kind::mux, i, b0, b1);
        consider(union_size(b0->nodes, d->nodes) + 2, Kind::davio, i, b0, d);
        consider(union_size(b1->nodes, d->nodes) + 2, Kind::ndavio, i, b1, d);
        // Unate in x: f0 within f1 gives f0 | (x & f1), f1 within f0 gives f1 | (~x & f0).
        if ((f0 & ~f1) == 0) consider(union_size(b0->nodes, b1->nodes) + 2, Kind::or_and, i, b0, b1);
        if ((f1 & ~f0) == 0) consider(union_size(b0->nodes, b1->nodes) + 2, Kind::or_andn, i, b1, b0);
      }
    }
    return make(top.kind, top.var, top.a, top.b);
  }

  const std::vector<std::string>& vars_;
  std::string zero_, ones_;
  std::pmr::monotonic_buffer_resource arena_;  // node lists
  std::vector<uint64_t> scratch_;               // the node list make() builds
  std::deque<Best> store_;                      // entries (stable addresses)
  FunctionMap<Best> best_, core_;
};

}  // namespace

std::string lut_expression(uint64_t init, const std::vector<std::string>& vars, int width, int* ops) {
  const size_t k = vars.size();
  if (k > 6) throw std::invalid_argument("lut_expression: more than 6 inputs");
  // Replicate the 2^k used bits over all 64 rows, so variables k..5 do not matter.
  uint64_t f = init;
  if (k < 6) {
    f &= (uint64_t{1} << (1u << k)) - 1;
    for (size_t n = k; n < 6; ++n) f |= f << (1u << n);
  }
  LutSynthesizer s(vars, width);
  const auto& b = s.best(f);
  if (ops) *ops = b.cost();
  return s.text(b);
}

}  // namespace detail

std::string emit_sliced_verilog(const Netlist& nl, const sliced_params& ps, sliced_stats* st) {
  const int w = ps.width;
  if (w <= 0 || w % 32 != 0) throw std::invalid_argument("emit_sliced_verilog: width must be a positive multiple of 32");
  const logic::LutNetwork& net = nl.luts;
  const std::string zero = "{" + std::to_string(w) + "{1'b0}}", ones = "{" + std::to_string(w) + "{1'b1}}";
  const std::string decl = "  wire [" + std::to_string(w - 1) + ":0] ";
  const size_t ni = nl.port_input_bits(), no = net.pos().size();
  auto name = [&](logic::Signal s) -> std::string {
    if (s == logic::LutNetwork::const0) return zero;
    if (s == logic::LutNetwork::const1) return ones;
    if (s - 2 < ni) return "i" + std::to_string(s - 2);
    return "s" + std::to_string(s);
  };
  sliced_stats stats;
  std::string v;
  v.reserve(net.num_luts() * 160);
  v += "// Generated by lutc verify: bit-sliced simulation form of netlist '" + nl.top + "', " + std::to_string(w) +
       " vectors per evaluation (bit l of every plane = vector l). Not for synthesis.\n";
  // One port per plane: Verilator keeps each a plain word (QData for 64 lanes) that the
  // expressions read directly, where slices of one wide port are re-assembled at every use.
  v += "module lutc_sliced(\n";
  const std::string range = "[" + std::to_string(w - 1) + ":0] ";
  for (size_t i = 0; i < ni; ++i) v += "  input " + range + "i" + std::to_string(i) + ",\n";
  for (size_t o = 0; o < no; ++o) v += "  output " + range + "o" + std::to_string(o) + (o + 1 < no ? ",\n" : "\n");
  if (no == 0) v += "  output " + range + "o0\n";
  v += ");\n";
  for (const NetlistStep& step : evaluation_order(nl)) {
    if (!step.is_cell) {
      const logic::Signal s = net.lut_signal(step.index);
      const logic::Lut& lut = net.luts()[step.index];
      std::vector<std::string> vars;
      for (logic::Signal f : lut.fanins) vars.push_back(name(f));
      int ops = 0;
      v += decl + name(s) + " = " + detail::lut_expression(lut.init, vars, w, &ops) + ";\n";
      ++stats.luts;
      stats.lut_ops += static_cast<uint64_t>(ops);
      continue;
    }
    // Adder cell: acc = constant, then each term added (negated: ~bits + 1) with a ripple carry,
    // over the sum positions 0 .. lo + width - 1 (two's complement modulo 2^(lo + width)).
    const ArithCell& c = nl.cells[step.index];
    const int top = c.lo + c.width;
    const std::string pre = "c" + std::to_string(step.index) + "_";
    std::vector<std::string> acc(static_cast<size_t>(top));
    for (int p = 0; p < top; ++p) acc[static_cast<size_t>(p)] = ((c.constant >> std::min(p, 63)) & 1) ? ones : zero;
    for (size_t t = 0; t < c.terms.size(); ++t) {
      const ArithTerm& term = c.terms[t];
      std::string carry = term.negate ? ones : zero;
      for (int p = 0; p < top; ++p) {
        std::string b = name(term_bit(term, p));
        if (term.negate) b = "~" + b;
        const std::string a = acc[static_cast<size_t>(p)], tag = pre + std::to_string(t) + "_" + std::to_string(p);
        v += decl + "x" + tag + " = " + a + " ^ " + b + ";\n";
        v += decl + "a" + tag + " = x" + tag + " ^ " + carry + ";\n";
        acc[static_cast<size_t>(p)] = "a" + tag;
        if (p + 1 < top) {
          v += decl + "k" + tag + " = (" + a + " & " + b + ") | (" + carry + " & x" + tag + ");\n";
          carry = "k" + tag;
          stats.cell_ops += 3;
        }
        stats.cell_ops += 2;
      }
    }
    for (int j = 0; j < c.width; ++j)
      v += decl + name(net.pi(c.first_pi + static_cast<uint32_t>(j))) + " = " + acc[static_cast<size_t>(c.lo + j)] + ";\n";
    ++stats.cells;
  }
  for (size_t o = 0; o < no; ++o) v += "  assign o" + std::to_string(o) + " = " + name(net.pos()[o]) + ";\n";
  if (no == 0) v += "  assign o0 = " + zero + ";\n";
  v += "endmodule\n";
  if (st) *st = stats;
  return v;
}

}  // namespace lutc::backend
