#include "flow/compile.hpp"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "backend/compiled_design.hpp"
#include "backend/muxf_regions.hpp"
#include "backend/muxf_remap.hpp"
#include "backend/netlist_json.hpp"
#include "backend/pipeline.hpp"
#include "backend/regroup_sums.hpp"
#include "backend/split_sums.hpp"
#include "backend/verilog_writer.hpp"
#include "flow/report.hpp"
#include "frontend/dataset.hpp"
#include "frontend/alir_json.hpp"
#include "frontend/read_model.hpp"
#include "util/gzip.hpp"
#include "frontend/yaml_model.hpp"
#include "netopt/netopt_cache.hpp"
#include "netopt/optimize_netlist.hpp"
#include "passes/data_dont_cares.hpp"
#include "passes/pass_manager.hpp"
#include "util/diagnostic.hpp"
#include "util/fs.hpp"
#include "util/log.hpp"

namespace lutc::flow {

using lower::lower_params;
using lower::lower_stats;
using lower::lower_to_netlist;
using lower::table_result;

namespace {

/// LUTs a network will need, where LUTs do not exist yet (for the per-pass savings in
/// report.json stages.lut_savings): each live table's minimized LUT count (the minimizer's exact
/// count, through the cache) plus one LUT per output bit of a live adder of two or three terms
/// (its propagate LUT, or LUT6_2), relu, MSB mux or bit operation. Incrementers, quantizers and
/// constants are wiring.
size_t lut_estimate(const ir::Network& net, const passes::cost_model& costs) {
  std::vector<char> live(net.nodes.size(), 0);
  std::vector<ir::NodeId> stack;
  for (const auto& o : net.outputs) stack.push_back(o.source.node);
  while (!stack.empty()) {
    ir::NodeId id = stack.back();
    stack.pop_back();
    if (live[id]) continue;
    live[id] = 1;
    for (const auto& op : net.nodes[id].operands) stack.push_back(op.node);
  }
  size_t luts = 0;
  for (size_t i = 0; i < net.nodes.size(); ++i) {
    if (!live[i]) continue;
    const ir::Node& n = net.nodes[i];
    switch (n.kind()) {
      case ir::NodeKind::table: luts += costs.table_luts(n.table()); break;
      case ir::NodeKind::add_sub: case ir::NodeKind::sum: case ir::NodeKind::negate: case ir::NodeKind::multiply:
      case ir::NodeKind::relu: case ir::NodeKind::msb_mux: case ir::NodeKind::bit_unary: case ir::NodeKind::bit_binary:
        luts += static_cast<size_t>(n.width);
        break;
      default: break;
    }
  }
  return luts;
}

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

/// Fraction of table rows (over all output bits) that are don't cares.
double dont_care_fraction(const ir::Network& net) {
  double rows = 0, dc = 0;
  for (const auto& n : net.nodes) {
    if (n.kind() != ir::NodeKind::table) continue;
    for (int b = 0; b < n.width; ++b) {
      rows += static_cast<double>(n.table().num_rows());
      if (!n.table().care.empty()) dc += static_cast<double>(n.table().num_rows() - logic::count_ones(n.table().care[b]));
    }
  }
  return rows > 0 ? dc / rows : 0.0;
}

/// What each neuron layer of the emitted netlist costs (report.json `layers`).
std::vector<backend::LayerReport> layer_reports(const ir::Network& net, const backend::Netlist& nl, int pipeline) {
  int layers = nl.num_layers;
  for (const auto& n : net.nodes) layers = std::max(layers, n.layer);
  std::vector<backend::LayerReport> rows(static_cast<size_t>(std::max(layers, 0)));
  for (size_t l = 0; l < rows.size(); ++l) {
    rows[l].layer = static_cast<int>(l) + 1;
    rows[l].stage = pipeline > 0 ? backend::pipeline_stage(rows[l].layer, pipeline) : 0;
  }
  auto row = [&](int layer) -> backend::LayerReport* {
    return layer >= 1 && layer <= static_cast<int>(rows.size()) ? &rows[static_cast<size_t>(layer) - 1] : nullptr;
  };
  for (const auto& n : net.nodes)
    if (n.kind() == ir::NodeKind::table)
      if (auto* r = row(n.layer)) ++r->tables;
  for (int layer : nl.lut_layer)
    if (auto* r = row(layer)) ++r->luts;
  for (const auto& c : nl.cells)
    if (auto* r = row(c.layer)) {
      ++r->adder_cells;
      r->adder_bits += static_cast<uint64_t>(c.width);
    }
  return rows;
}

}  // namespace

logic::Engine parse_engine(const std::string& name) {
  if (name == "builtin") return logic::Engine::builtin;
  if (name == "abc") return logic::Engine::abc;
  if (name == "portfolio") return logic::Engine::portfolio;
  if (name == "auto") return logic::Engine::automatic;
  throw Diagnostic("unknown engine '" + name + "' (expected auto, builtin, abc or portfolio)");
}

void register_network_costs() { logic::register_network_cost(backend::luts_after_muxf_name, backend::luts_after_muxf); }

compile_stats compile_model(const std::string& model_path, const std::filesystem::path& out_dir, const compile_params& ps) {
  auto t_start = Clock::now();
  if (ps.lut_size < 4 || ps.lut_size > 6) throw Diagnostic("--lut-size must be 4, 5 or 6");
  if (ps.target != "xilinx" && ps.target != "generic") throw Diagnostic("unknown --target '" + ps.target + "' (expected xilinx or generic)");
  if (ps.pipeline < 0) throw Diagnostic("--pipeline must be >= 0");
  if (ps.stage_delay < 0) throw Diagnostic("--stage-delay must be >= 0");
  if (ps.pipeline > 0 && ps.stage_delay > 0) throw Diagnostic("--pipeline and --stage-delay cannot both be given");
  nlohmann::json stages;

  std::optional<frontend::MacStrategy> mac = frontend::parse_mac_strategy(ps.mac);
  if (!mac) throw Diagnostic("unknown --mac '" + ps.mac + "' (expected auto, mul, shift-add or lut-na)");
  lower_params lp;
  lp.minimize.lut_size = ps.lut_size;
  lp.minimize.engine = ps.engine;
  lp.minimize.effort = ps.effort;
  lp.jobs = ps.jobs;
  lp.use_cache = ps.use_cache;
  if (!ps.cache_dir.empty()) lp.cache_dir = std::filesystem::path(ps.cache_dir) / "minimize";
  std::optional<logic::JobPlanner> planner;
  if (!ps.plan_dir.empty()) {
    if (!ps.use_cache) throw Diagnostic("--plan needs the cache (drop --no-cache)");
    planner.emplace(ps.plan_dir);
  }

  // Read. Dense layers are expanded here, choosing by the minimizer's LUTs for their tables.
  auto t = Clock::now();
  frontend::mac_params mp;
  mp.strategy = *mac;
  mp.max_table_index_bits = ps.lut_size;
  // Alternatives (dense-layer strategies here, retable's cones below) are compared by the
  // builtin engine's LUTs: the portfolio's ABC member rarely changes a count (table corpus:
  // 13,491 vs 13,496 LUTs) but costs a subprocess per candidate (an HGQ model of 286 tables:
  // retable 195 s with it, 2.9 s without). The tables that remain are minimized with `lp`.
  lower_params cost_lp = lp;
  if (lp.minimize.engine == logic::Engine::automatic || lp.minimize.engine == logic::Engine::portfolio)
    cost_lp.minimize.engine = logic::Engine::builtin;
  mp.table_luts = [&cost_lp](const ir::Table& table) { return lower::minimized_luts(table, cost_lp); };
  frontend::mac_stats ms;
  ir::Network original = frontend::read_model(model_path, mp, &ms);
  original.check_invariants();
  original.compute_layers();
  stages["read"] = {{"seconds", since(t)}, {"neurons", original.num_tables()}, {"input_bits", original.total_input_bits()},
                    {"output_bits", original.total_output_bits()}, {"table_bits", original.table_bits()}};
  nlohmann::json dense = nlohmann::json::array();
  for (const auto& l : ms.layers) {
    nlohmann::json candidates = nlohmann::json::object();
    for (const auto& [name, cost] : l.candidates) candidates.emplace(name, cost);
    dense.push_back({{"layer", l.layer}, {"strategy", l.strategy}, {"chunk_bits", l.chunk_bits}, {"group", l.group},
                                        {"approx_bits", l.approx_bits}, {"inputs", l.inputs}, {"outputs", l.outputs},
                                        {"tables", l.tables}, {"adders", l.adders}, {"multipliers", l.multipliers},
                                        {"adder_bits", l.adder_bits}, {"cost", l.cost}, {"candidates", candidates},
                                        {"positions", l.positions}, {"distinct_tables", l.distinct_tables}});
    log::info(std::string(l.positions > 0 ? "conv layer " : "dense layer ") + l.layer + ": " + l.strategy +
              (l.strategy == "lut-na" ? " (chunk " + std::to_string(l.chunk_bits) + " bits, group " + std::to_string(l.group) + ")" : "") +
              ", estimated " + std::to_string(static_cast<long>(l.cost)) + " LUTs");
  }
  if (!dense.empty()) stages["read"]["dense"] = std::move(dense);
  log::info("read " + model_path + ": " + std::to_string(original.num_tables()) + " tables, " +
            std::to_string(original.total_input_bits()) + " input bits, " + std::to_string(original.total_output_bits()) +
            " output bits");

  // Data don't cares change the model itself: verification is then exact on the care set.
  // Passes compare alternatives by the LUTs the minimizer makes of them.
  // retable's "one LUT per output bit" threshold is the target's K.
  passes::cost_model costs;
  costs.table_luts = [&cost_lp](const ir::Table& table) { return lower::minimized_luts(table, cost_lp); };
  passes::run_passes_params pass_params;
  pass_params.context.costs = &costs;
  pass_params.params = {{"retable", {{"lut_inputs", ps.lut_size}}}};
  std::vector<std::string> pipeline = ps.passes.empty() ? passes::default_pipeline() : passes::parse_pass_list(ps.passes);
  // Xilinx writes three-term sums as one carry chain behind one LUT6_2 per bit (backend/
  // carry_chain.hpp), fewer LUTs and carry cells than two chains: adder pairs are fused.
  if (ps.passes.empty() && ps.target == "xilinx") {
    pipeline.insert(pipeline.begin() + 1, "fuse_sums");
    pass_params.params["fuse_sums"] = {{"max_terms", 3}};
  }

  nlohmann::json data_json;
  size_t luts_without_data_dc = 0;
  std::vector<table_result> per_table_without;
  if (!ps.care_data.empty()) {
    t = Clock::now();
    {
      ir::Network plain = original;
      passes::run_pipeline(plain, pipeline, pass_params);
      lower_stats before;
      lower_params plain_lp = lp;
      plain_lp.plan = planner ? &*planner : nullptr;
      lower_to_netlist(plain, plain_lp, &before);
      luts_without_data_dc = before.luts;
      per_table_without = before.per_table;
    }
    auto data = frontend::read_dataset(ps.care_data, original);
    passes::data_dont_cares_params dp;
    dp.rarity = ps.rarity;
    auto ds = passes::data_dont_cares(original, data.inputs, dp);
    data_json = {{"file", ps.care_data}, {"samples", ds.samples}, {"rarity", ps.rarity},
                 {"rows_made_dont_care", ds.rows_made_dont_care}, {"rows", ds.rows},
                 {"luts_without_data_dont_cares", luts_without_data_dc}, {"seconds", since(t)}};
  }

  // Passes. Care sets the model or the data gave are samples of what the network will see
  // (care_source data_sample): passes and engines let their don't cares generalize.
  t = Clock::now();
  ir::Network net = original;
  nlohmann::json lut_savings = nlohmann::json::array();
  // The per-pass estimate minimizes every table after every pass: opt-in, it can cost more than
  // the compile itself (a 200-table network: 40 s instead of 9 s).
  size_t luts_now = ps.estimate_pass_luts ? lut_estimate(net, costs) : 0;
  if (ps.estimate_pass_luts)
    pass_params.after_pass = [&](const std::string& pass, const ir::Network& after) {
      size_t luts = lut_estimate(after, costs);
      lut_savings.push_back({{"step", pass}, {"luts_before", luts_now}, {"luts_after", luts}, {"exact", false}});
      luts_now = luts;
    };
  auto pass_stats = passes::run_pipeline(net, pipeline, pass_params);
  net.check_invariants();
  int layers = net.compute_layers();
  stages["passes"] = pass_stats_json(pass_stats);
  stages["passes"]["seconds"] = since(t);
  stages["passes"]["neurons"] = net.num_tables();
  stages["passes"]["table_bits"] = net.table_bits();
  stages["passes"]["dont_care_fraction"] = dont_care_fraction(net);
  stages["passes"]["layers"] = layers;
  // The estimate's last value against the minimized tables (netopt and the writer follow).
  if (ps.estimate_pass_luts)
    lut_savings.push_back({{"step", "minimize (estimate -> LUTs)"}, {"luts_before", luts_now}, {"luts_after", 0}, {"exact", false}});

  // Lower: minimize every table and stitch.
  lower_stats ls;
  // Combinational Xilinx designs with adder cells get MUXF7/MUXF8 below: a table's alternatives
  // (ABC's or builtin's network, siblings joint or alone) are compared by the LUTs left after it.
  // Sums are re-shaped for combinational Xilinx designs; MUXF7/MUXF8 need unpaired LUTs as well.
  const bool combinational_xilinx = ps.target == "xilinx" && ps.pipeline == 0 && ps.stage_delay == 0;
  const bool muxf_target = combinational_xilinx && !ps.lut_pairs;
  if (muxf_target && std::any_of(net.nodes.begin(), net.nodes.end(), [](const ir::Node& n) { return ir::lowers_to_carry_chain(n.kind()); })) {
    register_network_costs();
    lp.minimize.cost_name = backend::luts_after_muxf_name;
    lp.minimize.network_cost = logic::named_network_cost(lp.minimize.cost_name);
  }
  if (planner) {  // the cost model of the passes above minimized locally; the final tables become jobs
    lower_params plan_lp = lp;
    plan_lp.plan = &*planner;
    lower_to_netlist(net, plan_lp, &ls);
    compile_stats cs;
    cs.planned_jobs = planner->size();
    cs.job_list = planner->write_list().string();
    cs.seconds = since(t_start);
    log::info("plan: " + std::to_string(ls.tables) + " tables, " + std::to_string(ls.cache_hits) + " in the cache, " +
              std::to_string(cs.planned_jobs) + " jobs listed in " + cs.job_list);
    return cs;
  }
  backend::Netlist nl = lower_to_netlist(net, lp, &ls);
  log::info("lower: " + std::to_string(ls.tables) + " tables → " + std::to_string(ls.luts) + " LUT" +
            std::to_string(ps.lut_size) + "s (" + std::to_string(ls.luts_shared) + " shared across tables, " +
            std::to_string(ls.cache_hits) + " from cache, " + std::to_string(ls.tables_reused) + " reused), depth " + std::to_string(ls.depth));
  if (ls.joint_clusters)
    log::info("lower: " + std::to_string(ls.joint_tables) + " sibling tables minimized together in " + std::to_string(ls.joint_clusters) +
              " clusters, " + std::to_string(ls.joint_luts_saved) + " LUTs fewer than alone");
  if (ps.estimate_pass_luts)
    lut_savings.back()["luts_after"] = ls.luts + [&] {
      size_t arith = 0;  // the estimate's adder LUTs, to compare like with like
      for (const auto& c : nl.cells)
        if (c.terms.size() >= 2) arith += static_cast<size_t>(c.width);
      return arith;
    }();
  stages["minimize"] = {{"seconds", ls.seconds}, {"tables", ls.tables}, {"luts", ls.luts}, {"luts_shared", ls.luts_shared},
                        {"cache_hits", ls.cache_hits}, {"tables_reused", ls.tables_reused}, {"depth", ls.depth}, {"engine", logic::engine_name(ps.engine)},
                        {"lut_size", ps.lut_size}, {"joint_clusters", ls.joint_clusters}, {"joint_tables", ls.joint_tables},
                        {"joint_luts_saved", ls.joint_luts_saved}, {"joint_seconds", ls.joint_seconds}};
  if (ps.netopt) {
    netopt::netopt_params np;
    np.lut_size = ps.lut_size;
    np.keep_layers = ps.pipeline > 0;
    np.abc = ps.engine != logic::Engine::builtin;  // --engine builtin: lutc's own code only
    if (ps.effort >= 2) {  // ABC's scripts take about 25 ms per LUT; at effort 2 larger networks get them too
      np.abc_params.max_luts = 8000;
      np.abc_windows_max_luts = 64000;
      np.abc_params.timeout_seconds = 600;
    }
    if (ps.use_cache)
      np.cache_dir = (ps.cache_dir.empty() ? util::cache_dir() : std::filesystem::path(ps.cache_dir)) / "netopt";
    netopt::netopt_stats ns;
    nl = netopt::optimize_netlist(nl, np, &ns);
    const auto& f = ns.fanin;
    log::info("netopt: " + std::to_string(ns.luts_before) + " → " + std::to_string(ns.luts_after) + " LUTs (" +
              (ns.cache_hit ? std::string("from cache") :
               std::to_string(f.fanins_removed) + " fanins removed by joint reachability, " + std::to_string(f.luts_freed) +
              " LUTs freed, " + std::to_string(ns.resub.resubs) + " resubstituted (" + std::to_string(ns.resub.luts_freed) +
              " LUTs freed), " + std::to_string(ns.absorbed) + " absorbed, " + std::to_string(ns.merged) + " merged; " +
              std::to_string(f.sat_calls) + " SAT queries; ABC " +
              (ns.abc_saved ? "saved " + std::to_string(ns.abc_saved) : std::string("saved nothing")) +
               (ns.abc_whole_saved ? " (" + std::to_string(ns.abc_whole_saved) + " by the whole-network pass)" : std::string())) +
              "), check " +
              (ns.check == netopt::Equivalence::equal ? "proved equal" : "undecided: kept the input netlist"));
    stages["netopt"] = netopt::netopt_stats_to_json(ns);
    lut_savings.push_back({{"step", "netopt"}, {"luts_before", ns.luts_before}, {"luts_after", ns.luts_after}, {"exact", true}});
  }
  // Cones of 7 or 8 inputs onto MUXF7/MUXF8 (Xilinx, combinational; backend/muxf_remap.hpp). Only
  // designs with adder cells, whose figure is Yosys's count: a table network's is its netlist LUTs.
  if (muxf_target && !nl.cells.empty()) {
    // Multi-output regions first (tables whose outputs share LUTs), then single cones.
    backend::muxf_regions_stats rs;
    backend::muxf_regions(nl, {}, &rs);
    if (rs.regions) {
      log::info("muxf regions: " + std::to_string(rs.regions) + " regions, " + std::to_string(rs.region_luts) + " LUTs -> " +
                std::to_string(rs.luts_after) + " LUTs and F7/F8 muxes (" + std::to_string(rs.roots_rewritten) + " roots rewritten)");
      lut_savings.push_back({{"step", "muxf regions (shared cones onto MUXF7/MUXF8)"}, {"luts_before", rs.region_luts},
                             {"luts_after", rs.luts_after}, {"exact", true}});
    }
    backend::muxf_remap_stats ms;
    backend::muxf_remap(nl, {}, &ms);
    if (ms.cones) {
      log::info("muxf: " + std::to_string(ms.cones) + " cones of 7-8 inputs, " + std::to_string(ms.cone_luts) + " LUTs -> " +
                std::to_string(ms.site_luts) + " LUTs and F7/F8 muxes");
      lut_savings.push_back({{"step", "muxf (cones onto MUXF7/MUXF8)"}, {"luts_before", ms.cone_luts}, {"luts_after", ms.site_luts}, {"exact", true}});
    }
    stages["muxf"] = {{"cones", ms.cones}, {"cone_luts", ms.cone_luts}, {"site_luts", ms.site_luts}, {"regions", rs.regions},
                      {"region_luts", rs.region_luts}, {"region_luts_after", rs.luts_after}, {"roots_rewritten", rs.roots_rewritten}};
  }
  // Two-term sums of a three-term sum regrouped so a small table meets the two-term chain
  // (backend/regroup_sums.hpp).
  if (combinational_xilinx && !nl.cells.empty()) {
    backend::regroup_sums_stats gs;
    backend::regroup_sums(nl, {}, &gs);
    if (gs.cells)
      lut_savings.push_back({{"step", "regroup_sums (a + (x + y + z) as (a + x + y) + z)"}, {"luts_before", gs.luts_before},
                             {"luts_after", gs.luts_after}, {"exact", false}});
    stages["regroup_sums"] = {{"cells", gs.cells}, {"luts_before", gs.luts_before}, {"luts_after", gs.luts_after},
                              {"carry4_before", gs.carry4_before}, {"carry4_after", gs.carry4_after}};
  }
  // Three-term sums whose terms merge into propagate LUTs as two chains (backend/split_sums.hpp).
  if (combinational_xilinx && !nl.cells.empty()) {
    backend::split_sums_stats ss;
    backend::split_sums(nl, {}, &ss);
    // After: every propagate LUT of the new chains, also those that take in a netlist LUT (the
    // emit row counts that LUT as saved).
    if (ss.cells)
      lut_savings.push_back({{"step", "split_sums (three-term sums as two chains; the LUTs they take in count under emit)"}, {"luts_before", ss.luts_before},
                             {"luts_after", ss.luts_after + ss.luts_merged}, {"exact", false}});
    stages["split_sums"] = {{"cells", ss.cells}, {"luts_before", ss.luts_before}, {"luts_after", ss.luts_after},
                            {"luts_merged", ss.luts_merged}, {"carry4_before", ss.carry4_before}, {"carry4_after", ss.carry4_after}};
  }
  nlohmann::json tables = ls.per_table;
  if (!ps.care_data.empty())
    for (auto& row : tables)
      for (const auto& w : per_table_without)
        if (w.name == row["name"]) row["luts_without_data_dont_cares"] = w.luts;

  // Emit into a temporary directory that becomes OUT only at the end.
  t = Clock::now();
  util::AtomicDir out(out_dir);
  backend::emit_params ep;
  ep.target = ps.target;
  ep.pipeline = ps.pipeline;
  ep.stage_delay = ps.stage_delay;
  // Off by default: Vivado's packer pairs LUTs itself, for lutc's design and for any other, so a
  // Yosys count of another flow's Verilog (which Yosys does not pair) compares like with like.
  ep.lut_pairs = ps.lut_pairs;
  auto es = backend::write_verilog(nl, ep, out.path());
  // The software model that verify and eval rebuild: ALIR models are kept as read (decompressed),
  // since arithmetic has no YAML form; table networks in the native format.
  // Dense layers are arithmetic too: their model is kept as written, and re-expanded on reading
  // (every strategy computes the same function; an approximation is part of the layer).
  if (frontend::is_alir_path(model_path))
    util::write_file(out.path() / "model.json", util::read_maybe_gzip(model_path));
  else if (!ms.layers.empty())
    util::write_file(out.path() / "model.yaml", util::read_file(model_path));
  else
    util::write_file(out.path() / "model.yaml", frontend::write_yaml_model(original));
  util::write_file(out.path() / "netlist.json", backend::netlist_to_json(nl).dump(1) + "\n");
  stages["emit"] = {{"seconds", since(t)}, {"files", es.files}, {"registers", es.registers}};
  if (ep.pipelined()) stages["emit"]["max_stage_delay"] = es.max_stage_delay;
  if (es.carry.chains) {
    const auto& cs = es.carry;
    stages["emit"]["carry_chains"] = {{"chains", cs.chains}, {"carry4", cs.carry4}, {"carry4_trimmed", cs.carry4_trimmed},
                                      {"carry4_tail", cs.carry4_tail}, {"tail_luts", cs.tail_luts},
                                      {"absorbed_luts", cs.absorbed_luts}, {"ternary_chains", cs.ternary_chains},
                                      {"ternary_luts", cs.ternary_luts}};
    // Netlist LUTs the Xilinx writer merges into propagate and tail LUTs.
    lut_savings.push_back({{"step", "emit (LUTs merged into carry chains)"}, {"luts_before", nl.luts.num_luts()},
                           {"luts_after", nl.luts.num_luts() - cs.absorbed_luts}, {"exact", true}});
  }
  if (es.lut_pairs) {
    // Two LUTs of at most 5 inputs together in one LUT6_2 site (what Vivado's packer also does).
    stages["emit"]["lut_pairs"] = es.lut_pairs;
    size_t before = nl.luts.num_luts() - es.carry.absorbed_luts;
    lut_savings.push_back({{"step", "emit (LUT pairs in one LUT6_2)"}, {"luts_before", before}, {"luts_after", before - es.lut_pairs},
                           {"exact", true}});
  }
  for (auto& row : lut_savings) row["luts_saved"] = row["luts_before"].get<int64_t>() - row["luts_after"].get<int64_t>();
  stages["lut_savings"] = lut_savings;

  compile_stats cs;
  cs.luts = nl.luts.num_luts();
  cs.latency = es.latency;
  auto path = backend::critical_path(nl);
  cs.depth = path.depth;
  cs.delay = path.delay;
  cs.seconds = since(t_start);

  backend::CompiledDesign compiled;
  backend::CompileReport& report = compiled.report;
  report.lutc_version = LUTC_VERSION;
  report.model = model_path;
  report.luts = static_cast<int64_t>(cs.luts);
  // Typed adder cells (ALIR arithmetic): how many, and their total output bits.
  report.adder_cells = nl.cells.size();
  for (const auto& c : nl.cells) report.adder_cell_bits += static_cast<uint64_t>(c.width);
  report.neurons = net.num_tables();
  report.inputs_pruned = pass_stats.prune.inputs_pruned;
  report.table_bits_before = original.table_bits();
  report.table_bits_after = net.table_bits();
  report.dont_care_fraction = dont_care_fraction(net);
  report.depth = cs.depth;
  report.delay = cs.delay;
  report.latency = cs.latency;
  report.seconds = cs.seconds;
  report.design = {nl.top, ps.target, ps.lut_size, ps.pipeline, es.latency, nl.inputs, nl.outputs, es.files, es.sim_only_files, ps.stage_delay};
  report.stages = stages;
  report.tables = tables;
  report.care_data = data_json;
  report.layers = layer_reports(net, nl, ps.pipeline);
  util::write_file(out.path() / "report.json", compiled.to_json_text());
  out.commit();

  std::ostringstream msg;
  msg << "wrote " << out_dir.string() << ": " << cs.luts << " LUTs, depth " << cs.depth << ", latency " << cs.latency
      << " cycle" << (cs.latency == 1 ? "" : "s") << ", " << ls.tables << " tables in " << cs.seconds << " s";
  log::info(msg.str());
  return cs;
}

}  // namespace lutc::flow
