#pragma once
// The one entry point for model files: picks the reader by file extension.
#include <string>

#include "frontend/mac_lowering.hpp"
#include "ir/network.hpp"

namespace lutc::frontend {

/// Reads a model: `.yaml`/`.yml` (native), `.truth` (IWLS), `.pla` (Espresso), or LogicNets
/// Verilog (a `.v` file or a directory of them); else Diagnostic. Dense layers of a YAML model
/// are expanded as `mac` says.
ir::Network read_model(const std::string& path, const mac_params& mac = {}, mac_stats* stats = nullptr);

}  // namespace lutc::frontend
