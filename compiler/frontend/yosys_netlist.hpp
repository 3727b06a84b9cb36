#pragma once
// A Verilog design elaborated by Yosys and flattened into one bit-level netlist of Yosys
// internal cells. Yosys runs as a subprocess with a timeout (`read_verilog -noautowire;
// hierarchy -check; proc; opt_dff; opt_clean; write_json`); lutc flattens the hierarchical JSON
// itself so that every cell keeps its instance path and module name (used to name tables).
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "frontend/yosys_cells.hpp"  // kNet0, kNet1

namespace lutc::frontend {

struct yosys_params {
  std::string top;              // "" = the one module no module instantiates
  std::string yosys = "yosys";
  int timeout_seconds = 120;    // for the Yosys run
};

/// A Verilog source location from a Yosys `src` attribute (line, col 0 = unknown).
struct SourceLoc {
  std::string file;
  int line = 0, col = 0;
};

struct YosysCell {
  std::string type, name;
  std::string path;                                   // instance path of its module ("" = top)
  std::string module;                                 // its module's name as written
  std::map<std::string, std::string> params;          // as Yosys writes them (binary MSB first, or text)
  std::map<std::string, bool> is_output;              // per port
  std::map<std::string, std::vector<uint32_t>> conns; // per port, LSB first
  SourceLoc loc;
};

struct YosysPort {
  std::string name;
  bool is_input = true;
  std::vector<uint32_t> bits;
  SourceLoc loc;
};

/// An output port of a submodule instance (children listed before their parents).
struct YosysInstancePort {
  std::string path, module, port;
  std::vector<uint32_t> bits;
  SourceLoc loc;
};

struct YosysMemory {
  int64_t start_offset = 0, size = 0;
  SourceLoc loc;
};

/// Net ids: kNet0 and kNet1 are the constants (x and z read as 0); every other id is one net.
struct YosysNetlist {
  std::string top;                                 // module name as written
  std::string origin;                              // what was read (for errors without a location)
  SourceLoc top_loc;
  std::vector<YosysPort> ports;                    // of the top, in declaration order
  std::vector<YosysCell> cells;                    // internal cells ($...) of every instance
  std::vector<YosysInstancePort> instance_ports;
  std::map<std::string, YosysMemory> memories;     // by memory_key(path, MEMID)
  std::map<uint32_t, std::string> names;           // net -> hierarchical name (top names first)
  size_t num_nets = 2;
  size_t files = 0, modules = 0;                   // modules: as written, before parameter derivation
  double yosys_seconds = 0;

  static std::string memory_key(const std::string& path, const std::string& memid) { return path + "|" + memid; }
  std::string net_name(uint32_t net) const;
  /// Throws `FILE:LINE:COL: error: message` (the origin when the location is unknown).
  [[noreturn]] void fail(const SourceLoc& loc, const std::string& message) const;
};

/// A Yosys parameter or constant string as an integer (binary digits, x and z as 0).
uint64_t yosys_binary_value(const std::string& s);

/// One Verilog source: its path (as diagnostics name it) and, for sources not on disk, its text.
struct VerilogSource {
  std::string path;
  std::string text;
};

/// Elaborates `sources` with Yosys and flattens the design from its top: `ps.top`, else among
/// the modules of `top_file` ("" = all files) the one no module instantiates. `on_disk`: Yosys
/// reads the files at their paths; otherwise their texts are written to a temporary directory.
/// `origin` names the input in errors that have no source location.
YosysNetlist read_yosys_netlist(const std::vector<VerilogSource>& sources, bool on_disk, const std::string& top_file,
                                const std::string& origin, const yosys_params& ps);

}  // namespace lutc::frontend
