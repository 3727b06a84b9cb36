#pragma once
// Reader for alkaid's ALIR v4 JSON (`CombLogic.save`; plain or gzip-compressed), the format
// HGQ2/HGQ-LUT models are traced into (spec: docs/alir.md of calad0i/alkaid; ours:
// docs/model-format.md). Every op becomes one typed IR node with ALIR's exact semantics; lookup
// tables become table nodes indexed by their operand's two's-complement code, rows outside the
// operand's qint range being don't cares (CareSource::frontend). Inputs are named x0..x{n-1},
// outputs y0..y{m-1}. Errors name the file and the JSON path of the bad element.
#include <string>

#include "ir/network.hpp"

namespace lutc::frontend {

/// True for paths that name ALIR JSON (".json" or ".json.gz").
bool is_alir_path(const std::string& path);

/// Reads an ALIR v4 model file (gzip detected by its magic bytes).
ir::Network read_alir(const std::string& path);

/// Parses ALIR JSON text; `path` is used for diagnostics and the network name.
ir::Network parse_alir(const std::string& path, const std::string& text);

/// The fixed-point format alkaid uses for a [min, max, step] interval (its minimal "kif").
ir::FixedFormat alir_format(double min, double max, double step);

}  // namespace lutc::frontend
