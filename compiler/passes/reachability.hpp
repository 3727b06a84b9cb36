#pragma once
// Reachability: table rows that no input can reach with a known index become don't cares.
//
// For every table, the set of reachable rows is computed from the primary inputs forward. A
// table's operands are grouped by source node, because operands from one node are correlated
// (reading a[1:0] and a[1] twice can only see rows where the copies agree): each group's
// patterns are the source's reachable values projected onto the bits the group reads, and the
// reachable index set is the product over groups (groups from different nodes are treated as
// independent, which over-approximates: a row is never wrongly made a don't care). A source
// table's values are its rows at its reachable indices; rows where a bit the reader uses is a
// don't care are skipped, because the reader's result is unknown there anyway.
#include <cstdint>
#include <optional>
#include <vector>

#include "ir/network.hpp"

namespace lutc::passes {

struct reachability_params {
  int max_index_bits = 24;  // tables with more index bits are skipped (all rows assumed reachable)
};

struct reachability_stats {
  uint64_t rows_made_dont_care = 0;  // rows that had a care bit and are now fully don't care
  uint64_t unreachable_rows = 0;     // rows outside the reachable set (all tables)
  uint64_t total_rows = 0;           // rows of all tables
  double dont_care_fraction = 0;     // unreachable_rows / total_rows
  uint64_t tables_skipped = 0;
};

/// Marks unreachable rows of every table as don't cares (creating care sets where needed).
reachability_stats reachability(ir::Network& net, const reachability_params& ps = {});

namespace detail {
/// The reachable index set of every table node (empty optional: not analyzed / not a table).
std::vector<std::optional<logic::TruthTable>> reachable_rows(const ir::Network& net, const reachability_params& ps = {});
}  // namespace detail

}  // namespace lutc::passes
