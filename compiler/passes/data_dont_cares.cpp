#include "passes/data_dont_cares.hpp"

#include <sstream>

#include "ir/software_model.hpp"
#include "util/log.hpp"

namespace lutc::passes {

data_dont_cares_stats data_dont_cares(ir::Network& net, const std::vector<std::vector<uint64_t>>& samples,
                                      const data_dont_cares_params& ps) {
  data_dont_cares_stats st;
  st.samples = samples.size();
  // Count first, against the unchanged network: the counts must not depend on the order in
  // which tables receive their don't cares.
  std::vector<std::vector<uint32_t>> seen(net.nodes.size());
  for (size_t i = 0; i < net.nodes.size(); ++i)
    if (net.nodes[i].kind() == ir::NodeKind::table) seen[i].assign(net.nodes[i].table().num_rows(), 0);
  ir::SoftwareModel model(net);
  std::vector<uint64_t> value, known;
  for (const auto& s : samples) {
    model.evaluate_nodes(s, value, known);
    for (size_t i = 0; i < net.nodes.size(); ++i)
      if (!seen[i].empty()) {
        auto& c = seen[i][ir::SoftwareModel::table_index(net.nodes[i], value)];
        if (c < UINT32_MAX) ++c;
      }
  }
  for (size_t i = 0; i < net.nodes.size(); ++i) {
    if (seen[i].empty()) continue;
    ir::Table& t = net.nodes[i].table();
    if (t.care.empty())
      for (int b = 0; b < t.out_width; ++b) t.care.push_back(logic::const1(t.index_bits));
    t.care_source = ir::CareSource::data_sample;
    uint64_t cared = 0;
    for (uint64_t r = 0; r < t.num_rows(); ++r) {
      bool keep = seen[i][r] >= static_cast<uint32_t>(ps.rarity);
      if (!keep) {
        bool was_care = false;
        for (auto& c : t.care) {
          was_care |= c.get(r);
          c.set(r, false);
        }
        if (was_care) ++st.rows_made_dont_care;
      } else {
        ++cared;
      }
    }
    ++st.tables;
    st.rows += t.num_rows();
    st.care_fraction.push_back(static_cast<double>(cared) / static_cast<double>(t.num_rows()));
  }
  std::ostringstream msg;
  msg << "data-dont-cares: " << st.samples << " samples, " << st.rows_made_dont_care << " of " << st.rows
      << " table rows made don't care (rarity " << ps.rarity << ")";
  log::info(msg.str());
  return st;
}

}  // namespace lutc::passes
