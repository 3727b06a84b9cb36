#include "passes/share_tables.hpp"

#include <unordered_map>

#include "util/hash.hpp"
#include "util/log.hpp"

namespace lutc::passes {
namespace {

/// Output bits of row `r` that are specified by the care sets.
uint64_t care_mask(const ir::Table& t, uint64_t r) {
  uint64_t m = 0;
  for (int j = 0; j < t.out_width; ++j)
    if (t.cares(j, r)) m |= uint64_t{1} << j;
  return m;
}

uint64_t content_hash(const ir::Node& n) {
  util::Hasher h;
  h.add_u64(static_cast<uint64_t>(n.kind())).add_u64(static_cast<uint64_t>(n.width));
  for (const auto& op : n.operands) h.add_u64(op.node).add_u64(static_cast<uint64_t>(op.lo)).add_u64(static_cast<uint64_t>(op.width));
  if (n.kind() == ir::NodeKind::constant) h.add_u64(n.constant_value());
  if (n.kind() == ir::NodeKind::table)
    for (uint64_t r = 0; r < n.table().num_rows(); ++r) {
      uint64_t m = care_mask(n.table(), r);
      h.add_u64(m).add_u64(n.table().rows[r] & m);
    }
  return h.value();
}

bool same_node(const ir::Node& a, const ir::Node& b) {
  if (a.kind() != b.kind() || a.width != b.width || a.format != b.format || a.operands != b.operands) return false;
  if (a.kind() == ir::NodeKind::constant) return a.constant_value() == b.constant_value();
  const ir::Table &ta = a.table(), &tb = b.table();
  if (ta.index_bits != tb.index_bits || ta.out_width != tb.out_width) return false;
  for (uint64_t r = 0; r < ta.num_rows(); ++r) {
    uint64_t m = care_mask(ta, r);
    if (m != care_mask(tb, r) || ((ta.rows[r] ^ tb.rows[r]) & m) != 0) return false;
  }
  return true;
}

}  // namespace

share_tables_stats share_tables(ir::Network& net, const share_tables_params& ps) {
  share_tables_stats st;
  std::vector<ir::NodeId> rep(net.nodes.size());
  std::unordered_map<uint64_t, std::vector<ir::NodeId>> seen;
  for (ir::NodeId id = 0; id < net.nodes.size(); ++id) {
    rep[id] = id;
    ir::Node& n = net.nodes[id];
    // Readers of merged nodes now name the survivor, so equal tables over merged operands match too.
    for (auto& op : n.operands) op.node = rep[op.node];
    bool candidate = n.kind() == ir::NodeKind::table || (ps.share_constants && n.kind() == ir::NodeKind::constant);
    if (!candidate) continue;
    auto& bucket = seen[content_hash(n)];
    for (ir::NodeId other : bucket)
      if (same_node(net.nodes[other], n)) {
        rep[id] = other;
        ++(n.kind() == ir::NodeKind::table ? st.tables_shared : st.constants_shared);
        break;
      }
    if (rep[id] == id) bucket.push_back(id);
  }
  for (auto& o : net.outputs) o.source.node = rep[o.source.node];
  // The merged copies have no readers left; drop them and renumber.
  std::vector<ir::NodeId> new_id(net.nodes.size(), 0);
  std::vector<ir::Node> kept;
  for (ir::NodeId id = 0; id < net.nodes.size(); ++id) {
    if (rep[id] != id) continue;
    new_id[id] = static_cast<ir::NodeId>(kept.size());
    kept.push_back(std::move(net.nodes[id]));
  }
  for (auto& n : kept)
    for (auto& op : n.operands) op.node = new_id[op.node];
  for (auto& o : net.outputs) o.source.node = new_id[o.source.node];
  for (auto& id : net.inputs) id = new_id[id];
  net.nodes = std::move(kept);
  net.compute_layers();
  log::info("share_tables: merged " + std::to_string(st.tables_shared) + " tables, " + std::to_string(st.constants_shared) +
            " constants");
  return st;
}

}  // namespace lutc::passes
