#pragma once
// Whole-network results by content (CACHE/netopt/KEY): netopt spends most of a warm recompile
// (SAT queries, ABC's scripts) answering a question it answered before. An entry holds the
// optimized netlist and the stats of the run that made it; optimize_netlist proves a hit equal
// to its input again before using it, so a damaged or forged entry costs time, never correctness.
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "backend/netlist.hpp"
#include "netopt/optimize_netlist.hpp"

namespace lutc::netopt {

/// 16 hex digits naming the result of `optimize_netlist(nl, ps)`: the input netlist and every
/// parameter that can change the result (not the cache directory).
std::string netopt_cache_key(const backend::Netlist& nl, const netopt_params& ps);

/// The stats as report.json's stages.netopt shows them, and back.
nlohmann::json netopt_stats_to_json(const netopt_stats& s);
netopt_stats netopt_stats_from_json(const nlohmann::json& j);

struct netopt_cache_entry {
  backend::Netlist netlist;
  netopt_stats stats;  // of the run that made it
};

/// The entry stored under `key` in `dir`, if there is a readable one.
std::optional<netopt_cache_entry> lookup_netopt_cache(const std::filesystem::path& dir, const std::string& key);

/// Stores an entry atomically; a cache that cannot be written is skipped (false).
bool store_netopt_cache(const std::filesystem::path& dir, const std::string& key, const backend::Netlist& result,
                        const netopt_stats& s);

}  // namespace lutc::netopt
