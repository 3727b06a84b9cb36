#pragma once
// Absorption: a LUT read only by other LUTs disappears into all of its readers when each
// reader's merged support still fits K inputs (its function is composed into theirs). After
// fanin reduction many small LUTs qualify. Readers keep their layers; no LUT is added.
#include <cstddef>
#include <vector>

#include "logic/lut_network.hpp"

namespace lutc::netopt {

struct absorb_params {
  int lut_size = 6;
  // Per LUT (index in net.luts()): its neuron layer. When given, a LUT is absorbed only into
  // readers of its own layer, so registers placed between layers (--pipeline N) stay as many.
  const std::vector<int>* lut_layer = nullptr;
};

struct absorb_stats {
  size_t absorbed = 0;   // LUTs composed into their readers (now unread)
};

/// Rewrites readers in place; `observed[s]` marks signals read outside the LUT network.
absorb_stats absorb_luts(logic::LutNetwork& net, const std::vector<char>& observed, const absorb_params& ps);

namespace detail {
/// The table of reader `init` (over `fanins`) with fanin `inner` replaced by a LUT
/// (`inner_fanins`, `inner_init`), over `merged` (all of them, without `inner`).
uint64_t compose(uint64_t init, const std::vector<logic::Signal>& fanins, logic::Signal inner,
                 uint64_t inner_init, const std::vector<logic::Signal>& inner_fanins,
                 const std::vector<logic::Signal>& merged);
}  // namespace detail

}  // namespace lutc::netopt
