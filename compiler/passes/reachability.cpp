#include "passes/reachability.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include "util/log.hpp"

namespace lutc::passes {
namespace detail {
namespace {

/// The index bits of one table that read one source node: index position -> source bit.
struct Group {
  ir::NodeId source;
  std::vector<std::pair<int, int>> positions;  // (index bit, source bit)
};

/// Gathers bits `bits` (ascending positions) of `v` into the low bits of the result.
uint64_t gather(uint64_t v, const std::vector<int>& bits) {
  uint64_t r = 0;
  for (size_t k = 0; k < bits.size(); ++k) r |= ((v >> bits[k]) & 1) << k;
  return r;
}

/// Partial indices (over this group's index positions) the group can produce.
std::vector<uint32_t> group_indices(const ir::Network& net, const Group& g,
                                    const std::vector<std::optional<logic::TruthTable>>& reach) {
  std::vector<int> used;  // distinct source bits, ascending
  for (const auto& [pos, bit] : g.positions) used.push_back(bit);
  std::sort(used.begin(), used.end());
  used.erase(std::unique(used.begin(), used.end()), used.end());
  const int k = static_cast<int>(used.size());
  logic::TruthTable patterns(k);
  const ir::Node& src = net.nodes[g.source];
  if (src.kind() == ir::NodeKind::constant) {
    patterns.set(gather(src.constant_value(), used), true);
  } else if (src.kind() == ir::NodeKind::table && reach[g.source]) {
    const ir::Table& t = src.table();
    const logic::TruthTable& rows = *reach[g.source];
    for (uint64_t r = 0; r < t.num_rows(); ++r) {
      if (!rows.get(r)) continue;
      bool known = std::all_of(used.begin(), used.end(), [&](int b) { return t.cares(b, r); });
      if (known) patterns.set(gather(t.rows[r], used), true);
    }
  } else {
    patterns = logic::const1(k);  // primary inputs (and anything not analyzed) take every value
  }
  std::vector<uint32_t> out;
  for (uint64_t q = 0; q < patterns.num_bits(); ++q) {
    if (!patterns.get(q)) continue;
    uint32_t idx = 0;
    for (const auto& [pos, bit] : g.positions) {
      int rank = static_cast<int>(std::lower_bound(used.begin(), used.end(), bit) - used.begin());
      idx |= static_cast<uint32_t>((q >> rank) & 1) << pos;
    }
    out.push_back(idx);
  }
  return out;
}

}  // namespace

std::vector<std::optional<logic::TruthTable>> reachable_rows(const ir::Network& net, const reachability_params& ps) {
  std::vector<std::optional<logic::TruthTable>> reach(net.nodes.size());
  for (ir::NodeId id = 0; id < net.nodes.size(); ++id) {
    const ir::Node& n = net.nodes[id];
    if (n.kind() != ir::NodeKind::table || n.table().index_bits > ps.max_index_bits) continue;
    std::vector<Group> groups;
    int pos = 0;
    for (const auto& op : n.operands)
      for (int b = 0; b < op.width; ++b, ++pos) {
        auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) { return g.source == op.node; });
        if (it == groups.end()) it = groups.insert(groups.end(), Group{op.node, {}});
        it->positions.push_back({pos, op.lo + b});
      }
    std::vector<uint32_t> indices{0};
    for (const auto& g : groups) {
      std::vector<uint32_t> part = group_indices(net, g, reach);
      std::vector<uint32_t> next;
      next.reserve(indices.size() * part.size());
      for (uint32_t a : indices)
        for (uint32_t p : part) next.push_back(a | p);
      indices = std::move(next);
    }
    logic::TruthTable rows(n.table().index_bits);
    for (uint32_t i : indices) rows.set(i, true);
    reach[id] = std::move(rows);
  }
  return reach;
}

}  // namespace detail

reachability_stats reachability(ir::Network& net, const reachability_params& ps) {
  reachability_stats st;
  auto reach = detail::reachable_rows(net, ps);
  for (ir::NodeId id = 0; id < net.nodes.size(); ++id) {
    ir::Node& n = net.nodes[id];
    if (n.kind() != ir::NodeKind::table) continue;
    ir::Table& t = n.table();
    st.total_rows += t.num_rows();
    if (!reach[id]) {
      ++st.tables_skipped;
      continue;
    }
    const logic::TruthTable& rows = *reach[id];
    uint64_t unreachable = t.num_rows() - logic::count_ones(rows);
    st.unreachable_rows += unreachable;
    if (unreachable == 0) continue;
    if (t.care.empty()) t.care.assign(static_cast<size_t>(t.out_width), logic::const1(t.index_bits));
    if (t.care_source == ir::CareSource::full) t.care_source = ir::CareSource::reachability;
    logic::TruthTable any_care = logic::const0(t.index_bits);
    for (auto& c : t.care) {
      any_care = any_care | c;
      c = c & rows;
    }
    st.rows_made_dont_care += logic::count_ones(any_care & ~rows);
  }
  st.dont_care_fraction = st.total_rows ? static_cast<double>(st.unreachable_rows) / static_cast<double>(st.total_rows) : 0.0;
  char pct[32];
  std::snprintf(pct, sizeof pct, "%.1f%%", 100.0 * st.dont_care_fraction);
  log::info("reachability: " + std::to_string(st.rows_made_dont_care) + " rows became don't cares; " + pct +
            " of all table rows are unreachable");
  return st;
}

}  // namespace lutc::passes
