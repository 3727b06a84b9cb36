#include "netopt/netopt_cache.hpp"

#include "backend/netlist_json.hpp"
#include "util/diagnostic.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"

namespace lutc::netopt {

namespace fs = std::filesystem;

// Bump when a pass changes what it computes for the same input and parameters.
static constexpr const char* kVersion = "lutc-netopt-6";

std::string netopt_cache_key(const backend::Netlist& nl, const netopt_params& ps) {
  nlohmann::json params = {{"lut_size", ps.lut_size},
                           {"rounds", ps.rounds},
                           {"keep_layers", ps.keep_layers},
                           {"abc", ps.abc},
                           {"abc_rounds", ps.abc_rounds},
                           {"abc_min_gain", ps.abc_min_gain},
                           {"abc_max_luts", ps.abc_params.max_luts},
                           {"abc_windows_max_luts", ps.abc_windows_max_luts},
                           {"abc_whole_max_luts", ps.abc_whole_max_luts},
                           {"abc_whole_script", ps.abc_whole_script},
                           {"abc_binary", ps.abc_params.binary},
                           {"sim", {ps.fanin.simulation.random_words, ps.fanin.simulation.extra_words, ps.fanin.simulation.seed}},
                           {"fanin_conflicts", ps.fanin.conflict_limit},
                           {"fanin_window", ps.fanin.window_luts},
                           {"fanin_max_undecided", ps.fanin.max_undecided},
                           {"resub", ps.resub},
                           {"resub_after_abc", ps.resub_after_abc},
                           {"resub_params", {ps.resubstitution.simulation.random_words, ps.resubstitution.simulation.extra_words,
                                             ps.resubstitution.simulation.seed, ps.resubstitution.tfo_levels,
                                             ps.resubstitution.tfo_luts, ps.resubstitution.tfi_levels,
                                             ps.resubstitution.max_divisors, ps.resubstitution.window_luts,
                                             ps.resubstitution.conflict_limit, ps.resubstitution.max_proofs,
                                             ps.resubstitution.first_divisors, ps.resubstitution.buffers,
                                             ps.resubstitution.window_cells, ps.resubstitution.max_undecided,
                                             ps.resubstitution.calls_per_undecided, ps.resubstitution.budget_cells_only}},
                           {"check", {ps.check.random_words, ps.check.conflict_limit, ps.check.match_conflict_limit,
                                     ps.check.tied_match_conflict_limit}}};
  util::Hasher h;
  h.add(kVersion).add(params.dump()).add(backend::netlist_to_json(nl).dump());
  return h.hex();
}

nlohmann::json netopt_stats_to_json(const netopt_stats& s) {
  const auto& f = s.fanin;
  return {{"seconds", s.seconds},
          {"luts_before", s.luts_before},
          {"luts_after", s.luts_after},
          {"rounds", s.rounds},
          {"fanins_removed", f.fanins_removed},
          {"luts_visited", f.luts_visited},
          {"luts_changed", f.luts_changed},
          {"luts_freed", f.luts_freed},
          {"luts_made_constant", f.luts_made_constant},
          {"resub_luts_tried", s.resub.luts_tried},
          {"resub_candidates", s.resub.candidates},
          {"resub_sat_calls", s.resub.sat_calls},
          {"resub_sat_undecided", s.resub.sat_undecided},
          {"resub_budget_calls", s.resub.budget_calls},
          {"resub_budget_undecided", s.resub.budget_undecided},
          {"resub_rejected", s.resub.rejected},
          {"resubs", s.resub.resubs},
          {"resub_buffers", s.resub.buffers},
          {"resub_luts_freed", s.resub.luts_freed},
          {"resub_seconds", s.resub.seconds},
          {"absorbed", s.absorbed},
          {"merged", s.merged},
          {"sat_calls", f.sat_calls},
          {"sat_undecided", f.sat_undecided},
          {"patterns_added", f.patterns_added},
          {"windows_cut", f.windows_cut},
          {"window_luts", f.window_luts},
          {"check_sat_calls", s.check_sat_calls},
          {"check_seconds", s.check_seconds},
          {"abc_saved", s.abc_saved},
          {"abc_whole_saved", s.abc_whole_saved},
          {"abc_script", s.abc.script},
          {"abc_seconds", s.abc.seconds},
          {"abc_skipped", s.abc.skipped},
          {"abc_dropped", s.abc_dropped},
          {"cache_hit", s.cache_hit},
          {"check", s.check == Equivalence::equal ? "equal" : s.check == Equivalence::different ? "different" : "undecided"}};
}

netopt_stats netopt_stats_from_json(const nlohmann::json& j) {
  netopt_stats s;
  auto& f = s.fanin;
  s.seconds = j.at("seconds").get<double>();
  s.luts_before = j.at("luts_before").get<size_t>();
  s.luts_after = j.at("luts_after").get<size_t>();
  s.rounds = j.at("rounds").get<int>();
  f.fanins_removed = j.at("fanins_removed").get<size_t>();
  f.luts_visited = j.at("luts_visited").get<size_t>();
  f.luts_changed = j.at("luts_changed").get<size_t>();
  f.luts_freed = j.at("luts_freed").get<size_t>();
  f.luts_made_constant = j.at("luts_made_constant").get<size_t>();
  s.resub.luts_tried = j.value("resub_luts_tried", size_t{0});
  s.resub.candidates = j.value("resub_candidates", size_t{0});
  s.resub.sat_calls = j.value("resub_sat_calls", size_t{0});
  s.resub.sat_undecided = j.value("resub_sat_undecided", size_t{0});
  s.resub.budget_calls = j.value("resub_budget_calls", size_t{0});
  s.resub.budget_undecided = j.value("resub_budget_undecided", size_t{0});
  s.resub.rejected = j.value("resub_rejected", size_t{0});
  s.resub.resubs = j.value("resubs", size_t{0});
  s.resub.buffers = j.value("resub_buffers", size_t{0});
  s.resub.luts_freed = j.value("resub_luts_freed", size_t{0});
  s.resub.seconds = j.value("resub_seconds", 0.0);
  s.absorbed = j.at("absorbed").get<size_t>();
  s.merged = j.at("merged").get<size_t>();
  f.sat_calls = j.at("sat_calls").get<size_t>();
  f.sat_undecided = j.at("sat_undecided").get<size_t>();
  f.patterns_added = j.at("patterns_added").get<size_t>();
  f.windows_cut = j.value("windows_cut", size_t{0});
  f.window_luts = j.value("window_luts", size_t{0});
  s.check_sat_calls = j.at("check_sat_calls").get<size_t>();
  s.check_seconds = j.at("check_seconds").get<double>();
  s.abc_saved = j.at("abc_saved").get<size_t>();
  s.abc_whole_saved = j.value("abc_whole_saved", size_t{0});
  s.abc.script = j.at("abc_script").get<std::string>();
  s.abc.seconds = j.at("abc_seconds").get<double>();
  s.abc.skipped = j.at("abc_skipped").get<std::string>();
  s.abc_dropped = j.value("abc_dropped", false);
  s.cache_hit = j.at("cache_hit").get<bool>();
  const std::string check = j.at("check").get<std::string>();
  s.check = check == "equal" ? Equivalence::equal : check == "different" ? Equivalence::different : Equivalence::undecided;
  return s;
}

std::optional<netopt_cache_entry> lookup_netopt_cache(const fs::path& dir, const std::string& key) {
  std::error_code ec;
  fs::path file = dir / key;
  if (!fs::exists(file, ec)) return std::nullopt;
  try {
    auto j = nlohmann::json::parse(util::read_file(file));
    if (j.at("version") != kVersion || j.at("key") != key) return std::nullopt;
    return netopt_cache_entry{backend::netlist_from_json(j.at("netlist"), file.string()), netopt_stats_from_json(j.at("stats"))};
  } catch (const std::exception&) {  // damaged: recomputed (and overwritten) by the caller
    return std::nullopt;
  }
}

bool store_netopt_cache(const fs::path& dir, const std::string& key, const backend::Netlist& result, const netopt_stats& s) {
  nlohmann::json j = {{"version", kVersion}, {"key", key}, {"stats", netopt_stats_to_json(s)},
                      {"netlist", backend::netlist_to_json(result)}};
  try {
    util::write_atomic(dir / key, j.dump());
    return true;
  } catch (const Diagnostic&) {
    return false;
  }
}

}  // namespace lutc::netopt
