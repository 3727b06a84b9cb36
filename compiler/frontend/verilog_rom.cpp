#include "frontend/verilog_rom.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <numeric>
#include <set>
#include <unordered_set>

#include "util/diagnostic.hpp"
#include "util/log.hpp"
#include "util/topological_order.hpp"

namespace lutc::frontend {
namespace fs = std::filesystem;

namespace detail {
namespace {  // internal linkage: other frontends have their own detail helpers

const std::set<std::string>& register_types() {
  static const std::set<std::string> types = {"$dff",   "$dffe",  "$sdff",  "$sdffe", "$sdffce", "$adff",
                                              "$adffe", "$dffsr", "$dffsre", "$aldff", "$aldffe"};
  return types;
}
bool is_register(const std::string& t) { return register_types().count(t) > 0; }
bool is_rom_read(const std::string& t) { return t == "$memrd" || t == "$memrd_v2"; }
bool is_rom_init(const std::string& t) { return t == "$meminit" || t == "$meminit_v2"; }

/// Largest divisor of `g` that is at most 64 (an IR value holds at most 64 bits).
int chunk_width(int g) {
  for (int c = std::min(g, 64); c > 1; --c)
    if (g % c == 0) return c;
  return 1;
}

uint64_t param(const YosysCell& c, const char* name) {
  auto it = c.params.find(name);
  return it == c.params.end() ? 0 : yosys_binary_value(it->second);
}

const std::vector<uint32_t>& port(const YosysCell& c, const char* name) {
  static const std::vector<uint32_t> none;
  auto it = c.conns.find(name);
  return it == c.conns.end() ? none : it->second;
}

enum class DriverKind { none, input, cell };
struct Driver {
  DriverKind kind = DriverKind::none;
  uint32_t index = 0;  // input: top port index; cell: cell index
  uint32_t bit = 0;    // within the port
};

/// Nets that one table computes: a ROM's data bits, or logic driving an output port.
struct Group {
  bool is_rom = false;
  size_t cell = 0;                // ROM: its read cell
  std::vector<uint32_t> targets;  // LSB first (logic groups of top outputs may hold constants)
  std::string module, path, local;
  SourceLoc loc;
  std::vector<uint32_t> leaves;   // the nets its index reads
  std::vector<size_t> cone;       // logic cells to evaluate, in topological order
  bool direct = false;            // ROM whose address bits are all leaves: no evaluation
  ir::NodeId node = 0;
};

class Builder {
 public:
  Builder(const YosysNetlist& nl, verilog_stats& st) : nl_(nl), st_(st) {}

  ir::Network build() {
    find_drivers();
    make_groups();
    for (size_t g = 0; g < groups_.size(); ++g) trace(g);
    ir::Network net;
    net.name = nl_.top;
    add_inputs(net);
    for (size_t g : group_order()) add_table(net, g);
    add_outputs(net);
    if (net.outputs.empty()) nl_.fail(nl_.top_loc, "module '" + nl_.top + "' has no outputs");
    return net;
  }

 private:
  // -- drivers and cell checks
  void find_drivers() {
    driver_.assign(nl_.num_nets, Driver{});
    control_.assign(nl_.num_nets, 0);
    group_of_.assign(nl_.num_nets, -1);
    offset_.assign(nl_.num_nets, 0);
    auto drive = [&](uint32_t net, Driver d, const SourceLoc& loc) {
      if (net <= kNet1) return;
      if (driver_[net].kind != DriverKind::none) nl_.fail(loc, "'" + nl_.net_name(net) + "' has two drivers");
      driver_[net] = d;
    };
    for (size_t p = 0; p < nl_.ports.size(); ++p)
      if (nl_.ports[p].is_input)
        for (size_t b = 0; b < nl_.ports[p].bits.size(); ++b)
          drive(nl_.ports[p].bits[b], Driver{DriverKind::input, static_cast<uint32_t>(p), static_cast<uint32_t>(b)},
                nl_.ports[p].loc);
    for (size_t c = 0; c < nl_.cells.size(); ++c) {
      const YosysCell& cell = nl_.cells[c];
      const std::string& t = cell.type;
      if (t.rfind("$memwr", 0) == 0)
        nl_.fail(cell.loc, "a memory written at run time is not supported (only ROMs, read-only memories)");
      if (!is_register(t) && !is_rom_read(t) && !is_rom_init(t) && !is_simulated_cell(t))
        nl_.fail(cell.loc, "unsupported construct (Yosys cell " + t + " in module '" + cell.module +
                               "'); lutc reads table networks: ROMs, combinational logic, registers");
      for (const auto& [name, bits] : cell.conns) {
        bool out = cell.is_output.count(name) && cell.is_output.at(name);
        for (size_t b = 0; b < bits.size(); ++b) {
          if (out) drive(bits[b], Driver{DriverKind::cell, static_cast<uint32_t>(c), static_cast<uint32_t>(b)}, cell.loc);
          // Clocks, resets and enables of registers (and of registered ROM reads) are not data.
          bool is_control = (is_register(t) && name != "D" && name != "Q") ||
                            (is_rom_read(t) && name != "ADDR" && name != "DATA");
          if (is_control && bits[b] > kNet1) control_[bits[b]] = 1;
        }
      }
      if (is_register(t) || (is_rom_read(t) && param(cell, "CLK_ENABLE"))) {
        ++st_.register_cells;
        st_.register_bits += port(cell, is_register(t) ? "Q" : "DATA").size();
      }
      if (is_rom_init(t)) inits_[YosysNetlist::memory_key(cell.path, cell.params.at("MEMID"))].push_back(c);
    }
  }

  /// `net` with registers read as wires: the net their data input comes from.
  uint32_t resolve(uint32_t net) const {
    for (size_t hops = 0; hops <= nl_.cells.size(); ++hops) {
      if (net <= kNet1) return net;
      const Driver& d = driver_[net];
      if (d.kind != DriverKind::cell || !is_register(nl_.cells[d.index].type)) return net;
      net = port(nl_.cells[d.index], "D")[d.bit];
    }
    nl_.fail(nl_.cells[driver_[net].index].loc, "'" + nl_.net_name(net) + "' is a register loop (registers are read as wires)");
  }

  bool is_logic(uint32_t net) const {
    return net > kNet1 && driver_[net].kind == DriverKind::cell && is_simulated_cell(nl_.cells[driver_[net].index].type);
  }

  // -- groups
  void make_groups() {
    for (size_t c = 0; c < nl_.cells.size(); ++c) {
      const YosysCell& cell = nl_.cells[c];
      if (!is_rom_read(cell.type)) continue;
      Group g;
      g.is_rom = true;
      g.cell = c;
      g.targets = port(cell, "DATA");
      g.module = cell.module;
      g.path = cell.path;
      g.local = "rom";
      for (const auto& p : nl_.instance_ports)
        if (p.path == cell.path && p.bits == g.targets) g.local = p.port;
      if (cell.path.empty())
        for (const auto& p : nl_.ports)
          if (!p.is_input && p.bits == g.targets) g.local = p.name;
      auto mem = nl_.memories.find(YosysNetlist::memory_key(cell.path, cell.params.at("MEMID")));
      g.loc = mem != nl_.memories.end() && !mem->second.loc.file.empty() ? mem->second.loc : cell.loc;
      add_group(std::move(g));
    }
    // Logic behind module outputs: innermost instance first, then the top's outputs.
    for (const auto& p : nl_.instance_ports) logic_group(p.bits, p.module, p.path, p.port, p.loc, false);
    for (const auto& p : nl_.ports)
      if (!p.is_input) logic_group(p.bits, nl_.top, "", p.name, p.loc, true);
  }

  void logic_group(const std::vector<uint32_t>& bits, const std::string& module, const std::string& path,
                   const std::string& port_name, const SourceLoc& loc, bool with_constants) {
    Group g;
    for (uint32_t b : bits) {
      uint32_t r = resolve(b);
      bool take = is_logic(r) ? group_of_[r] < 0 : (with_constants && r <= kNet1);
      if (take && (r <= kNet1 || std::find(g.targets.begin(), g.targets.end(), r) == g.targets.end())) g.targets.push_back(r);
    }
    if (g.targets.empty()) return;
    g.module = module;
    g.path = path;
    g.local = port_name;
    g.loc = loc;
    add_group(std::move(g));
  }

  void add_group(Group g) {
    if (g.targets.size() > 64) nl_.fail(g.loc, "a table output wider than 64 bits is not supported ('" + g.local + "')");
    for (size_t i = 0; i < g.targets.size(); ++i)
      if (g.targets[i] > kNet1) {
        group_of_[g.targets[i]] = static_cast<int>(groups_.size());
        offset_[g.targets[i]] = static_cast<uint32_t>(i);
      }
    groups_.push_back(std::move(g));
  }

  /// The leaves (inputs, ROM data, other tables' nets) and logic cells behind group `gi`.
  void trace(size_t gi) {
    Group& g = groups_[gi];
    const std::vector<uint32_t>& starts = g.is_rom ? port(nl_.cells[g.cell], "ADDR") : g.targets;
    std::vector<uint8_t> state(nl_.cells.size(), 0);  // 1: on the path, 2: done
    std::unordered_set<uint32_t> seen;
    std::vector<std::pair<size_t, size_t>> stack;      // cell, next input to visit
    auto inputs_of = [&](size_t c) {
      std::vector<uint32_t> in;
      for (const auto& [name, bits] : nl_.cells[c].conns)
        if (!nl_.cells[c].is_output.count(name) || !nl_.cells[c].is_output.at(name)) in.insert(in.end(), bits.begin(), bits.end());
      return in;
    };
    std::map<size_t, std::vector<uint32_t>> inputs;
    auto enter = [&](uint32_t net, const SourceLoc& reader) {
      uint32_t r = resolve(net);
      if (r <= kNet1) return;
      const Driver& d = driver_[r];
      if (d.kind == DriverKind::none)
        nl_.fail(reader, "'" + g.local + "' reads '" + nl_.net_name(r) + "', which nothing drives");
      bool leaf = d.kind == DriverKind::input || is_rom_read(nl_.cells[d.index].type) ||
                  (group_of_[r] >= 0 && group_of_[r] != static_cast<int>(gi));
      if (leaf) {
        if (seen.insert(r).second) g.leaves.push_back(r);
        return;
      }
      if (state[d.index] == 2) return;
      if (state[d.index] == 1)
        nl_.fail(nl_.cells[d.index].loc, "combinational cycle through " + (nl_.names.count(r) ? "'" + nl_.net_name(r) + "'"
                                                                                              : "a " + nl_.cells[d.index].type + " cell") +
                                             " (registers are read as wires, so a feedback register also forms a cycle)");
      state[d.index] = 1;
      inputs[d.index] = inputs_of(d.index);
      stack.push_back({d.index, 0});
    };
    for (uint32_t s : starts) {
      enter(s, g.loc);
      while (!stack.empty()) {
        auto& [c, next] = stack.back();
        const auto& in = inputs[c];
        if (next < in.size()) {
          uint32_t n = in[next++];
          enter(n, nl_.cells[c].loc);
          continue;
        }
        state[c] = 2;
        g.cone.push_back(c);
        stack.pop_back();
      }
    }
    const auto& addr = g.is_rom ? port(nl_.cells[g.cell], "ADDR") : g.targets;
    g.direct = g.is_rom && g.cone.empty() &&
               std::none_of(addr.begin(), addr.end(), [&](uint32_t a) { return resolve(a) <= kNet1; });
    if (g.direct) {
      g.leaves.clear();
      for (uint32_t a : addr) g.leaves.push_back(resolve(a));  // in address order, repeats kept
    } else {
      std::sort(g.leaves.begin(), g.leaves.end(), [&](uint32_t a, uint32_t b) { return leaf_key(a) < leaf_key(b); });
    }
  }

  /// Orders leaves so that bits of one port or table are adjacent, LSB first.
  std::pair<int64_t, uint32_t> leaf_key(uint32_t net) const {
    const Driver& d = driver_[net];
    if (d.kind == DriverKind::input) return {-1 - static_cast<int64_t>(nl_.ports.size()) + d.index, d.bit};
    return {group_of_[net], offset_[net]};
  }

  /// Groups in data-flow order (ties by creation order); a cycle is an error.
  std::vector<size_t> group_order() const {
    std::vector<std::vector<size_t>> reads(groups_.size());
    for (size_t g = 0; g < groups_.size(); ++g)
      for (uint32_t leaf : groups_[g].leaves)
        if (group_of_[leaf] >= 0) reads[g].push_back(static_cast<size_t>(group_of_[leaf]));
    std::vector<size_t> order = util::stable_topological_order(reads);
    std::vector<size_t> cycle = util::find_cycle(reads, order);
    if (!cycle.empty())
      nl_.fail(groups_[cycle[0]].loc, "combinational cycle through '" + table_name(cycle[0]) +
                                          "' (registers are read as wires, so a feedback register also forms a cycle)");
    return order;
  }

  // -- the network
  void add_inputs(ir::Network& net) {
    // Cut every input port at the boundaries of the runs of consecutive port bits something
    // reads, then into equal pieces of the gcd of those boundaries (adjacent features read
    // together by one neuron still become separate ports), at most 64 bits each.
    std::vector<std::vector<int>> boundaries(nl_.ports.size());
    std::vector<std::vector<uint32_t>> reads;
    for (const auto& g : groups_) reads.push_back(g.leaves);
    for (const auto& p : nl_.ports)
      if (!p.is_input) {
        reads.emplace_back();
        for (uint32_t b : p.bits) reads.back().push_back(resolve(b));
      }
    std::vector<std::vector<char>> data_read(nl_.ports.size());
    for (size_t p = 0; p < nl_.ports.size(); ++p) data_read[p].assign(nl_.ports[p].bits.size(), 0);
    for (const auto& read : reads) {
      int run_port = -1, run_start = 0, run_last = 0;
      auto close = [&] {
        if (run_port < 0) return;
        boundaries[static_cast<size_t>(run_port)].push_back(run_start);
        boundaries[static_cast<size_t>(run_port)].push_back(run_last + 1);
        run_port = -1;
      };
      for (uint32_t bit : read) {
        const Driver& d = bit > kNet1 ? driver_[bit] : Driver{};
        if (d.kind != DriverKind::input) {
          close();
          continue;
        }
        const int p = static_cast<int>(d.index), b = static_cast<int>(d.bit);
        data_read[d.index][d.bit] = 1;
        if (p == run_port && b == run_last + 1) {
          run_last = b;
          continue;
        }
        close();
        run_port = p;
        run_start = run_last = b;
      }
      close();
    }
    chunk_.assign(nl_.ports.size(), 0);
    input_nodes_.assign(nl_.ports.size(), {});
    for (size_t p = 0; p < nl_.ports.size(); ++p) {
      const YosysPort& port = nl_.ports[p];
      if (!port.is_input) continue;
      const int width = static_cast<int>(port.bits.size());
      bool any_control = false, any_data = false;
      for (size_t b = 0; b < port.bits.size(); ++b) {
        any_control |= port.bits[b] > kNet1 && control_[port.bits[b]];
        any_data |= data_read[p][b] != 0;
      }
      if (any_control && any_data)
        nl_.fail(port.loc, "input '" + port.name + "' is used both as a register clock/reset/enable and as data");
      if (any_control) {
        st_.dropped_inputs.push_back(port.name);
        continue;
      }
      int g = width;
      for (int b : boundaries[p]) g = std::gcd(g, b);
      chunk_[p] = chunk_width(g);
      const int count = width / chunk_[p];
      for (int k = 0; k < count; ++k) {
        std::string name = count == 1 ? port.name : port.name + "_" + std::to_string(k);
        if (net.find(name) >= 0) nl_.fail(port.loc, "input port name '" + name + "' is used twice");
        input_nodes_[p].push_back(net.add_input(name, chunk_[p]));
        net.nodes.back().source_line = port.loc.line;
      }
    }
  }

  /// Operands reading `nets` (leaves or table outputs), consecutive bits merged.
  std::vector<ir::Operand> operands_of(const std::vector<uint32_t>& nets) const {
    std::vector<ir::Operand> ops;
    for (uint32_t n : nets) {
      const Driver& d = driver_[n];
      ir::NodeId node;
      int bit;
      if (d.kind == DriverKind::input) {
        node = input_nodes_[d.index][static_cast<size_t>(static_cast<int>(d.bit) / chunk_[d.index])];
        bit = static_cast<int>(d.bit) % chunk_[d.index];
      } else {
        node = groups_[static_cast<size_t>(group_of_[n])].node;
        bit = static_cast<int>(offset_[n]);
      }
      if (!ops.empty() && ops.back().node == node && ops.back().lo + ops.back().width == bit) {
        ++ops.back().width;
      } else {
        ops.push_back(ir::Operand{node, bit, 1});
      }
    }
    return ops;
  }

  std::string table_name(size_t gi) const {
    const Group& g = groups_[gi];
    size_t same = 0;
    for (const auto& o : groups_) same += o.module == g.module;
    return same == 1 ? g.module : g.path.empty() ? g.local : g.path + "." + g.local;
  }

  /// A ROM's words over its whole address space (unwritten words and words outside it read 0).
  std::vector<uint64_t> rom_words(const Group& g) const {
    const YosysCell& rd = nl_.cells[g.cell];
    const int abits = static_cast<int>(port(rd, "ADDR").size());
    if (abits > kMaxRomIndexBits)
      nl_.fail(g.loc, "ROM address of '" + g.local + "' is " + std::to_string(abits) + " bits; at most " +
                          std::to_string(kMaxRomIndexBits) + " are supported");
    const std::string key = YosysNetlist::memory_key(rd.path, rd.params.at("MEMID"));
    auto mem = nl_.memories.find(key);
    const int64_t start = mem == nl_.memories.end() ? 0 : mem->second.start_offset;
    std::vector<uint64_t> rows(uint64_t{1} << abits, 0);
    auto it = inits_.find(key);
    if (it == inits_.end()) return rows;
    std::vector<size_t> inits = it->second;
    std::stable_sort(inits.begin(), inits.end(), [&](size_t a, size_t b) {
      return param(nl_.cells[a], "PRIORITY") < param(nl_.cells[b], "PRIORITY");  // later inits win
    });
    const size_t width = g.targets.size();
    for (size_t c : inits) {
      const YosysCell& init = nl_.cells[c];
      auto constant = [&](uint32_t n) {
        if (n > kNet1) nl_.fail(init.loc, "a ROM initialized from a signal is not supported");
        return static_cast<uint64_t>(n);
      };
      uint64_t addr = 0;
      const auto& a = port(init, "ADDR");
      for (size_t i = 0; i < a.size() && i < 64; ++i) addr |= constant(a[i]) << i;
      const auto& data = port(init, "DATA");
      const auto& en = port(init, "EN");
      for (size_t w = 0; w * width < data.size(); ++w) {
        int64_t row = static_cast<int64_t>(addr + w) + start;
        if (row < 0 || row >= static_cast<int64_t>(rows.size())) continue;
        for (size_t b = 0; b < width; ++b) {
          if (!en.empty() && !constant(en[b % en.size()])) continue;
          uint64_t mask = uint64_t{1} << b;
          rows[static_cast<size_t>(row)] = (rows[static_cast<size_t>(row)] & ~mask) | (constant(data[w * width + b]) << b);
        }
      }
    }
    return rows;
  }

  void add_table(ir::Network& net, size_t gi) {
    Group& g = groups_[gi];
    std::string name = table_name(gi);
    for (int k = 2; net.find(name) >= 0; ++k) name = table_name(gi) + "_" + std::to_string(k);
    const int width = static_cast<int>(g.targets.size());
    if (g.is_rom) ++st_.roms;
    else ++st_.logic_tables;
    if (g.direct) {
      g.node = net.add_table(name, operands_of(g.leaves), width, rom_words(g));
    } else {
      const int k = static_cast<int>(g.leaves.size());
      if (k > kMaxLogicInputBits)
        nl_.fail(g.loc, "the logic computing '" + g.local + "' depends on " + std::to_string(k) + " input bits; at most " +
                            std::to_string(kMaxLogicInputBits) + " are supported (it is evaluated on every combination)");
      g.node = net.add_table(name, operands_of(g.leaves), width, evaluate(g));
      if (k == 0) {  // all constant
        ir::Node& n = net.nodes.back();
        n.op = ir::ConstantOp{n.table().rows[0]};
        n.operands.clear();
      }
    }
    net.nodes.back().source_line = g.loc.line;
  }

  /// The group's output code for every combination of its leaves.
  std::vector<uint64_t> evaluate(const Group& g) const {
    std::vector<SimCell> sims;
    for (size_t c : g.cone) {
      const YosysCell& cell = nl_.cells[c];
      auto conns = cell.conns;
      for (auto& [name, bits] : conns)
        if (!cell.is_output.count(name) || !cell.is_output.at(name))
          for (auto& b : bits) b = resolve(b);
      try {
        sims.push_back(compile_cell(cell.type, cell.params, conns));
      } catch (const std::invalid_argument& e) {
        nl_.fail(cell.loc, e.what());
      }
    }
    std::vector<uint64_t> words = g.is_rom ? rom_words(g) : std::vector<uint64_t>{};
    std::vector<uint32_t> addr;
    if (g.is_rom)
      for (uint32_t a : port(nl_.cells[g.cell], "ADDR")) addr.push_back(resolve(a));
    std::vector<uint8_t> values(nl_.num_nets, 0);
    values[kNet1] = 1;
    const size_t k = g.leaves.size();
    std::vector<uint64_t> rows(uint64_t{1} << k, 0);
    for (uint64_t row = 0; row < rows.size(); ++row) {
      for (size_t j = 0; j < k; ++j) values[g.leaves[j]] = static_cast<uint8_t>((row >> j) & 1);
      for (const auto& s : sims) simulate(s, values);
      uint64_t out = 0;
      if (g.is_rom) {
        for (size_t i = 0; i < addr.size(); ++i) out |= static_cast<uint64_t>(values[addr[i]]) << i;
        out = words[out];
      } else {
        for (size_t i = 0; i < g.targets.size(); ++i) out |= static_cast<uint64_t>(values[g.targets[i]]) << i;
      }
      rows[row] = out;
    }
    return rows;
  }

  void add_outputs(ir::Network& net) {
    // One output per run of consecutive bits of one node.
    for (const auto& p : nl_.ports) {
      if (p.is_input) continue;
      std::vector<uint32_t> nets;
      for (uint32_t b : p.bits) {
        uint32_t r = resolve(b);
        if (r > kNet1 && driver_[r].kind == DriverKind::none)
          nl_.fail(p.loc, "output '" + p.name + "' reads '" + nl_.net_name(r) + "', which nothing drives");
        if (r <= kNet1) nl_.fail(p.loc, "internal error: constant output bit outside a table");
        nets.push_back(r);
      }
      auto ops = operands_of(nets);
      for (size_t k = 0; k < ops.size(); ++k) {
        std::string name = ops.size() == 1 ? p.name : p.name + "_" + std::to_string(k);
        bool taken = std::any_of(net.outputs.begin(), net.outputs.end(), [&](const ir::OutputPort& o) { return o.name == name; });
        int same = net.find(name);
        if (taken || (same >= 0 && net.nodes[static_cast<size_t>(same)].kind() == ir::NodeKind::input))
          nl_.fail(p.loc, "output port name '" + name + "' is already a port name");
        net.outputs.push_back(ir::OutputPort{name, ops[k], std::nullopt});
      }
    }
  }

  const YosysNetlist& nl_;
  verilog_stats& st_;
  std::vector<Driver> driver_;
  std::vector<char> control_;
  std::vector<int> group_of_;
  std::vector<uint32_t> offset_;
  std::vector<Group> groups_;
  std::map<std::string, std::vector<size_t>> inits_;  // memory key -> its init cells
  std::vector<int> chunk_;
  std::vector<std::vector<ir::NodeId>> input_nodes_;
};

ir::Network read(const std::vector<VerilogSource>& sources, bool on_disk, const std::string& top_file,
                 const std::string& origin, const verilog_params& ps, verilog_stats* stats_out) {
  YosysNetlist nl = read_yosys_netlist(sources, on_disk, top_file, origin, ps);
  verilog_stats st;
  st.top = nl.top;
  st.files = nl.files;
  st.modules = nl.modules;
  st.yosys_seconds = nl.yosys_seconds;
  ir::Network net = Builder(nl, st).build();
  net.source_file = nl.top_loc.file.empty() ? origin : nl.top_loc.file;

  auto count = [](size_t n, const char* what) { return std::to_string(n) + " " + what + (n == 1 ? "" : "s"); };
  log::info("verilog: top '" + st.top + "' (" + count(st.modules, "module") + " in " + count(st.files, "file") +
            ", yosys " + std::to_string(static_cast<int>(st.yosys_seconds * 1000)) + " ms): " + count(st.roms, "ROM") + ", " +
            count(st.logic_tables, "logic table") + ", " + count(net.inputs.size(), "input port") + ", " +
            count(net.outputs.size(), "output port"));
  if (st.register_cells > 0) {
    std::string dropped;
    for (const auto& d : st.dropped_inputs) dropped += (dropped.empty() ? "" : ", ") + d;
    log::info("verilog: read " + count(st.register_cells, "register") + " (" + std::to_string(st.register_bits) +
              " bits) as wires" + (dropped.empty() ? "" : " and dropped clock/reset inputs " + dropped) +
              "; use --pipeline N to register the compiled design");
  }
  if (stats_out) *stats_out = std::move(st);
  return net;
}

}  // namespace
}  // namespace detail

ir::Network read_verilog_sources(const std::vector<VerilogSource>& sources, const verilog_params& ps, verilog_stats* stats) {
  return detail::read(sources, false, "", sources.empty() ? "<sources>" : sources[0].path, ps, stats);
}

ir::Network read_verilog(const std::string& path, const verilog_params& ps, verilog_stats* stats) {
  std::error_code ec;
  fs::path given(path);
  if (!fs::exists(given, ec)) throw Diagnostic(path, 0, 0, "no such file or directory");
  const bool is_dir = fs::is_directory(given, ec);
  fs::path dir = is_dir ? given : given.parent_path();
  const bool here = dir.empty();  // name files as given: "t.v", not "./t.v"
  if (here) dir = ".";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".v") files.push_back(here ? entry.path().filename() : entry.path());
  if (ec) throw Diagnostic(dir.string(), 0, 0, "cannot list the directory: " + ec.message());
  std::sort(files.begin(), files.end());
  if (files.empty()) throw Diagnostic(path, 0, 0, "no .v files in the directory");
  std::vector<VerilogSource> sources;
  std::string top_file;
  for (const auto& f : files) {
    if (!is_dir && f.filename() == given.filename()) top_file = f.string();
    sources.push_back(VerilogSource{f.string(), ""});
  }
  if (!is_dir && top_file.empty()) throw Diagnostic(path, 0, 0, "not a .v file");
  ir::Network net = detail::read(sources, true, top_file, path, ps, stats);
  net.source_file = path;
  return net;
}

}  // namespace lutc::frontend
