#pragma once
// Helpers shared by the pass tests: a seeded random network generator, an exhaustive
// refinement check through ir::SoftwareModel, and an independent simulator that records which
// table rows are hit with a fully known index.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "ir/network.hpp"
#include "ir/software_model.hpp"
#include "util/log.hpp"

namespace lutc::test {

/// Silences pass logging for a scope (loops over hundreds of networks), restoring the old level.
struct QuietLog {
  log::Level old = log::level();
  QuietLog() { log::set_level(log::Level::quiet); }
  ~QuietLog() { log::set_level(old); }
};

/// splitmix64: a tiny generator whose sequence is the same on every platform.
struct Rng {
  uint64_t state;
  explicit Rng(uint64_t seed) : state(seed) {}
  uint64_t next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<uint64_t>(n)); }
  bool chance(int percent) { return below(100) < percent; }
};

inline uint64_t mask_of(int width) { return width >= 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1; }

/// A random layered network with slices, shared operands, constants, don't cares, duplicate
/// tables, tables that ignore operands, and dead nodes. Total input bits stay small (<= 10)
/// so that tests can simulate every input code.
inline ir::Network random_network(uint64_t seed) {
  Rng rng(seed);
  ir::Network net;
  net.name = "random" + std::to_string(seed);
  int num_inputs = 2 + rng.below(2);
  int budget = 10;
  for (int i = 0; i < num_inputs; ++i) {
    ir::Node in;
    in.op = ir::InputOp{};
    in.name = "in" + std::to_string(i);
    in.width = 1 + rng.below(std::min(4, budget - (num_inputs - i - 1)));
    budget -= in.width;
    net.add_node(in);
  }
  int num_nodes = 4 + rng.below(6);
  for (int k = 0; k < num_nodes; ++k) {
    ir::Node n;
    n.name = "n" + std::to_string(k);
    n.width = 1 + rng.below(3);
    if (rng.chance(8)) {
      n.op = ir::ConstantOp{};
      n.op = ir::ConstantOp{rng.next() & mask_of(n.width)};
      net.add_node(n);
      continue;
    }
    n.op = ir::Table{};
    if (k > 0 && rng.chance(12)) {  // a duplicate of an earlier table: same operands and function
      int src = static_cast<int>(net.nodes.size()) - 1 - rng.below(k);
      if (net.nodes[src].kind() == ir::NodeKind::table) {
        n.width = net.nodes[src].width;
        n.operands = net.nodes[src].operands;
        n.op = net.nodes[src].table();
        net.add_node(n);
        continue;
      }
    }
    int index_bits = 0;
    int num_ops = 1 + rng.below(3);
    for (int o = 0; o < num_ops && index_bits < 8; ++o) {
      ir::NodeId src = static_cast<ir::NodeId>(rng.below(static_cast<int>(net.nodes.size())));
      int w = net.nodes[src].width;
      if (w == 0) continue;
      int width = 1 + rng.below(std::min(w, 8 - index_bits));
      int lo = rng.below(w - width + 1);
      if (rng.chance(10)) width = 0;  // an empty operand
      n.operands.push_back({src, lo, width});
      index_bits += width;
    }
    n.table().index_bits = index_bits;
    n.table().out_width = n.width;
    n.table().rows.resize(n.table().num_rows());
    int style = rng.below(10);
    uint64_t const_value = rng.next();
    int ignored_bit = index_bits > 0 ? rng.below(index_bits) : 0;
    for (uint64_t r = 0; r < n.table().num_rows(); ++r) {
      uint64_t twin = r & ~(uint64_t{1} << ignored_bit);
      if (style == 0) n.table().rows[r] = const_value & mask_of(n.width);  // a constant table
      else if (style <= 2 && index_bits > 0 && twin != r) n.table().rows[r] = n.table().rows[twin];  // ignores one bit
      else n.table().rows[r] = rng.next() & mask_of(n.width);
    }
    if (rng.chance(30)) {  // don't cares
      for (int j = 0; j < n.width; ++j) {
        logic::TruthTable c(index_bits);
        for (uint64_t r = 0; r < n.table().num_rows(); ++r) c.set(r, !rng.chance(25));
        n.table().care.push_back(c);
      }
    }
    net.add_node(n);
  }
  int num_outputs = 1 + rng.below(3);
  for (int o = 0; o < num_outputs; ++o) {
    // Mostly late nodes, so that earlier ones have readers; sometimes an input directly.
    ir::NodeId src = static_cast<ir::NodeId>(net.nodes.size()) - 1 - static_cast<ir::NodeId>(rng.below(std::min<int>(3, static_cast<int>(net.nodes.size()))));
    int w = net.nodes[src].width;
    int width = w == 0 ? 0 : 1 + rng.below(w);
    int lo = rng.below(w - width + 1);
    net.outputs.push_back({"out" + std::to_string(o), ir::Operand{src, lo, width}, std::nullopt});
  }
  net.compute_layers();
  net.check_invariants();
  return net;
}

/// A node with a fixed-point format (its width is the format's).
inline ir::Node typed(const std::string& name, ir::NodeOp op, bool is_signed, int int_bits, int frac_bits,
               std::vector<ir::Operand> operands = {}) {
  ir::Node n;
  n.name = name;
  n.op = std::move(op);
  n.format = ir::FixedFormat{is_signed, int_bits, frac_bits};
  n.width = n.format->width();
  n.operands = std::move(operands);
  return n;
}

inline ir::Operand whole(const ir::Network& net, ir::NodeId id) { return {id, 0, net.nodes[id].width}; }

/// A random DAG of signed fixed-point inputs, tables and arithmetic (total input bits <= 10).
inline ir::Network random_mixed(uint64_t seed) {
  Rng rng(seed);
  ir::Network net;
  net.name = "mixed" + std::to_string(seed);
  int budget = 10;
  int num_inputs = 2 + rng.below(2);
  for (int i = 0; i < num_inputs; ++i) {
    int w = 1 + rng.below(std::min(4, budget - (num_inputs - i - 1)));
    budget -= w;
    int frac = rng.below(w);
    ir::Node in = typed("in" + std::to_string(i), ir::InputOp{}, rng.chance(70), w - frac, frac);
    net.add_node(in);
  }
  int num_nodes = 4 + rng.below(8);
  for (int k = 0; k < num_nodes; ++k) {
    auto pick = [&] { return static_cast<ir::NodeId>(rng.below(static_cast<int>(net.nodes.size()))); };
    int out_w = 2 + rng.below(5);
    int frac = rng.below(3);
    std::string name = "n" + std::to_string(k);
    int kind = rng.below(7);
    ir::NodeId a = pick(), b = pick();
    if (kind == 0) {
      ir::Node c = typed(name, ir::ConstantOp{rng.next() & ((1u << out_w) - 1)}, true, out_w - frac, frac);
      net.add_node(c);
    } else if (kind == 1) {
      ir::Node t = typed(name, ir::Table{}, rng.chance(50), out_w - frac, frac, {whole(net, a)});
      int bits = net.nodes[a].width;
      if (bits > 8) continue;
      t.table().index_bits = bits;
      t.table().out_width = out_w;
      for (uint64_t r = 0; r < (uint64_t{1} << bits); ++r) t.table().rows.push_back(rng.next() & ((1u << out_w) - 1));
      if (rng.chance(20)) {
        for (int j = 0; j < out_w; ++j) {
          logic::TruthTable c(bits);
          for (uint64_t r = 0; r < (uint64_t{1} << bits); ++r) c.set(r, !rng.chance(25));
          t.table().care.push_back(c);
        }
        t.table().care_source = ir::CareSource::reachability;
      }
      net.add_node(t);
    } else {
      if (!net.nodes[a].format || !net.nodes[b].format) continue;
      ir::NodeOp op;
      std::vector<ir::Operand> ops = {whole(net, a)};
      switch (kind) {
        case 2: op = ir::AddSubOp{rng.chance(50), rng.below(3) - 1}; ops.push_back(whole(net, b)); break;
        case 3: op = ir::AddConstOp{static_cast<int64_t>(rng.below(7)) - 3, rng.below(3)}; break;
        case 4: op = ir::QuantizeOp{rng.below(3) - 1}; break;
        case 5: op = ir::ReluOp{}; break;
        default: op = ir::NegateOp{}; break;
      }
      net.add_node(typed(name, op, true, out_w - frac, frac, ops));
    }
  }
  int num_outputs = 1 + rng.below(2);
  for (int o = 0; o < num_outputs; ++o) {
    ir::NodeId src = static_cast<ir::NodeId>(net.nodes.size()) - 1 - static_cast<ir::NodeId>(o);
    net.outputs.push_back({"out" + std::to_string(o), whole(net, src), net.nodes[src].format});
  }
  net.compute_layers();
  net.check_invariants();
  return net;
}

/// Calls `f(codes)` for every combination of input codes of `net`.
template <class F>
void for_all_inputs(const ir::Network& net, F&& f) {
  int total = net.total_input_bits();
  REQUIRE(total <= 22);
  std::vector<uint64_t> codes(net.inputs.size());
  for (uint64_t all = 0; all < (uint64_t{1} << total); ++all) {
    int pos = 0;
    for (size_t p = 0; p < net.inputs.size(); ++p) {
      int w = net.nodes[net.inputs[p]].width;
      codes[p] = (all >> pos) & mask_of(w);
      pos += w;
    }
    f(codes);
  }
}

/// Checks that `after` has the same ports as `before` and, for every input code, every output
/// bit known in `before` is known in `after` with the same value.
inline void check_refines(const ir::Network& before, const ir::Network& after) {
  after.check_invariants();
  REQUIRE(after.inputs.size() == before.inputs.size());
  for (size_t p = 0; p < before.inputs.size(); ++p) {
    CHECK(after.nodes[after.inputs[p]].name == before.nodes[before.inputs[p]].name);
    CHECK(after.nodes[after.inputs[p]].width == before.nodes[before.inputs[p]].width);
  }
  REQUIRE(after.outputs.size() == before.outputs.size());
  for (size_t p = 0; p < before.outputs.size(); ++p) {
    CHECK(after.outputs[p].name == before.outputs[p].name);
    CHECK(after.outputs[p].source.width == before.outputs[p].source.width);
    CHECK(after.outputs[p].format == before.outputs[p].format);
  }
  ir::SoftwareModel ref(before), opt(after);
  uint64_t mismatches = 0, checked_bits = 0;
  std::string first;
  for_all_inputs(before, [&](const std::vector<uint64_t>& codes) {
    ir::ModelResult a = ref.evaluate(codes), b = opt.evaluate(codes);
    for (size_t p = 0; p < a.values.size(); ++p) {
      uint64_t known = a.known[p];
      checked_bits += static_cast<uint64_t>(__builtin_popcountll(known));
      if (((a.values[p] ^ b.values[p]) & known) != 0 || (b.known[p] & known) != known) {
        if (mismatches++ == 0) {
          first = "output " + before.outputs[p].name + " inputs";
          for (auto c : codes) first += " " + std::to_string(c);
        }
      }
    }
  });
  INFO("first mismatch: " << first);
  CHECK(mismatches == 0);
}

/// Per table node: the rows an exhaustive simulation hits with every index bit known
/// (the same known-bit rules as ir::SoftwareModel, written out again here).
inline std::vector<logic::TruthTable> hit_rows(const ir::Network& net) {
  std::vector<logic::TruthTable> hits(net.nodes.size());
  for (size_t i = 0; i < net.nodes.size(); ++i)
    if (net.nodes[i].kind() == ir::NodeKind::table) hits[i] = logic::TruthTable(net.nodes[i].table().index_bits);
  std::vector<uint64_t> value(net.nodes.size()), known(net.nodes.size());
  for_all_inputs(net, [&](const std::vector<uint64_t>& codes) {
    size_t next_input = 0;
    for (size_t i = 0; i < net.nodes.size(); ++i) {
      const ir::Node& n = net.nodes[i];
      if (n.kind() == ir::NodeKind::input) {
        value[i] = codes[next_input++];
        known[i] = mask_of(n.width);
      } else if (n.kind() == ir::NodeKind::constant) {
        value[i] = n.constant_value() & mask_of(n.width);
        known[i] = mask_of(n.width);
      } else {
        uint64_t index = 0;
        bool all_known = true;
        int shift = 0;
        for (const auto& op : n.operands) {
          uint64_t m = mask_of(op.width);
          index |= ((value[op.node] >> op.lo) & m) << shift;
          if (((known[op.node] >> op.lo) & m) != m) all_known = false;
          shift += op.width;
        }
        value[i] = n.table().rows[index] & mask_of(n.width);
        known[i] = 0;
        if (all_known) {
          hits[i].set(index, true);
          for (int j = 0; j < n.width; ++j)
            if (n.table().cares(j, index)) known[i] |= uint64_t{1} << j;
        }
      }
    }
  });
  return hits;
}

}  // namespace lutc::test
