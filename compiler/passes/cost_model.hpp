#pragma once
// What a pass may ask about the cost of its alternatives. Passes cannot call the minimizer
// themselves (the build keeps passes/ below logic/); the flow gives them one.
#include <cstddef>
#include <functional>

#include "ir/ops.hpp"

namespace lutc::passes {

struct cost_model {
  /// K-LUTs the minimizer makes of a table (all output bits, on its care set).
  std::function<size_t(const ir::Table&)> table_luts;
};

}  // namespace lutc::passes
