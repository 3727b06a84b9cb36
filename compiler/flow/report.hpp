#pragma once
// JSON pieces of OUT/report.json shared by the compile driver.
#include <nlohmann/json.hpp>
#include <vector>

#include "lower/lower.hpp"
#include "passes/pass_manager.hpp"

namespace lutc::lower {

/// One entry of report.json `tables` (declared beside the type, where JSON lookup finds it).
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(table_result, name, index_bits, out_bits_used, care_fraction, luts, depth,
                                                cache_hit, reused, engine, seconds, joint_with)

}  // namespace lutc::lower

namespace lutc::flow {

/// The numbers of the default IR passes, flattened (inputs_pruned, constant_nodes, ...).
nlohmann::json pass_stats_json(const passes::pipeline_stats& st);

}  // namespace lutc::flow
