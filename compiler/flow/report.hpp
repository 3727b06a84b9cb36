#pragma once
// JSON pieces of OUT/report.json shared by the compile driver.
#include <nlohmann/json.hpp>
#include <vector>

#include "backend/netlist.hpp"
#include "passes/pass_manager.hpp"

namespace lutc::flow {

/// [{"name": ..., "width": ...}, ...]
nlohmann::json ports_json(const std::vector<backend::Port>& ports);
/// The numbers of the default IR passes, flattened (inputs_pruned, constant_nodes, ...).
nlohmann::json pass_stats_json(const passes::pipeline_stats& st);

}  // namespace lutc::flow
