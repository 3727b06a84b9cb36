#include "lower/lower.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "backend/netlist_builder.hpp"
#include "backend/pipeline.hpp"
#include "backend/verilog_names.hpp"
#include "lower/joint_tables.hpp"
#include "lower/lower_arith.hpp"
#include "logic/lut_opt.hpp"
#include "logic/minimize_cache.hpp"
#include "util/progress.hpp"

namespace lutc::lower {

using logic::Signal;

namespace detail {

using logic::LutNetwork;

/// For every node, which of its value bits are read by another node or an output.
std::vector<uint64_t> used_bits(const ir::Network& net) {
  std::vector<uint64_t> used(net.nodes.size(), 0);
  auto mark = [&](const ir::Operand& op) {
    for (int b = 0; b < op.width; ++b) used[op.node] |= uint64_t{1} << (op.lo + b);
  };
  for (const auto& n : net.nodes)
    for (const auto& op : n.operands) mark(op);
  for (const auto& o : net.outputs) mark(o.source);
  return used;
}

}  // namespace detail

logic::MultiFunction table_function(const ir::Table& table, const std::vector<int>& used) {
  logic::MultiFunction f;
  f.num_vars = table.index_bits;
  for (int b : used) {
    f.on.push_back(table.bit_function(b));
    f.care.push_back(table.bit_care(b));
  }
  return f;
}

namespace detail {

/// Minimizes `f`, the function of `table` on some output bits, as lowering does: a data-sample
/// care set asks the engines to generalize; the cache is used when ps.use_cache.
/// With `planned` (lower_to_netlist under ps.plan), a table not in the cache becomes a job and
/// an empty network is returned.
logic::LutNetwork minimize_table(const logic::MultiFunction& f, const ir::Table& table, const lower_params& ps,
                                 logic::minimize_stats* ms = nullptr, bool* hit = nullptr, bool* planned = nullptr) {
  logic::minimize_params mp = ps.minimize;
  mp.care_is_sample = table.care_source == ir::CareSource::data_sample;
  if (planned && ps.plan) {
    if (hit) *hit = false;
    if (auto net = logic::lookup_cached(f, mp, ms, ps.cache_dir)) {
      if (hit) *hit = true;
      return std::move(*net);
    }
    ps.plan->add(f, mp);
    *planned = true;
    return logic::LutNetwork(static_cast<uint32_t>(f.num_vars));
  }
  return ps.use_cache ? logic::minimize_cached(f, mp, ms, hit, ps.cache_dir) : logic::minimize(f, mp, ms);
}

/// Sibling tables minimized together: per node its cluster (or -1) and the offset of its used
/// bits among the cluster's outputs; per cluster its network.
struct JointPlan {
  std::vector<int> cluster_of;
  std::vector<size_t> offset;
  std::vector<logic::LutNetwork> nets;
  size_t tables = 0, luts_saved = 0;
};

JointPlan plan_joint(const ir::Network& net, const std::vector<size_t>& tables, const std::vector<size_t>& same_as,
                     const std::vector<size_t>& copies, const std::vector<std::vector<int>>& used_list,
                     const std::vector<logic::LutNetwork>& minimized, const lower_params& ps, const lower_params& table_ps) {
  JointPlan plan;
  plan.cluster_of.assign(net.nodes.size(), -1);
  plan.offset.assign(net.nodes.size(), 0);
  // Groups of tables reading the same operands; tables standing for copies keep their network.
  std::map<std::vector<std::tuple<ir::NodeId, int, int>>, std::vector<size_t>> groups;
  for (size_t t = 0; t < tables.size(); ++t) {
    const ir::Node& node = net.nodes[tables[t]];
    const ir::Table& table = node.table();
    if (same_as[t] != t || copies[t] != 1 || table.care_source == ir::CareSource::data_sample) continue;
    if (table.index_bits <= ps.minimize.lut_size || table.index_bits > ps.joint_max_index_bits) continue;
    std::vector<std::tuple<ir::NodeId, int, int>> key;
    for (const auto& op : node.operands) key.emplace_back(op.node, op.lo, op.width);
    groups[key].push_back(tables[t]);
  }
  lower_params cost_ps = table_ps;  // clusters are chosen by the builtin engine's LUTs (fast)
  cost_ps.minimize.engine = logic::Engine::builtin;
  for (const auto& [key, nodes] : groups) {
    if (nodes.size() < 2) continue;
    const ir::Table& first = net.nodes[nodes[0]].table();
    std::vector<logic::MultiFunction> fs;
    for (size_t i : nodes) fs.push_back(table_function(net.nodes[i].table(), used_list[i]));
    auto measure = [&](const logic::LutNetwork& n) { return logic::network_cost_of(ps.minimize, n); };
    auto cost = [&](const logic::MultiFunction& f) { return measure(minimize_table(f, first, cost_ps)); };
    for (const auto& cluster : cluster_jointly(fs, cost)) {
      if (cluster.size() < 2) continue;
      std::vector<const logic::MultiFunction*> parts;
      size_t alone = 0;
      for (size_t c : cluster) {
        parts.push_back(&fs[c]);
        alone += measure(minimized[nodes[c]]);
      }
      logic::LutNetwork together = minimize_table(concat_outputs(parts), first, table_ps);
      const size_t joint_cost = measure(together);
      if (joint_cost >= alone) continue;
      size_t offset = 0;
      for (size_t c : cluster) {
        plan.cluster_of[nodes[c]] = static_cast<int>(plan.nets.size());
        plan.offset[nodes[c]] = offset;
        offset += fs[c].on.size();
      }
      plan.tables += cluster.size();
      plan.luts_saved += alone - joint_cost;
      plan.nets.push_back(std::move(together));
    }
  }
  return plan;
}

}  // namespace detail

size_t minimized_luts(const ir::Table& table, const lower_params& ps) {
  std::vector<int> all(static_cast<size_t>(table.out_width));
  for (int b = 0; b < table.out_width; ++b) all[static_cast<size_t>(b)] = b;
  return detail::minimize_table(table_function(table, all), table, ps).num_luts();
}

backend::Netlist lower_to_netlist(const ir::Network& net, const lower_params& ps, lower_stats* st) {
  auto t0 = std::chrono::steady_clock::now();
  backend::Netlist nl;
  std::vector<std::string> taken;
  nl.top = backend::verilog_identifier(net.name, taken, "top module");
  for (ir::NodeId i : net.inputs)
    nl.inputs.push_back({backend::verilog_identifier(net.nodes[i].name, taken, "input"), net.nodes[i].width});
  for (const auto& o : net.outputs) nl.outputs.push_back({backend::verilog_identifier(o.name, taken, "output"), o.source.width});
  // Adder cells' outputs are LUT-network primary inputs after the port bits.
  nl.luts = logic::LutNetwork(static_cast<uint32_t>(net.total_input_bits()) + detail::adder_cell_bits(net));

  // 1. Minimize every table on its used output bits, in parallel.
  auto used = detail::used_bits(net);
  std::vector<size_t> tables;
  std::vector<std::vector<int>> used_list(net.nodes.size());
  for (size_t i = 0; i < net.nodes.size(); ++i) {
    if (net.nodes[i].kind() != ir::NodeKind::table) continue;
    for (int b = 0; b < net.nodes[i].width; ++b)
      if ((used[i] >> b) & 1) used_list[i].push_back(b);
    if (!used_list[i].empty()) tables.push_back(i);
  }
  // Tables of one content (a conv layer's at every position, one neuron repeated) are minimized
  // once: the others reuse the first one's network.
  std::vector<size_t> same_as(tables.size());
  std::vector<size_t> distinct;
  {
    std::map<std::vector<uint64_t>, size_t> first;
    for (size_t t = 0; t < tables.size(); ++t) {
      const ir::Table& table = net.nodes[tables[t]].table();
      const auto f = table_function(table, used_list[tables[t]]);
      std::vector<uint64_t> key{static_cast<uint64_t>(table.index_bits), static_cast<uint64_t>(table.care_source), f.on.size()};
      for (const auto& tt : f.on) key.insert(key.end(), tt.words.begin(), tt.words.end());
      for (const auto& tt : f.care) key.insert(key.end(), tt.words.begin(), tt.words.end());
      auto [it, inserted] = first.emplace(std::move(key), t);
      same_as[t] = it->second;
      if (inserted) distinct.push_back(t);
    }
  }
  std::vector<logic::LutNetwork> minimized(net.nodes.size());
  std::vector<table_result> results(tables.size());
  std::atomic<size_t> next{0}, planned{0};
  std::mutex error_mutex;
  std::exception_ptr error;
  util::Progress progress(tables.size(), {"minimized", "tables"});
  std::vector<size_t> copies(tables.size(), 0);  // per distinct table: the tables it stands for
  for (size_t t = 0; t < tables.size(); ++t) ++copies[same_as[t]];
  // Threads left over when there are fewer tables than jobs go inside the tables (the builtin
  // engine's trials), which gives the same networks.
  lower_params table_ps = ps;
  if (!distinct.empty()) table_ps.minimize.threads = std::max(1, ps.jobs / static_cast<int>(distinct.size()));
  auto worker = [&] {
    while (true) {
      size_t d = next.fetch_add(1);
      if (d >= distinct.size()) return;
      size_t t = distinct[d];
      size_t i = tables[t];
      try {
        const ir::Node& node = net.nodes[i];
        auto f = table_function(node.table(), used_list[i]);
        logic::minimize_stats ms;
        bool hit = false, is_planned = false;
        auto start = std::chrono::steady_clock::now();
        minimized[i] = detail::minimize_table(f, node.table(), table_ps, &ms, &hit, &is_planned);
        if (is_planned) ++planned;
        table_result& r = results[t];
        r.name = node.name;
        r.index_bits = node.table().index_bits;
        r.out_bits_used = static_cast<int>(used_list[i].size());
        uint64_t care = 0;
        for (const auto& c : f.care) care += logic::count_ones(c);
        r.care_fraction = static_cast<double>(care) / (static_cast<double>(node.table().num_rows()) * static_cast<double>(f.care.size()));
        r.luts = minimized[i].num_luts();
        r.depth = minimized[i].depth();
        r.cache_hit = hit;
        r.engine = ms.engine_used;
        r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
        next = distinct.size();
        return;
      }
      for (size_t c = 0; c < copies[t]; ++c) progress.advance();
    }
  };
  int jobs = std::max(1, std::min<int>(ps.jobs, static_cast<int>(distinct.size())));
  std::vector<std::thread> pool;
  for (int j = 1; j < jobs; ++j) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();
  if (error) std::rethrow_exception(error);
  if (planned > 0) {  // a plan: the tables are minimized elsewhere, there is nothing to stitch
    if (st) {
      st->tables = tables.size();
      st->planned = planned;
      st->cache_hits = static_cast<size_t>(std::count_if(results.begin(), results.end(), [](const table_result& r) { return r.cache_hit; }));
      st->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
    return nl;
  }
  for (size_t t = 0; t < tables.size(); ++t) {
    if (same_as[t] == t) continue;
    minimized[tables[t]] = minimized[tables[same_as[t]]];
    results[t] = results[same_as[t]];
    results[t].name = net.nodes[tables[t]].name;
    results[t].reused = true;
    results[t].seconds = 0;
  }

  // 1b. Sibling tables minimized together where that needs fewer LUTs.
  auto t_joint = std::chrono::steady_clock::now();
  detail::JointPlan joint;
  if (ps.joint_max_index_bits > ps.minimize.lut_size)
    joint = detail::plan_joint(net, tables, same_as, copies, used_list, minimized, ps, table_ps);
  else
    joint.cluster_of.assign(net.nodes.size(), -1);
  double joint_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_joint).count();
  {
    std::vector<std::string> names(joint.nets.size());
    std::vector<size_t> first(joint.nets.size(), SIZE_MAX);
    for (size_t t = 0; t < tables.size(); ++t) {
      int c = joint.cluster_of[tables[t]];
      if (c < 0) continue;
      names[static_cast<size_t>(c)] += (names[static_cast<size_t>(c)].empty() ? "" : ",") + net.nodes[tables[t]].name;
      if (first[static_cast<size_t>(c)] == SIZE_MAX) first[static_cast<size_t>(c)] = t;
    }
    for (size_t t = 0; t < tables.size(); ++t) {
      int c = joint.cluster_of[tables[t]];
      if (c < 0) continue;
      results[t].joint_with = names[static_cast<size_t>(c)];
      results[t].luts = first[static_cast<size_t>(c)] == t ? joint.nets[static_cast<size_t>(c)].num_luts() : 0;
    }
  }

  // 2. Stitch in node order (topological), so every LUT's fanins already exist.
  std::vector<std::vector<Signal>> joint_outs(joint.nets.size());
  backend::NetlistBuilder stitch(nl);
  std::vector<std::vector<Signal>> bits(net.nodes.size());
  uint32_t next_pi = 0, next_cell_pi = static_cast<uint32_t>(net.total_input_bits());
  for (size_t i = 0; i < net.nodes.size(); ++i) {
    const ir::Node& node = net.nodes[i];
    auto& b = bits[i];
    b.assign(static_cast<size_t>(node.width), logic::LutNetwork::const0);
    switch (node.kind()) {
      case ir::NodeKind::input:
        for (int k = 0; k < node.width; ++k) b[k] = nl.luts.pi(next_pi++);
        break;
      case ir::NodeKind::constant:
        for (int k = 0; k < node.width; ++k) b[k] = ((node.constant_value() >> k) & 1) ? logic::LutNetwork::const1 : logic::LutNetwork::const0;
        break;
      case ir::NodeKind::table: {
        if (used_list[i].empty()) break;
        std::vector<Signal> index;
        for (const auto& op : node.operands)
          for (int k = 0; k < op.width; ++k) index.push_back(bits[op.node][op.lo + k]);
        int c = joint.cluster_of[i];
        if (c >= 0) {  // siblings read the same operands: the first one stitches the cluster
          auto& outs = joint_outs[static_cast<size_t>(c)];
          if (outs.empty()) outs = stitch.append(joint.nets[static_cast<size_t>(c)], index, node.layer);
          for (size_t u = 0; u < used_list[i].size(); ++u) b[used_list[i][u]] = outs[joint.offset[i] + u];
          nl.num_layers = std::max(nl.num_layers, node.layer);
          break;
        }
        auto outs = stitch.append(minimized[i], index, node.layer);
        for (size_t u = 0; u < used_list[i].size(); ++u) b[used_list[i][u]] = outs[u];
        nl.num_layers = std::max(nl.num_layers, node.layer);
        break;
      }
      default:  // arithmetic
        b = detail::lower_arithmetic(net, node, bits, nl, next_cell_pi,
                                     [&](const std::vector<Signal>& fanins, uint64_t init) { return stitch.add(fanins, init, node.layer); });
        nl.num_layers = std::max(nl.num_layers, node.layer);
        break;
    }
  }
  for (const auto& o : net.outputs)
    for (int k = 0; k < o.source.width; ++k) nl.luts.add_po(bits[o.source.node][o.source.lo + k]);
  // Cells wire out their carry-free low bits, so fewer cell outputs than adder_cell_bits may be used.
  backend::remove_unused_luts(nl, next_cell_pi);

  if (st) {
    st->tables = tables.size();
    st->tables_reused = tables.size() - distinct.size();
    st->joint_clusters = joint.nets.size();
    st->joint_tables = joint.tables;
    st->joint_luts_saved = joint.luts_saved;
    st->joint_seconds = joint_seconds;
    st->luts = nl.luts.num_luts();
    st->luts_shared = stitch.shared();
    st->cache_hits = static_cast<size_t>(std::count_if(results.begin(), results.end(), [](const table_result& r) { return r.cache_hit; }));
    st->depth = backend::critical_path(nl).depth;
    st->per_table = std::move(results);
    st->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  return nl;
}

}  // namespace lutc::lower
