#pragma once
// One topological sort for every reader that must put definitions before their uses.
#include <cstddef>
#include <vector>

namespace lutc::util {

/// Kahn's algorithm over items 0..n-1 where `reads[k]` lists the items k depends on (repeats
/// allowed). Among ready items the smallest index goes first, so file or creation order is kept
/// wherever the dependencies allow it: the output is deterministic and reads like the input.
/// When the items form a cycle the result is shorter than `reads.size()`: every item left out
/// is on a cycle or depends on one (see `find_cycle`).
std::vector<size_t> stable_topological_order(const std::vector<std::vector<size_t>>& reads);

/// One cycle among the items `stable_topological_order` left out of `order`, smallest item
/// first, each item reading the next and the last reading the first. Empty when `order` is
/// complete.
std::vector<size_t> find_cycle(const std::vector<std::vector<size_t>>& reads, const std::vector<size_t>& order);

}  // namespace lutc::util
