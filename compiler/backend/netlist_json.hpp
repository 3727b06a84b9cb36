#pragma once
// OUT/netlist.json: the emitted LUT netlist as data, so `lutc eval OUT` runs exactly what the
// hardware computes. Signals keep the LutNetwork numbering (0 = const 0, 1 = const 1, then the
// primary inputs, then the LUTs); INIT values are hex strings, most significant digit first.
#include <nlohmann/json.hpp>
#include <string>

#include "backend/netlist.hpp"

namespace lutc::backend {

/// The netlist as JSON (exact: netlist_from_json(netlist_to_json(nl)) equals nl).
nlohmann::json netlist_to_json(const Netlist& nl);

/// Reads a netlist written by netlist_to_json; a malformed one throws Diagnostic naming `source`.
Netlist netlist_from_json(const nlohmann::json& j, const std::string& source = "netlist.json");

}  // namespace lutc::backend
