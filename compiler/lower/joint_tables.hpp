#pragma once
// Joint minimization of sibling tables: tables that read the same index (an HGQ layer's edge
// tables of one input, one per output neuron) are separate functions of the same bits, but
// minimized together their outputs can share decomposition steps (one bound-set encoder for
// several outputs). Which siblings to join is decided greedily by a cheap cost (the builtin
// engine's LUTs): the pair of clusters whose joint cost is lowest below their separate costs is
// merged, until no pair gains. Lowering then minimizes each cluster with the real engine and keeps
// it only when it has fewer LUTs than its members minimized alone.
#include <cstddef>
#include <functional>
#include <vector>

#include "logic/minimize.hpp"

namespace lutc::lower {

struct joint_tables_params {
  size_t max_cluster = 8;  // tables per cluster
  size_t max_outputs = 64; // output bits per cluster
};

/// Clusters (indices into `fs`, each ascending; clusters ordered by first member) of functions
/// over the same variables. `cost` returns a function's LUTs; singletons are included.
std::vector<std::vector<size_t>> cluster_jointly(const std::vector<logic::MultiFunction>& fs,
                                                 const std::function<size_t(const logic::MultiFunction&)>& cost,
                                                 const joint_tables_params& ps = {});

/// The functions' outputs one after the other, as one function.
logic::MultiFunction concat_outputs(const std::vector<const logic::MultiFunction*>& fs);

}  // namespace lutc::lower
