#pragma once
// Verilog naming: the one list of names a port or module of the emitted RTL must not take
// (every reserved keyword of IEEE 1800-2017 SystemVerilog, which includes those of Verilog
// 1995/2001/2005; the cells and modules the RTL and the verify harness instantiate; C++ keywords,
// which Verilator would have to mangle), and the renaming of model names into legal identifiers.
#include <string>
#include <string_view>
#include <vector>

namespace lutc::backend {

/// Every reserved keyword of IEEE 1800-2017 (Annex B), in alphabetical order.
const std::vector<std::string_view>& systemverilog_keywords();

/// True if `name` is a SystemVerilog keyword, a cell or module name of the emitted RTL
/// (LUT1..LUT6, LUT6_2, CARRY4, MUXF7, FDRE, ...), a harness name, or a C++ keyword.
bool is_reserved_verilog_name(std::string_view name);

/// A legal, unique Verilog identifier derived from `name` (`taken` collects the names given so
/// far). Characters outside [A-Za-z0-9_] become `_`; a leading digit gets `p_`; a reserved name
/// gets a `_` suffix, with a warning naming `what` (e.g. "input") and both names.
std::string verilog_identifier(const std::string& name, std::vector<std::string>& taken, const std::string& what = "");

}  // namespace lutc::backend
