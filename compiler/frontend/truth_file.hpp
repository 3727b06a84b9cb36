#pragma once
// IWLS contest `.truth` files: one line per output bit (line j = output bit j), each line the
// 2^n values of that bit, most significant minterm first (as `berkeley-abc read_truth -xf`);
// variable i is bit i of the minterm.
#include <string>

#include "ir/network.hpp"

namespace lutc::frontend {

/// Parses a `.truth` file into a one-table network (input `x`, output `y`) named after the file stem.
ir::Network read_truth(const std::string& path, const std::string& text);

}  // namespace lutc::frontend
