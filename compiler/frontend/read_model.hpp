#pragma once
// The one entry point for model files: picks the reader by file extension.
#include <string>

#include "ir/network.hpp"

namespace lutc::frontend {

/// Reads a model: `.yaml`/`.yml` (native), `.truth` (IWLS), `.pla` (Espresso), or LogicNets
/// Verilog (a `.v` file or a directory of them); else Diagnostic.
ir::Network read_model(const std::string& path);

}  // namespace lutc::frontend
