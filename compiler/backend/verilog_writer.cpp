#include "backend/verilog_writer.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "backend/carry_chain.hpp"
#include "backend/lut_pairs.hpp"
#include "backend/muxf_remap.hpp"
#include "backend/pipeline.hpp"
#include "util/diagnostic.hpp"
#include "util/fs.hpp"
#include "util/log.hpp"
#include "util/resources.hpp"

#ifndef LUTC_VERSION
#define LUTC_VERSION "unknown"
#endif

namespace lutc::backend {
namespace detail {

using logic::Signal;

/// True for a plain Verilog identifier ([A-Za-z_][A-Za-z0-9_$]*).
bool is_identifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; });
}

/// `bits'hXX`: a sized hex literal of a `bits`-bit value.
std::string hex_literal(uint64_t value, int bits) {
  int digits = std::max(1, (bits + 3) / 4);
  static const char* hex = "0123456789abcdef";
  std::string s(static_cast<size_t>(digits), '0');
  for (int d = 0; d < digits; ++d) s[static_cast<size_t>(digits - 1 - d)] = hex[(value >> (4 * d)) & 0xf];
  return std::to_string(bits) + "'h" + s;
}

/// Where every signal sits in the pipeline: which signals are emitted, the stage producing each,
/// and how many registers must follow it (the longest distance to any consumer).
struct Plan {
  std::vector<int> constant;  // per signal: 0 or 1 when the signal is a constant, else -1
  std::vector<char> emitted;  // per signal: a LUT that is written
  std::vector<int> stage;     // per signal: producing stage (primary inputs: 0)
  std::vector<int> cell_stage;  // per adder cell
  std::vector<int> delay;     // per signal: registers after it
  int num_stages = 1;
  int num_layers = 0;
  int latency = 0;
  double max_stage_delay = 0;
  size_t registers = 0;
};

Plan make_plan(const Netlist& nl, const emit_params& ps) {
  const auto& net = nl.luts;
  const size_t n = net.num_signals();
  Plan plan;
  plan.constant.assign(n, -1);
  plan.emitted.assign(n, 0);
  plan.stage.assign(n, 0);
  plan.delay.assign(n, 0);
  plan.constant[logic::LutNetwork::const0] = 0;
  plan.constant[logic::LutNetwork::const1] = 1;
  // A LUT without inputs is a constant and needs no cell.
  for (size_t i = 0; i < net.num_luts(); ++i)
    if (net.luts()[i].fanins.empty()) plan.constant[net.lut_signal(i)] = static_cast<int>(net.luts()[i].init & 1);

  // Only LUTs that reach an output (directly or through an adder cell) are written.
  for (Signal p : net.pos())
    if (plan.constant[p] < 0 && net.is_lut(p)) plan.emitted[p] = 1;
  for (const auto& c : nl.cells)
    for (const auto& t : c.terms)
      for (Signal f : t.bits)
        if (plan.constant[f] < 0 && net.is_lut(f)) plan.emitted[f] = 1;
  for (size_t i = net.num_luts(); i-- > 0;) {
    Signal s = net.lut_signal(i);
    if (!plan.emitted[s]) continue;
    for (Signal f : net.luts()[i].fanins)
      if (plan.constant[f] < 0 && net.is_lut(f)) plan.emitted[f] = 1;
  }
  plan.cell_stage.assign(nl.cells.size(), 0);
  if (!ps.pipelined()) return plan;

  StagePlan stages = assign_stages(nl, {ps.pipeline, ps.stage_delay, ps.target == "xilinx"}, plan.emitted);
  plan.stage = std::move(stages.signal_stage);
  plan.cell_stage = std::move(stages.cell_stage);
  plan.num_layers = stages.num_layers;
  plan.latency = stages.latency;
  plan.max_stage_delay = stages.max_stage_delay;
  plan.num_stages = std::max(plan.latency, 1);
  // A signal read k stages after the one producing it passes k registers.
  auto read_in = [&](Signal f, int stage, const std::string& reader) {
    if (plan.constant[f] >= 0) return;
    int distance = stage - plan.stage[f];
    if (distance < 0) throw std::logic_error("write_verilog: " + reader + " reads a signal of a later pipeline stage");
    plan.delay[f] = std::max(plan.delay[f], distance);
  };
  for (size_t i = 0; i < net.num_luts(); ++i) {
    Signal s = net.lut_signal(i);
    if (!plan.emitted[s]) continue;
    for (Signal f : net.luts()[i].fanins) read_in(f, plan.stage[s], "LUT " + std::to_string(i));
  }
  for (size_t c = 0; c < nl.cells.size(); ++c)
    for (const auto& t : nl.cells[c].terms)
      for (Signal f : t.bits) read_in(f, plan.cell_stage[c], "adder cell " + std::to_string(c));
  // Outputs are taken after the last register rank, so every output signal is delayed to it.
  for (Signal p : net.pos())
    if (plan.constant[p] < 0) plan.delay[p] = std::max(plan.delay[p], plan.latency - plan.stage[p]);
  for (int d : plan.delay) plan.registers += static_cast<size_t>(d);
  return plan;
}

/// Verilog names of signals: LUT outputs `n<i>` (i = LUT index in netlist.json), primary input
/// bits `port[b]`, and the k-th register after a signal `<name>_q<k>`.
class Names {
 public:
  Names(const Netlist& nl, std::string prefix) : nl_(nl), prefix_(std::move(prefix)) {
    for (const auto& p : nl.inputs)
      for (int b = 0; b < p.width; ++b) {
        pi_bit_.push_back(p.name + "[" + std::to_string(b) + "]");
        pi_base_.push_back(prefix_ + p.name + "_" + std::to_string(b));
      }
    for (size_t c = 0; c < nl.cells.size(); ++c)
      for (int b = 0; b < nl.cells[c].width; ++b) {
        pi_bit_.push_back(cell_wire(c) + "[" + std::to_string(nl.cells[c].lo + b) + "]");
        pi_base_.push_back(cell_wire(c) + "_" + std::to_string(b));
      }
  }
  /// The full-width sum of adder cell `c`.
  std::string cell_wire(size_t c) const { return prefix_ + "c" + std::to_string(c) + "_s"; }
  size_t lut_index(Signal s) const { return s - 2 - nl_.luts.num_pis(); }
  std::string lut_wire(Signal s) const { return prefix_ + "n" + std::to_string(lut_index(s)); }
  std::string lut_instance(Signal s) const { return prefix_ + "lut_n" + std::to_string(lut_index(s)); }
  std::string lut_init(Signal s) const { return prefix_ + "L" + std::to_string(lut_index(s)) + "_INIT"; }
  /// The wire that reads input bits no output depends on (lint tools skip names with "unused").
  std::string unused_sink() const { return prefix_ + "unused_inputs"; }
  /// The signal after `k` registers (k = 0: the signal itself).
  std::string at(Signal s, int k) const {
    if (nl_.luts.is_pi(s)) {
      size_t i = s - 2;
      return k == 0 ? pi_bit_[i] : pi_base_[i] + "_q" + std::to_string(k);
    }
    return k == 0 ? lut_wire(s) : lut_wire(s) + "_q" + std::to_string(k);
  }

 private:
  const Netlist& nl_;
  std::string prefix_;
  std::vector<std::string> pi_bit_, pi_base_;
};

/// Every identifier the body declares with this naming, to check against the port names.
std::set<std::string> internal_identifiers(const Netlist& nl, const Plan& plan, const Names& names, bool xilinx) {
  std::set<std::string> ids;
  const auto& net = nl.luts;
  for (Signal s = 2; s < net.num_signals(); ++s) {
    if (plan.emitted[s]) {
      ids.insert(names.lut_wire(s));
      ids.insert(xilinx ? names.lut_instance(s) : names.lut_init(s));
    }
    for (int k = 1; k <= plan.delay[s]; ++k) ids.insert(names.at(s, k));
  }
  for (size_t c = 0; c < nl.cells.size(); ++c)
    for (const char* suffix : {"", "_S", "_DI", "_o_unused", "_co_unused", "_low_unused", "_k_unused"}) ids.insert(names.cell_wire(c) + suffix);
  for (size_t c = 0; c < nl.cells.size(); ++c)
    for (int p = 0; p < nl.cells[c].lo + nl.cells[c].width; ++p) {
      ids.insert(names.cell_wire(c) + "_t" + std::to_string(p));
      ids.insert(names.cell_wire(c) + "_tail" + std::to_string(p));
      for (const char* infix : {"_p", "_k", "_add"}) ids.insert(names.cell_wire(c) + infix + std::to_string(p));
      ids.insert(names.cell_wire(c) + "_k" + std::to_string(p + 1));
    }
  for (size_t c = 0; c < nl.cells.size(); ++c)
    for (int k = 0; k * 4 < nl.cells[c].lo + nl.cells[c].width; ++k) {
      ids.insert(names.cell_wire(c) + "_carry" + std::to_string(k));
      ids.insert(names.cell_wire(c) + "_co" + std::to_string(k) + "_unused");
    }
  for (Signal s = 2; s < net.num_signals(); ++s)
    if (plan.emitted[s]) ids.insert(names.lut_wire(s) + "_xor");
  ids.insert(names.unused_sink());
  return ids;
}

/// Appends `items` as `  <keyword> a, b, c;` lines of at most ~100 characters.
void declare(std::ostringstream& out, const std::string& keyword, const std::vector<std::string>& items) {
  std::string line;
  for (const auto& it : items) {
    if (!line.empty() && line.size() + it.size() + 2 > 100) {
      out << line << ";\n";
      line.clear();
    }
    line += line.empty() ? "  " + keyword + " " + it : ", " + it;
  }
  if (!line.empty()) out << line << ";\n";
}

class Writer {
 public:
  Writer(const Netlist& nl, const emit_params& ps, const Plan& plan, const Names& names)
      : nl_(nl), ps_(ps), plan_(plan), names_(names), xilinx_(ps.target == "xilinx") {
    if (xilinx_) carry_ = plan_carry_chains(nl, {plan.constant, plan.emitted, plan.stage, plan.cell_stage, plan.delay}, &carry_stats_);
    absorbed_.assign(nl.luts.num_signals(), 0);
    if (xilinx_ && ps.lut_pairs) depths_ = signal_depths(nl);
    for (const auto& cc : carry_)
      for (Signal x : cc.absorbed)
        if (x) absorbed_[x] = 1;
    // F7/F8 muxes take their data from the LUTs beside them: no register may sit in between.
    if (xilinx_ && !ps.pipelined() && !ps.lut_pairs) muxf_ = muxf_levels(nl, plan.emitted, absorbed_);
  }

  const carry_chain_stats& carry_stats() const { return carry_stats_; }
  size_t lut_pairs() const { return lut_pairs_; }

  std::string body(size_t* luts_written) {
    std::ostringstream out;
    const auto& net = nl_.luts;
    bool pipelined = ps_.pipelined();
    size_t written = 0;
    if (!nl_.cells.empty() && !pipelined) {
      out << "  // adder cells (" << nl_.cells.size() << "): mapped onto carry chains by synthesis\n";
      for (size_t c = 0; c < nl_.cells.size(); ++c) write_cell(out, c);
      out << "\n";
    }
    for (int t = 0; t < plan_.num_stages; ++t) {
      std::vector<Signal> luts;
      for (size_t i = 0; i < net.num_luts(); ++i) {
        Signal s = net.lut_signal(i);
        if (plan_.emitted[s] && plan_.stage[s] == t) luts.push_back(s);
      }
      std::vector<size_t> cells;
      for (size_t c = 0; c < nl_.cells.size(); ++c)
        if (pipelined && plan_.cell_stage[c] == t) cells.push_back(c);
      if (pipelined) {
        out << "  // ---- stage " << t << ": ";
        if (ps_.pipeline > 0) {
          int first = t * ps_.pipeline + 1, last = std::max(first, std::min((t + 1) * ps_.pipeline, plan_.num_layers));
          out << "layer" << (first == last ? " " + std::to_string(first) : "s " + std::to_string(first) + "-" + std::to_string(last))
              << ", ";
        }
        out << luts.size() << " LUT" << (luts.size() == 1 ? "" : "s");
        if (!cells.empty()) out << ", " << cells.size() << " adder cell" << (cells.size() == 1 ? "" : "s");
        out << " ----\n";
      }
      for (size_t c : cells) write_cell(out, c);
      std::vector<Signal> own;  // LUTs written as LUTs: an absorbed one is inside its adder's propagate LUT
      for (Signal s : luts)
        if (!absorbed_[s]) own.push_back(s);
      written += luts.size();
      std::vector<char> paired(nl_.luts.num_signals(), 0);
      if (xilinx_ && ps_.lut_pairs) {
        lut_pair_params pp;
        pp.depth = &depths_;
        for (const auto& p : pair_luts(nl_.luts, own, pp)) {
          write_lut_pair(out, p, t);
          paired[p.o6] = paired[p.o5] = 1;
          ++lut_pairs_;
        }
      }
      for (Signal s : own)
        if (!paired[s]) write_lut(out, s, t);
      if (pipelined && t < plan_.latency) write_rank(out, t + 1);
      if (t + 1 < plan_.num_stages || pipelined) out << "\n";
    }
    if (!pipelined && written) out << "\n";
    write_outputs(out);
    write_unused_inputs(out);
    if (luts_written) *luts_written = written;
    return out.str();
  }

 private:
  /// Input `f` as seen by a consumer in stage `t`.
  std::string operand(Signal f, int t) const {
    if (plan_.constant[f] >= 0) return plan_.constant[f] ? "1'b1" : "1'b0";
    return names_.at(f, t - plan_.stage[f]);
  }

  void write_lut(std::ostringstream& out, Signal s, int t) const {
    const auto& lut = nl_.luts.lut(s);
    int k = static_cast<int>(lut.fanins.size());
    std::string init = hex_literal(lut.init, 1 << k);
    out << "  wire " << names_.lut_wire(s) << ";\n";
    if (!muxf_.empty() && muxf_[s]) {
      out << "  MUXF" << muxf_[s] << " " << names_.lut_instance(s) << " (.O(" << names_.lut_wire(s) << "), .I0("
          << operand(lut.fanins[0], t) << "), .I1(" << operand(lut.fanins[1], t) << "), .S(" << operand(lut.fanins[2], t)
          << "));\n";
    } else if (xilinx_) {
      out << "  LUT" << k << " #(.INIT(" << init << ")) " << names_.lut_instance(s) << " (.O(" << names_.lut_wire(s) << ")";
      for (int i = 0; i < k; ++i) out << ", .I" << i << "(" << operand(lut.fanins[static_cast<size_t>(i)], t) << ")";
      out << ");\n";
    } else {
      out << "  localparam [" << (1 << k) - 1 << ":0] " << names_.lut_init(s) << " = " << init << ";\n";
      out << "  assign " << names_.lut_wire(s) << " = " << names_.lut_init(s) << "[";
      if (k > 1) out << "{";
      for (int i = k - 1; i >= 0; --i) out << operand(lut.fanins[static_cast<size_t>(i)], t) << (i ? ", " : "");
      if (k > 1) out << "}";
      out << "];\n";
    }
  }

  /// Two LUTs in one LUT6_2 (I5 = 1: O6 and O5 are 5-input functions of I0..I4), named after O6's LUT.
  void write_lut_pair(std::ostringstream& out, const LutPair& p, int t) const {
    out << "  wire " << names_.lut_wire(p.o6) << ", " << names_.lut_wire(p.o5) << ";\n";
    out << "  LUT6_2 #(.INIT(" << hex_literal(p.init, 64) << ")) " << names_.lut_instance(p.o6) << " (.O6(" << names_.lut_wire(p.o6)
        << "), .O5(" << names_.lut_wire(p.o5) << ")";
    for (size_t i = 0; i < 5; ++i) out << ", .I" << i << "(" << (i < p.inputs.size() ? operand(p.inputs[i], t) : "1'b0") << ")";
    out << ", .I5(1'b1));\n";
  }

  /// The CARRY4 instances of a chain whose propagate and DI vectors are `W_S` and `W_DI`. One
  /// carry-out vector per CARRY4 (only bit 3 links the chain): no vector feeds itself.
  void write_carry4_blocks(std::ostringstream& out, const CarryChain& cc, const std::string& w, int t) const {
    auto co = [&](int k) { return w + "_co" + std::to_string(k) + "_unused"; };
    for (int k = 0; k < cc.blocks; ++k) {
      std::string r = "[" + std::to_string(4 * k + 3) + ":" + std::to_string(4 * k) + "]";
      out << "  wire [3:0] " << co(k) << ";\n";
      out << "  CARRY4 " << w << "_carry" << k << " (.CO(" << co(k) << "), .O(" << w << "_o_unused" << r << "), .CI("
          << (k == 0 ? "1'b0" : co(k - 1) + "[3]") << "), .CYINIT(" << (k == 0 ? operand(cc.carry_in, t) : "1'b0") << "), .DI("
          << w << "_DI" << r << "), .S(" << w << "_S" << r << "));\n";
    }
  }

  /// An explicit CARRY4 chain (backend/carry_chain.hpp): propagate and DI bits, 4 bits per CARRY4,
  /// then the tail LUTs reading the last CARRY4's carry-out.
  void write_carry_chain(std::ostringstream& out, size_t c) const {
    const CarryChain& cc = carry_[c];
    const int t = plan_.cell_stage[c];
    const int sum_width = nl_.cells[c].lo + nl_.cells[c].width;
    const int padded = 4 * cc.blocks, chain = std::min(cc.positions, padded);
    const std::string w = names_.cell_wire(c);
    auto co = [&](int k) { return w + "_co" + std::to_string(k) + "_unused"; };
    if (cc.blocks > 0) out << "  wire [" << padded - 1 << ":0] " << w << "_S, " << w << "_DI, " << w << "_o_unused;\n";
    std::vector<std::string> merged_wire(static_cast<size_t>(padded));  // the merged LUT's output per position
    for (int p = 0; p < padded; ++p) {
      std::string sp = w + "_S[" + std::to_string(p) + "]", dp = w + "_DI[" + std::to_string(p) + "]";
      if (p >= chain) { out << "  assign " << sp << " = 1'b0;\n  assign " << dp << " = 1'b0;\n"; continue; }
      const size_t q = static_cast<size_t>(p);
      out << "  assign " << dp << " = " << operand(cc.a[q], t) << ";\n";
      if (Signal x = cc.absorbed[q]) {
        // LUT x with the other addend as one more input: x ^ a (^ 1 when b is inverted).
        const auto& lut = nl_.luts.lut(x);
        const int k = static_cast<int>(lut.fanins.size());
        bool const_a = plan_.constant[cc.a[q]] >= 0;
        int inputs = const_a ? k : k + 1;
        uint64_t init = 0;
        for (uint64_t r = 0; r < (uint64_t{1} << inputs); ++r) {
          uint64_t av = const_a ? static_cast<uint64_t>(plan_.constant[cc.a[q]]) : (r >> k) & 1;
          uint64_t bit = ((lut.init >> (r & ((uint64_t{1} << k) - 1))) & 1) ^ av ^ (cc.invert_b ? 1 : 0);
          init |= bit << r;
        }
        // A LUT merged at several positions (a repeated sign bit) is written once per other addend.
        int same = -1, earlier = -1;
        for (int e = 0; e < p; ++e)
          if (cc.absorbed[static_cast<size_t>(e)] == x) (cc.a[static_cast<size_t>(e)] == cc.a[q] ? same : earlier) = e;
        if (same >= 0) {  // the LUT's own wire: _S bits reading _S bits look like a loop to Verilator
          out << "  assign " << sp << " = " << (merged_wire[q] = merged_wire[static_cast<size_t>(same)]) << ";\n";
          continue;
        }
        const std::string suffix = earlier >= 0 ? "_p" + std::to_string(p) : "", o = names_.lut_wire(x) + "_xor" + suffix;
        merged_wire[q] = o;
        out << "  wire " << o << ";\n  LUT" << inputs << " #(.INIT(" << hex_literal(init, 1 << inputs) << ")) "
            << names_.lut_instance(x) << suffix << " (.O(" << o << ")";
        for (int i = 0; i < k; ++i) out << ", .I" << i << "(" << operand(lut.fanins[static_cast<size_t>(i)], t) << ")";
        if (!const_a) out << ", .I" << k << "(" << operand(cc.a[q], t) << ")";
        out << ");\n  assign " << sp << " = " << o << ";\n";
      } else {
        out << "  assign " << sp << " = " << (cc.invert_b ? "~(" : "(") << operand(cc.a[q], t) << " ^ " << operand(cc.b[q], t)
            << ");\n";
      }
    }
    write_carry4_blocks(out, cc, w, t);
    std::vector<std::string> bit(static_cast<size_t>(sum_width), "1'b0");  // sum bits above `positions` are unread
    if (cc.first == 1) bit[0] = "~" + operand(cc.carry_in, t);
    for (int p = 0; p < chain; ++p) bit[static_cast<size_t>(cc.first + p)] = w + "_o_unused[" + std::to_string(p) + "]";
    for (const TailLut& tl : cc.tail) {
      auto leaf = [&](Signal s) { return s == block_carry_leaf ? co(cc.blocks - 1) + "[3]" : operand(s, t); };
      std::string& target = bit[static_cast<size_t>(cc.first + tl.position)];
      if (tl.wire) {
        target = leaf(tl.leaves[0]);
        continue;
      }
      const int k = static_cast<int>(tl.leaves.size());
      target = w + "_t" + std::to_string(tl.position);
      out << "  wire " << target << ";\n  LUT" << k << " #(.INIT(" << hex_literal(tl.init, 1 << k) << ")) " << w << "_tail"
          << tl.position << " (.O(" << target << ")";
      for (int i = 0; i < k; ++i) out << ", .I" << i << "(" << leaf(tl.leaves[static_cast<size_t>(i)]) << ")";
      out << ");\n";
    }
    out << "  wire [" << sum_width - 1 << ":0] " << w << " = {";
    for (int s = sum_width; s-- > 0;) out << bit[static_cast<size_t>(s)] << (s ? ", " : "");
    out << "};\n";
    if (nl_.cells[c].lo > 0)  // sum bits below the cell's output only feed the carry
      out << "  wire " << w << "_low_unused = &{1'b0, " << w << "[" << nl_.cells[c].lo - 1 << ":0]};\n";
  }

  /// A ternary chain (CarryChain::ternary): per position one LUT6_2 (O6 the propagate, O5 the
  /// carry-save bit into the next position, I5 tied to 1), DI = the carry-save bit; positions with
  /// the same addends and carry-save input (the sign extension) share one LUT6_2.
  void write_ternary_chain(std::ostringstream& out, size_t c) const {
    const CarryChain& cc = carry_[c];
    const int t = plan_.cell_stage[c];
    const int sum_width = nl_.cells[c].lo + nl_.cells[c].width;
    const int padded = 4 * cc.blocks;
    const std::string w = names_.cell_wire(c);
    std::vector<std::string> k_wire{cc.k0 ? "1'b1" : "1'b0"}, s_wire;
    std::map<std::vector<std::string>, size_t> seen;  // (x, y, z, k) -> position
    if (cc.blocks > 0) out << "  wire [" << padded - 1 << ":0] " << w << "_S, " << w << "_DI, " << w << "_o_unused;\n";
    uint64_t init = 0;
    for (uint64_t r = 0; r < 32; ++r) {
      bool x = ((r >> 0) & 1) != cc.invert3[0], y = ((r >> 1) & 1) != cc.invert3[1], z = ((r >> 2) & 1) != cc.invert3[2];
      bool k = (r >> 3) & 1;
      uint64_t o6 = ((x != y) != z) != k, o5 = (x && y) || (x && z) || (y && z);
      init |= (o6 << (32 + r)) | (o5 << r);
    }
    for (int p = 0; p < cc.positions; ++p) {
      const size_t j = static_cast<size_t>(p);
      std::vector<std::string> in{operand(cc.a[j], t), operand(cc.b[j], t), operand(cc.c[j], t), k_wire[j]};
      if (auto it = seen.find(in); it != seen.end()) {
        s_wire.push_back(s_wire[it->second]);
        k_wire.push_back(k_wire[it->second + 1]);
        continue;
      }
      seen[in] = j;
      std::string o6 = w + "_p" + std::to_string(p), o5 = w + "_k" + std::to_string(p + 1);
      out << "  wire " << o6 << ", " << o5 << ";\n  LUT6_2 #(.INIT(" << hex_literal(init, 64) << ")) " << w << "_add" << p
          << " (.O6(" << o6 << "), .O5(" << o5 << "), .I0(" << in[0] << "), .I1(" << in[1] << "), .I2(" << in[2] << "), .I3(" << in[3]
          << "), .I4(1'b0), .I5(1'b1));\n";
      s_wire.push_back(o6);
      k_wire.push_back(o5);
    }
    for (int p = 0; p < padded; ++p) {
      const size_t j = static_cast<size_t>(p);
      out << "  assign " << w << "_S[" << p << "] = " << (p < cc.positions ? s_wire[j] : "1'b0") << ";\n  assign " << w << "_DI["
          << p << "] = " << (p < cc.positions ? k_wire[j] : "1'b0") << ";\n";
    }
    write_carry4_blocks(out, cc, w, t);
    out << "  wire [" << sum_width - 1 << ":0] " << w << " = {";
    for (int s = sum_width; s-- > 0;) out << (s < cc.positions ? w + "_o_unused[" + std::to_string(s) + "]" : "1'b0") << (s ? ", " : "");
    out << "};\n";
    // The carry-save bit out of the top LUT6_2 feeds nothing: named unused for lint.
    if (cc.positions > 0 && k_wire.back() != k_wire[static_cast<size_t>(cc.positions) - 1])
      out << "  wire " << w << "_k_unused = &{1'b0, " << k_wire.back() << "};\n";
    if (nl_.cells[c].lo > 0)  // sum bits below the cell's output only feed the carry
      out << "  wire " << w << "_low_unused = &{1'b0, " << w << "[" << nl_.cells[c].lo - 1 << ":0]};\n";
  }

  /// `W'h..` + / - terms, each a W-bit vector: bits extended (sign or zero) and shifted.
  void write_cell(std::ostringstream& out, size_t c) const {
    if (!carry_.empty() && carry_[c].explicit_chain) return carry_[c].ternary ? write_ternary_chain(out, c) : write_carry_chain(out, c);
    const ArithCell& cell = nl_.cells[c];
    int w = cell.lo + cell.width;
    uint64_t mask = w >= 64 ? ~uint64_t{0} : (uint64_t{1} << w) - 1;
    out << "  wire [" << w - 1 << ":0] " << names_.cell_wire(c) << ";\n";
    out << "  assign " << names_.cell_wire(c) << " = " << hex_literal(static_cast<uint64_t>(cell.constant) & mask, w);
    for (const auto& t : cell.terms) {
      int n = static_cast<int>(t.bits.size());
      std::vector<std::string> bits;  // MSB first
      for (int j = w - 1; j >= 0; --j) {
        int src = j - t.shift;
        if (src < 0 || n == 0 || (src >= n && !t.is_signed)) bits.push_back("1'b0");
        else bits.push_back(operand(t.bits[static_cast<size_t>(std::min(src, n - 1))], plan_.cell_stage[c]));
      }
      out << (t.negate ? " - {" : " + {");
      for (size_t k = 0; k < bits.size(); ++k) out << (k ? ", " : "") << bits[k];
      out << "}";
    }
    out << ";\n";
  }

  /// Register rank `r` (after stage r-1): the k-th register of every signal produced in stage r-k.
  void write_rank(std::ostringstream& out, int r) const {
    std::vector<std::pair<std::string, std::string>> regs;  // (register, its input)
    auto add = [&](Signal s) {
      int k = r - plan_.stage[s];
      if (k >= 1 && k <= plan_.delay[s]) regs.emplace_back(names_.at(s, k), names_.at(s, k - 1));
    };
    const auto& net = nl_.luts;
    for (uint32_t i = 0; i < net.num_pis(); ++i) add(net.pi(i));
    for (size_t i = 0; i < net.num_luts(); ++i)
      if (plan_.emitted[net.lut_signal(i)]) add(net.lut_signal(i));
    out << "  // register rank " << r << " (" << regs.size() << " bit" << (regs.size() == 1 ? "" : "s") << ")\n";
    if (regs.empty()) return;
    std::vector<std::string> decl;
    for (const auto& [q, d] : regs) decl.push_back(q);
    declare(out, "reg", decl);
    out << "  always @(posedge clk) begin\n";
    for (const auto& [q, d] : regs) out << "    " << q << " <= " << d << ";\n";
    out << "  end\n";
  }

  /// Input bits that pruning left unread (and `clk` without registers) are ANDed into one wire
  /// named *unused*, so `verilator --lint-only -Wall` sees they are unused on purpose.
  void write_unused_inputs(std::ostringstream& out) const {
    const auto& net = nl_.luts;
    std::vector<char> read(net.num_signals(), 0);
    for (size_t i = 0; i < net.num_luts(); ++i)
      if (plan_.emitted[net.lut_signal(i)])
        for (Signal f : net.luts()[i].fanins) read[f] = 1;
    for (Signal p : net.pos()) read[p] = 1;
    for (const auto& c : nl_.cells)
      for (const auto& t : c.terms)
        for (Signal f : t.bits) read[f] = 1;
    std::vector<std::string> unread;
    if (ps_.pipelined() && plan_.registers == 0) unread.push_back("clk");
    for (uint32_t i = 0; i < net.num_pis(); ++i)
      if (!read[net.pi(i)]) unread.push_back(names_.at(net.pi(i), 0));
    if (unread.empty()) return;
    out << "\n  // inputs no output depends on\n  wire " << names_.unused_sink() << " = &{1'b0";
    for (const auto& u : unread) out << ", " << u;
    out << "};\n";
  }

  void write_outputs(std::ostringstream& out) const {
    const auto& pos = nl_.luts.pos();
    size_t k = 0;
    out << "  // outputs" << (ps_.pipelined() ? " (after register rank " + std::to_string(plan_.latency) + ")" : "") << "\n";
    for (const auto& p : nl_.outputs)
      for (int b = 0; b < p.width; ++b, ++k)
        out << "  assign " << p.name << "[" << b << "] = " << operand(pos[k], plan_.latency) << ";\n";
  }

  const Netlist& nl_;
  const emit_params& ps_;
  const Plan& plan_;
  const Names& names_;
  bool xilinx_;
  std::vector<CarryChain> carry_;  // xilinx: per cell, written as an explicit carry chain?
  carry_chain_stats carry_stats_;
  std::vector<char> absorbed_;     // per signal: a LUT written inside a propagate LUT
  size_t lut_pairs_ = 0;
  std::vector<int> muxf_;          // per signal: 7 or 8 for a mux LUT written as MUXF7/MUXF8 (muxf_remap.hpp)           // LUT6_2 instances holding two netlist LUTs
  std::vector<int> depths_;        // per signal: logic depth (pairs keep every path as short)
};

std::string port_list(const Netlist& nl, bool pipelined) {
  std::vector<std::string> lines;
  if (pipelined) lines.push_back("  input  wire clk");
  auto range = [](int w) { return "[" + std::to_string(w - 1) + ":0]"; };
  for (const auto& p : nl.inputs) lines.push_back("  input  wire " + range(p.width) + " " + p.name);
  for (const auto& p : nl.outputs) lines.push_back("  output wire " + range(p.width) + " " + p.name);
  std::string s;
  for (size_t i = 0; i < lines.size(); ++i) s += lines[i] + (i + 1 < lines.size() ? ",\n" : "");
  return s;
}

std::string header(const Netlist& nl, const emit_params& ps, const Plan& plan, const std::map<int, size_t>& by_size,
                   size_t luts) {
  std::ostringstream h;
  h << "// Generated by lutc " << LUTC_VERSION << ". Do not edit: recompile the model instead.\n";
  h << "//\n";
  h << "// module    " << nl.top << "\n";
  h << "// target    " << ps.target
    << (ps.target == "xilinx" ? " (Xilinx LUT1..LUT6 primitives; rtl/lut_models.v models them for simulation)"
                              : " (each LUT is a constant indexed by its inputs)")
    << "\n";
  h << "// LUTs      " << luts;
  if (!by_size.empty()) {
    h << " (";
    bool first = true;
    for (auto it = by_size.rbegin(); it != by_size.rend(); ++it, first = false)
      h << (first ? "" : ", ") << "LUT" << it->first << ": " << it->second;
    h << ")";
  }
  h << "\n";
  if (ps.pipelined()) {
    if (ps.pipeline > 0)
      h << "// pipeline  a register rank after every " << ps.pipeline << " layer" << (ps.pipeline == 1 ? "" : "s");
    else
      h << "// pipeline  register ranks so that no stage is longer than " << ps.stage_delay << " LUT levels (longest "
        << plan.max_stage_delay << "; delay model: docs/rtl.md)\n//         ";
    h << " and on the outputs: " << plan.registers << " flip-flops\n";
    h << "//           (plain always @(posedge clk) registers without reset)\n";
    h << "// latency   " << plan.latency << " clock cycle" << (plan.latency == 1 ? "" : "s")
      << ": outputs show the inputs applied " << plan.latency << " rising edge" << (plan.latency == 1 ? "" : "s")
      << " earlier\n";
  } else {
    h << "// latency   0 (combinational)\n";
  }
  h << "//\n";
  h << "// Ports: each port carries one code of the model, bit 0 = least significant bit.\n";
  if (ps.pipelined()) h << "//   clk  input   clock of the pipeline registers\n";
  size_t bit = 0;
  for (const auto& p : nl.inputs) {
    h << "//   " << p.name << "[" << p.width - 1 << ":0]  input   code of input '" << p.name << "' (netlist inputs " << bit
      << ".." << bit + static_cast<size_t>(p.width) - 1 << ")\n";
    bit += static_cast<size_t>(p.width);
  }
  bit = 0;
  for (const auto& p : nl.outputs) {
    h << "//   " << p.name << "[" << p.width - 1 << ":0]  output  code of output '" << p.name << "' (netlist outputs "
      << bit << ".." << bit + static_cast<size_t>(p.width) - 1 << ")\n";
    bit += static_cast<size_t>(p.width);
  }
  h << "//\n";
  h << "// Names: n<i> is LUT i of netlist.json; <signal>_q<k> is <signal> after k registers.";
  return h.str();
}

void check_netlist(const Netlist& nl, const emit_params& ps) {
  if (ps.target != "xilinx" && ps.target != "generic")
    throw Diagnostic("unknown target '" + ps.target + "' (expected xilinx or generic)");
  if (ps.pipeline < 0) throw Diagnostic("--pipeline must be 0 (combinational) or a positive number of layers");
  if (ps.stage_delay < 0) throw Diagnostic("--stage-delay must be 0 (combinational) or a positive number of LUT levels");
  if (ps.pipeline > 0 && ps.stage_delay > 0) throw Diagnostic("--pipeline and --stage-delay cannot both be given");
  if (!is_identifier(nl.top)) throw Diagnostic("top module name '" + nl.top + "' is not a Verilog identifier");
  if (nl.top == "lut_models" || nl.top == "CARRY4" || nl.top == "LUT6_2" || nl.top == "MUXF7" || nl.top == "MUXF8" || (nl.top.size() == 4 && nl.top.rfind("LUT", 0) == 0 && nl.top[3] >= '1' && nl.top[3] <= '6'))
    throw Diagnostic("top module name '" + nl.top + "' is reserved for the LUT and carry models");
  std::set<std::string> seen;
  size_t in_bits = 0, out_bits = 0;
  for (const auto* ports : {&nl.inputs, &nl.outputs})
    for (const auto& p : *ports) {
      if (!is_identifier(p.name)) throw Diagnostic("port name '" + p.name + "' is not a Verilog identifier");
      if (!seen.insert(p.name).second) throw Diagnostic("two ports are named '" + p.name + "'");
      if (p.width < 1) throw Diagnostic("port '" + p.name + "' has width " + std::to_string(p.width));
      (ports == &nl.inputs ? in_bits : out_bits) += static_cast<size_t>(p.width);
    }
  size_t cell_bits = 0;
  for (const auto& c : nl.cells) cell_bits += static_cast<size_t>(c.width);
  in_bits += cell_bits;
  if (ps.pipelined() && seen.count("clk"))
    throw Diagnostic("a port is named 'clk', which the pipelined design needs for its clock");
  if (in_bits != nl.luts.num_pis() || out_bits != nl.luts.pos().size())
    throw std::logic_error("write_verilog: ports have " + std::to_string(in_bits) + " input / " + std::to_string(out_bits) +
                           " output bits but the LUT network has " + std::to_string(nl.luts.num_pis()) + " / " +
                           std::to_string(nl.luts.pos().size()));
}

}  // namespace detail

std::string emit_verilog(const Netlist& nl, const emit_params& ps, emit_stats* st) {
  detail::check_netlist(nl, ps);
  bool xilinx = ps.target == "xilinx";
  detail::Plan plan = detail::make_plan(nl, ps);

  // Internal names get a prefix only if a port would otherwise collide with one of them.
  std::set<std::string> taken;
  for (const auto* ports : {&nl.inputs, &nl.outputs})
    for (const auto& p : *ports) taken.insert(p.name);
  if (ps.pipelined()) taken.insert("clk");
  std::string prefix;
  for (int attempt = 0;; ++attempt) {
    prefix = attempt == 0 ? "" : attempt == 1 ? "lutc_" : "lutc" + std::to_string(attempt) + "_";
    detail::Names trial(nl, prefix);
    auto ids = detail::internal_identifiers(nl, plan, trial, xilinx);
    if (std::none_of(taken.begin(), taken.end(), [&](const std::string& t) { return ids.count(t) > 0; })) break;
  }
  detail::Names names(nl, prefix);

  size_t luts = 0;
  detail::Writer writer(nl, ps, plan, names);
  std::string body = writer.body(&luts);
  std::map<int, size_t> by_size;
  for (logic::Signal s = 0; s < nl.luts.num_signals(); ++s)
    if (plan.emitted[s]) ++by_size[static_cast<int>(nl.luts.lut(s).fanins.size())];

  std::string text = util::render_template(util::resource("rtl_templates/top.v.in"),
                                           {{"HEADER", detail::header(nl, ps, plan, by_size, luts)},
                                            {"TOP", nl.top},
                                            {"PORTS", detail::port_list(nl, ps.pipelined())},
                                            {"BODY", body}});
  if (st) {
    st->luts = luts;
    st->registers = plan.registers;
    st->latency = plan.latency;
    st->max_stage_delay = plan.max_stage_delay;
    st->carry = writer.carry_stats();
    st->lut_pairs = writer.lut_pairs();
  }
  return text;
}

emit_stats write_verilog(const Netlist& nl, const emit_params& ps, const std::filesystem::path& out_dir) {
  emit_stats st;
  std::string text = emit_verilog(nl, ps, &st);
  std::string top_file = "rtl/" + nl.top + ".v";
  util::write_file(out_dir / top_file, text);
  st.files.push_back(top_file);
  if (ps.target == "xilinx") {
    util::write_file(out_dir / "rtl/lut_models.v", util::resource("rtl_templates/lut_models.v"));
    st.files.push_back("rtl/lut_models.v");
    st.sim_only_files.push_back("rtl/lut_models.v");
  }
  size_t skipped = nl.luts.num_luts() - st.luts;
  log::info("emit: " + std::to_string(st.luts) + " LUTs (" + ps.target + ")" +
            (ps.pipelined() ? ", " + std::to_string(st.registers) + " register bits, latency " + std::to_string(st.latency)
                             : std::string(", combinational")) +
            (skipped ? ", " + std::to_string(skipped) + " LUTs without effect not written" : "") + " → " + top_file);
  if (st.carry.chains)
    log::info("emit: " + std::to_string(st.carry.chains) + " explicit carry chains, " + std::to_string(st.carry.carry4) + " CARRY4 (" +
              std::to_string(st.carry.carry4_trimmed) + " fewer for unread top bits, " + std::to_string(st.carry.carry4_tail) +
              " last blocks as " + std::to_string(st.carry.tail_luts) + " LUTs), " + std::to_string(st.carry.absorbed_luts) +
              " LUTs merged into them");
  return st;
}

}  // namespace lutc::backend
