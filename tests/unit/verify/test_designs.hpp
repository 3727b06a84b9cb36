#pragma once
// Helpers for the verify tests: hand-written Verilog designs in temporary `lutc compile`-like
// output directories (rtl/<top>.v + report.json with a `design` object).
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/fs.hpp"
#include "../test_util.hpp"

namespace lutc::verify::testing {

namespace fs = std::filesystem;
using lutc::test::TempDir;

using Ports = std::vector<std::pair<std::string, int>>;

/// Writes OUT/rtl/<top>.v and OUT/report.json.
inline void write_out_dir(const fs::path& out, const std::string& top, const std::string& verilog, const Ports& inputs,
                          const Ports& outputs, int pipeline = 0, int latency = 0) {
  nlohmann::json d;
  d["top"] = top;
  d["target"] = "generic";
  d["lut_size"] = 6;
  d["pipeline"] = pipeline;
  d["latency"] = latency;
  d["inputs"] = nlohmann::json::array();
  d["outputs"] = nlohmann::json::array();
  for (const auto& [n, w] : inputs) d["inputs"].push_back({{"name", n}, {"width", w}});
  for (const auto& [n, w] : outputs) d["outputs"].push_back({{"name", n}, {"width", w}});
  d["rtl_files"] = {"rtl/" + top + ".v"};
  d["sim_only_files"] = nlohmann::json::array();
  nlohmann::json report;
  report["luts"] = 0;
  report["design"] = d;
  util::write_file(out / "rtl" / (top + ".v"), verilog);
  util::write_file(out / "report.json", report.dump(2));
}

/// `always @(*) case (sel) ... endcase` assigning `target` (a reg of `width` bits) from `rows`.
inline std::string case_block(const std::string& sel, int sel_bits, const std::string& target, int width,
                              const std::vector<uint64_t>& rows) {
  std::string s = "  always @(*) begin\n    case (" + sel + ")\n";
  for (size_t r = 0; r < rows.size(); ++r)
    s += "      " + std::to_string(sel_bits) + "'d" + std::to_string(r) + ": " + target + " = " + std::to_string(width) +
         "'d" + std::to_string(rows[r]) + ";\n";
  s += "      default: " + target + " = 0;\n    endcase\n  end\n";
  return s;
}

/// Sets an environment variable for the lifetime of the object, then restores it.
struct ScopedEnv {
  std::string name;
  std::string old;
  bool had = false;
  ScopedEnv(std::string n, const std::string& value) : name(std::move(n)) {
    if (const char* v = std::getenv(name.c_str())) {
      had = true;
      old = v;
    }
    setenv(name.c_str(), value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (had) setenv(name.c_str(), old.c_str(), 1);
    else unsetenv(name.c_str());
  }
};

}  // namespace lutc::verify::testing
