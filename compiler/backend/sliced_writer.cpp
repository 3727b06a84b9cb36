#include "backend/sliced_writer.hpp"

#include <algorithm>
#include <deque>
#include <memory_resource>
#include <span>
#include <iterator>
#include <limits>
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
  explicit LutSynthesizer(const std::vector<std::string>& vars) : vars_(vars) {}

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
  const std::string zero_ = kZeroPlane, ones_ = kOnesPlane;
  std::pmr::monotonic_buffer_resource arena_;  // node lists
  std::vector<uint64_t> scratch_;               // the node list make() builds
  std::deque<Best> store_;                      // entries (stable addresses)
  FunctionMap<Best> best_, core_;
};

}  // namespace

std::string lut_expression(uint64_t init, const std::vector<std::string>& vars, int* ops) {
  const size_t k = vars.size();
  if (k > 6) throw std::invalid_argument("lut_expression: more than 6 inputs");
  // Replicate the 2^k used bits over all 64 rows, so variables k..5 do not matter.
  uint64_t f = init;
  if (k < 6) {
    f &= (uint64_t{1} << (1u << k)) - 1;
    for (size_t n = k; n < 6; ++n) f |= f << (1u << n);
  }
  LutSynthesizer s(vars);
  const auto& b = s.best(f);
  if (ops) *ops = b.cost();
  return s.text(b);
}

}  // namespace detail

namespace detail {
namespace {

/// A plane operand: a constant, an input-port plane or a temporary (value number), maybe inverted.
struct Operand {
  enum class Kind : uint8_t { zero, ones, input, temp } kind = Kind::zero;
  uint32_t index = 0;
  bool inverted = false;
};

/// One word statement of the straight-line program: temp `dest` = a LUT of `ops`, `ops[0] ^
/// ops[1]` (xor) or `(ops[0] & ops[1]) | (ops[2] & ops[3])` (carry).
struct Statement {
  enum class Kind : uint8_t { lut, xor2, carry } kind = Kind::lut;
  uint32_t dest = 0;
  uint64_t init = 0;
  std::vector<Operand> ops;
};

/// The netlist as word statements in evaluation order; `outputs` are the output bits' operands.
struct Program {
  std::vector<Statement> statements;
  std::vector<Operand> outputs;
  uint32_t temps = 0;
};

Program build_program(const Netlist& nl) {
  const logic::LutNetwork& net = nl.luts;
  const size_t ni = nl.port_input_bits();
  Program prog;
  std::vector<Operand> value(net.num_signals());  // a LUT-network signal's operand, once defined
  auto operand = [&](logic::Signal s) -> Operand {
    if (s == logic::LutNetwork::const0) return {Operand::Kind::zero, 0, false};
    if (s == logic::LutNetwork::const1) return {Operand::Kind::ones, 0, false};
    if (s - 2 < ni) return {Operand::Kind::input, static_cast<uint32_t>(s - 2), false};
    return value.at(s);
  };
  auto define = [&](Statement st) {
    st.dest = prog.temps++;
    prog.statements.push_back(std::move(st));
    return Operand{Operand::Kind::temp, prog.statements.back().dest, false};
  };
  for (const NetlistStep& step : evaluation_order(nl)) {
    if (!step.is_cell) {
      const logic::Lut& lut = net.luts()[step.index];
      Statement st{Statement::Kind::lut, 0, lut.init, {}};
      for (logic::Signal f : lut.fanins) st.ops.push_back(operand(f));
      value.at(net.lut_signal(step.index)) = define(std::move(st));
      continue;
    }
    // Adder cell: acc = constant, then each term added (negated: ~bits + 1) with a ripple carry,
    // over the sum positions 0 .. lo + width - 1 (two's complement modulo 2^(lo + width)).
    const ArithCell& c = nl.cells[step.index];
    const int top = c.lo + c.width;
    std::vector<Operand> acc(static_cast<size_t>(top));
    for (int p = 0; p < top; ++p)
      acc[static_cast<size_t>(p)] = {((c.constant >> std::min(p, 63)) & 1) ? Operand::Kind::ones : Operand::Kind::zero, 0, false};
    for (const ArithTerm& term : c.terms) {
      Operand carry{term.negate ? Operand::Kind::ones : Operand::Kind::zero, 0, false};
      for (int p = 0; p < top; ++p) {
        Operand b = operand(term_bit(term, p));
        b.inverted = b.inverted != term.negate;
        const Operand a = acc[static_cast<size_t>(p)];
        const Operand x = define({Statement::Kind::xor2, 0, 0, {a, b}});
        acc[static_cast<size_t>(p)] = define({Statement::Kind::xor2, 0, 0, {x, carry}});
        if (p + 1 < top) carry = define({Statement::Kind::carry, 0, 0, {a, b, carry, x}});
      }
    }
    for (int j = 0; j < c.width; ++j) value.at(net.pi(c.first_pi + static_cast<uint32_t>(j))) = acc[static_cast<size_t>(c.lo + j)];
  }
  for (logic::Signal s : net.pos()) prog.outputs.push_back(operand(s));
  return prog;
}

/// Slots of the state array per temp, reused after a temp's last reader (a stack of free slots:
/// the slot freed last, still in cache, is taken first); -1 for a temp nobody reads.
std::vector<int32_t> assign_slots(const Program& prog, uint32_t* slots) {
  const size_t n = prog.statements.size();
  std::vector<size_t> last_use(prog.temps, std::numeric_limits<size_t>::max());  // max: never read
  for (size_t i = 0; i < n; ++i)
    for (const Operand& o : prog.statements[i].ops)
      if (o.kind == Operand::Kind::temp) last_use[o.index] = i;
  for (const Operand& o : prog.outputs)
    if (o.kind == Operand::Kind::temp) last_use[o.index] = n;  // read after the last statement
  std::vector<int32_t> slot(prog.temps, -1);
  std::vector<int32_t> free;
  int32_t used = 0;
  for (size_t i = 0; i < n; ++i) {
    const Statement& st = prog.statements[i];
    for (const Operand& o : st.ops)  // operands read for the last time free their slots first
      if (o.kind == Operand::Kind::temp && last_use[o.index] == i && slot[o.index] >= 0) {
        free.push_back(slot[o.index]);
        last_use[o.index] = std::numeric_limits<size_t>::max() - 1;  // freed once (an operand may repeat)
      }
    if (last_use[st.dest] == std::numeric_limits<size_t>::max()) continue;  // never read: not written
    if (free.empty()) {
      slot[st.dest] = used++;
    } else {
      slot[st.dest] = free.back();
      free.pop_back();
    }
  }
  *slots = static_cast<uint32_t>(used);
  return slot;
}

std::string operand_text(const Operand& o, const std::vector<int32_t>& slot) {
  std::string t = o.inverted ? "~" : "";
  switch (o.kind) {
    case Operand::Kind::zero: return t + kZeroPlane;
    case Operand::Kind::ones: return t + kOnesPlane;
    case Operand::Kind::input: return t + "in[" + std::to_string(o.index) + "]";
    case Operand::Kind::temp: return t + "t[" + std::to_string(slot.at(o.index)) + "]";
  }
  return t;
}

}  // namespace
}  // namespace detail

sliced_source emit_sliced_cpp(const Netlist& nl, const sliced_params& ps, sliced_stats* st) {
  if (ps.lanes <= 0 || ps.lanes % 64 != 0) throw std::invalid_argument("emit_sliced_cpp: lanes must be a positive multiple of 64");
  if (ps.statements_per_function <= 0 || ps.functions_per_unit <= 0)
    throw std::invalid_argument("emit_sliced_cpp: statements per function and functions per unit must be positive");
  using detail::Operand;
  using detail::Statement;
  const detail::Program prog = detail::build_program(nl);
  sliced_stats stats;
  uint32_t slots = 0;
  const std::vector<int32_t> slot = detail::assign_slots(prog, &slots);
  stats.slots = slots;
  stats.cells = nl.cells.size();
  auto text = [&](const Operand& o) { return detail::operand_text(o, slot); };

  const std::string prelude =
      "// Generated by lutc verify: bit-sliced simulation form of netlist '" + nl.top + "', " +
      std::to_string(ps.lanes) + " vectors per evaluation (bit l of every plane = vector l). Not for synthesis.\n"
      "#include <cstdint>\n"
      "typedef uint64_t V __attribute__((vector_size(" + std::to_string(ps.lanes / 8) + ")));\n"
      "typedef uint64_t VA __attribute__((vector_size(" + std::to_string(ps.lanes / 8) + "), aligned(8), may_alias));\n"
      "#define " + kZeroPlane + " (V{})\n#define " + kOnesPlane + " (~V{})\n";
  sliced_source src;
  std::string unit, calls;
  size_t functions = 0, in_function = 0;
  auto close_function = [&] {
    if (in_function == 0) return;
    unit += "}\n";
    in_function = 0;
    if (++functions % static_cast<size_t>(ps.functions_per_unit) == 0) src.units.push_back(std::move(unit)), unit.clear();
  };
  for (const Statement& s : prog.statements) {
    if (slot[s.dest] < 0) continue;
    if (in_function == 0) {
      if (unit.empty()) unit = prelude;
      const std::string name = "lutc_sliced_part" + std::to_string(functions);
      unit += "void " + name + "(const VA* __restrict in, V* __restrict t) {\n";
      calls += "  " + name + "(in, t);\n";
    }
    std::string rhs;
    if (s.kind == Statement::Kind::lut) {
      std::vector<std::string> vars;
      for (const Operand& o : s.ops) vars.push_back(text(o));
      int ops = 0;
      rhs = detail::lut_expression(s.init, vars, &ops);
      ++stats.luts;
      stats.lut_ops += static_cast<uint64_t>(ops);
    } else if (s.kind == Statement::Kind::xor2) {
      rhs = text(s.ops[0]) + " ^ " + text(s.ops[1]);
      stats.cell_ops += 1;
    } else {
      rhs = "(" + text(s.ops[0]) + " & " + text(s.ops[1]) + ") | (" + text(s.ops[2]) + " & " + text(s.ops[3]) + ")";
      stats.cell_ops += 3;
    }
    unit += "  t[" + std::to_string(slot[s.dest]) + "] = " + rhs + ";\n";
    if (++in_function == static_cast<size_t>(ps.statements_per_function)) close_function();
  }
  close_function();
  if (!unit.empty()) src.units.push_back(std::move(unit));

  // The entry unit: the state, the calls in order, the outputs.
  std::string entry = prelude;
  for (size_t f = 0; f < functions; ++f)
    entry += "void lutc_sliced_part" + std::to_string(f) + "(const VA* __restrict in, V* __restrict t);\n";
  entry += "static V state[" + std::to_string(std::max<uint32_t>(slots, 1)) + "];\n";
  entry += "extern \"C\" void lutc_sliced_eval(const uint64_t* in_words, uint64_t* out_words) {\n";
  entry += "  const VA* in = reinterpret_cast<const VA*>(in_words);\n";
  entry += "  VA* out = reinterpret_cast<VA*>(out_words);\n";
  entry += "  V* t = state;\n";
  entry += "  (void)in, (void)t;\n";
  entry += calls;
  for (size_t o = 0; o < prog.outputs.size(); ++o) entry += "  out[" + std::to_string(o) + "] = " + text(prog.outputs[o]) + ";\n";
  if (prog.outputs.empty()) entry += "  out[0] = " + std::string(kZeroPlane) + ";\n";
  entry += "}\n";
  src.units.insert(src.units.begin(), std::move(entry));
  stats.functions = functions;
  stats.units = src.units.size();
  if (st) *st = stats;
  return src;
}

}  // namespace lutc::backend
