// Bench of whole-network optimization (not part of ctest): reads a netlist.json (e.g. of
// `lutc compile --no-netopt`), runs netopt::optimize_netlist on it without the cache, and prints
// LUTs, the pass counters and the CPU and wall seconds of this process. With OUT it writes the
// optimized netlist, so two builds' results can be compared byte for byte.
//
//   netopt_bench NETLIST.json [OUT.json] [--no-abc] [--no-resub] [--no-check-again] [--resub-budget-all] [--resub-words|-proofs|-levels|-window|-cells|-undecided|-divisors N] [--window LUTS] [--conflicts N] [--abc-whole-script S]
//   prints one JSON object: {"luts_before":..,"luts_after":..,"cpu_seconds":..,"wall_seconds":..,"stats":{..}}
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "backend/netlist_json.hpp"
#include "netopt/netopt_cache.hpp"
#include "netopt/optimize_netlist.hpp"

using namespace lutc;

int main(int argc, char** argv) {
  std::string in, out;
  bool check_again = true;
  netopt::netopt_params ps;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--no-abc")
      ps.abc = false;
    else if (a == "--no-resub")
      ps.resub = false;
    else if (a == "--resub-words" && i + 1 < argc)
      ps.resubstitution.simulation.random_words = ps.resubstitution.simulation.extra_words = std::stoi(argv[++i]);
    else if (a == "--no-check-again")
      check_again = false;
    else if (a == "--no-resub-after-abc")
      ps.resub_after_abc = false;
    else if (a == "--resub-no-buffers")
      ps.resubstitution.buffers = false;
    else if (a == "--resub-proofs" && i + 1 < argc)
      ps.resubstitution.max_proofs = std::stoi(argv[++i]);
    else if (a == "--resub-levels" && i + 1 < argc)
      ps.resubstitution.tfo_levels = std::stoi(argv[++i]);
    else if (a == "--resub-window" && i + 1 < argc)
      ps.resubstitution.window_luts = std::stoul(argv[++i]);
    else if (a == "--resub-cells" && i + 1 < argc)
      ps.resubstitution.window_cells = std::stoul(argv[++i]);
    else if (a == "--resub-undecided" && i + 1 < argc)
      ps.resubstitution.max_undecided = std::stoul(argv[++i]);
    else if (a == "--resub-divisors" && i + 1 < argc)
      ps.resubstitution.max_divisors = std::stoul(argv[++i]);
    else if (a == "--window" && i + 1 < argc)
      ps.fanin.window_luts = std::stoul(argv[++i]);
    else if (a == "--resub-budget-all")
      ps.resubstitution.budget_cells_only = false;
    else if (a == "--abc-whole-script" && i + 1 < argc)
      ps.abc_whole_script = argv[++i];
    else if (a == "--conflicts" && i + 1 < argc)
      ps.fanin.conflict_limit = std::stoi(argv[++i]);
    else if (in.empty())
      in = a;
    else
      out = a;
  }
  if (in.empty()) {
    std::fprintf(stderr, "usage: netopt_bench NETLIST.json [OUT.json] [--no-abc] [--no-resub] [--no-check-again] [--resub-budget-all] [--resub-words|-proofs|-levels|-window|-cells|-undecided|-divisors N] [--window LUTS] [--conflicts N] [--abc-whole-script S]\n");
    return 2;
  }
  std::ifstream f(in);
  backend::Netlist nl = backend::netlist_from_json(nlohmann::json::parse(f), in);
  auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
  };
  const double c0 = cpu_now();
  const auto w0 = std::chrono::steady_clock::now();
  netopt::netopt_stats st;
  backend::Netlist got = netopt::optimize_netlist(nl, ps, &st);
  const double cpu = cpu_now() - c0;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
  // The equivalence check once more on its own, for its share of the CPU time.
  const double c1 = cpu_now();
  const std::vector<char> used_cells = backend::liveness(got).cell;
  netopt::equivalence_stats es;
  auto eq = netopt::Equivalence::undecided;
  if (check_again)
    eq = netopt::check_equivalence(nl.luts, netopt::observed_signals(nl, used_cells), got.luts,
                                   netopt::observed_signals(got, used_cells), ps.check, &es, nl.cells, got.cells);
  const double check_cpu = cpu_now() - c1;
  nlohmann::json r = {{"luts_before", nl.luts.num_luts()}, {"luts_after", got.luts.num_luts()},
                      {"cpu_seconds", cpu}, {"wall_seconds", wall}, {"check_cpu_seconds", check_cpu},
                      {"check_again", !check_again ? "skipped" : eq == netopt::Equivalence::equal ? "equal" : "not proved"},
                      {"check_again_stats", {{"sat_calls", es.sat_calls}, {"luts_matched", es.luts_matched}, {"by_structure", es.luts_by_structure}}},
                      {"stats", netopt::netopt_stats_to_json(st)}};
  std::cout << r.dump() << "\n";
  if (!out.empty()) std::ofstream(out) << backend::netlist_to_json(got).dump(1) << "\n";
  return 0;
}
