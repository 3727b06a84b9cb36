#include "backend/synth.hpp"

#include <algorithm>
#include <chrono>
#include <cctype>
#include <iomanip>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "backend/compiled_design.hpp"
#include "util/diagnostic.hpp"
#include "util/fs.hpp"
#include "util/log.hpp"
#include "util/process.hpp"
#include "util/resources.hpp"

namespace lutc::backend {
namespace fs = std::filesystem;

namespace detail {

enum class CellKind { lut, muxf, carry, ff, other };

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

CellKind cell_kind(const std::string& type) {
  if (type == "$lut" || type == "SB_LUT4") return CellKind::lut;
  if (type.size() == 4 && starts_with(type, "LUT") && type[3] >= '1' && type[3] <= '6') return CellKind::lut;
  if (type == "LUT6_2") return CellKind::lut;  // one LUT6 site with two outputs (Vivado counts one LUT)
  if (starts_with(type, "MUXF")) return CellKind::muxf;
  if (starts_with(type, "CARRY") || type == "SB_CARRY" || type == "MUXCY" || type == "XORCY") return CellKind::carry;
  if (starts_with(type, "FD") || starts_with(type, "SB_DFF")) return CellKind::ff;
  if (starts_with(type, "$")) {
    std::string lower = type;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower.find("dff") != std::string::npos) return CellKind::ff;
  }
  return CellKind::other;
}

/// A Yosys JSON parameter value: a binary string (the usual form) or a number.
int64_t parameter_value(const nlohmann::json& v) {
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_string()) {
    int64_t x = 0;
    for (char c : v.get<std::string>()) {
      if (c != '0' && c != '1') return -1;
      x = (x << 1) | (c == '1');
    }
    return x;
  }
  return -1;
}

/// The module `top` of a write_json netlist (or the one marked top).
const nlohmann::json& find_module(const nlohmann::json& netlist, const std::string& top) {
  const auto& modules = netlist.at("modules");
  if (modules.contains(top)) return modules.at(top);
  for (const auto& [name, m] : modules.items())
    if (m.contains("attributes") && m["attributes"].contains("top") && parameter_value(m["attributes"]["top"]) == 1) return m;
  throw std::runtime_error("module '" + top + "' is not in the Yosys netlist");
}

/// Signal bit key: numbers are nets, strings ("0", "1", "x") are constants.
bool is_net(const nlohmann::json& bit) { return bit.is_number_integer(); }

}  // namespace detail

int detail::logic_depth(const nlohmann::json& netlist, const std::string& top) {
  const auto& module = find_module(netlist, top);
  struct Cell {
    int weight = 0;
    bool ff = false;
    std::vector<int64_t> inputs;
  };
  std::vector<Cell> cells;
  std::map<int64_t, size_t> driver;  // net -> combinational cell driving it
  std::vector<int64_t> endpoints;
  if (module.contains("cells"))
    for (const auto& [name, c] : module["cells"].items()) {
      Cell cell;
      std::string type = c.value("type", "");
      CellKind kind = cell_kind(type);
      cell.ff = kind == CellKind::ff;
      cell.weight = (kind == CellKind::lut || kind == CellKind::muxf) ? 1 : 0;
      if (!c.contains("port_directions") || !c.contains("connections")) continue;  // unknown cell: no edges
      if (type == "LUT6_2") {
        // Two LUTs' worth of paths: O6 reads every input, O5 only the inputs its half of INIT
        // (the 5-input function on I0..I4) depends on.
        uint64_t init = c.contains("parameters") && c["parameters"].contains("INIT")
                            ? static_cast<uint64_t>(parameter_value(c["parameters"]["INIT"])) : ~uint64_t{0};
        Cell o5;
        o5.weight = 1;
        const auto& conn = c["connections"];
        for (int i = 0; i < 6; ++i) {
          std::string pin = "I" + std::to_string(i);
          if (!conn.contains(pin) || conn[pin].empty() || !is_net(conn[pin][0])) continue;
          int64_t net = conn[pin][0].get<int64_t>();
          cell.inputs.push_back(net);
          bool o5_depends = false;
          for (uint64_t r = 0; r < 32 && i < 5; ++r)
            if (((init >> r) & 1) != ((init >> (r ^ (uint64_t{1} << i))) & 1)) o5_depends = true;
          if (o5_depends) o5.inputs.push_back(net);
        }
        if (conn.contains("O6") && !conn["O6"].empty() && is_net(conn["O6"][0])) driver[conn["O6"][0].get<int64_t>()] = cells.size();
        cells.push_back(std::move(cell));
        if (conn.contains("O5") && !conn["O5"].empty() && is_net(conn["O5"][0])) driver[conn["O5"][0].get<int64_t>()] = cells.size();
        cells.push_back(std::move(o5));
        continue;
      }
      for (const auto& [port, bits] : c["connections"].items()) {
        std::string dir = c["port_directions"].value(port, "input");
        for (const auto& b : bits) {
          if (!is_net(b)) continue;
          int64_t net = b.get<int64_t>();
          if (dir == "output") {
            if (!cell.ff) driver[net] = cells.size();
          } else if (cell.ff) {
            endpoints.push_back(net);
          } else {
            cell.inputs.push_back(net);
          }
        }
      }
      cells.push_back(std::move(cell));
    }
  if (module.contains("ports"))
    for (const auto& [name, p] : module["ports"].items())
      if (p.value("direction", "") == "output")
        for (const auto& b : p["bits"])
          if (is_net(b)) endpoints.push_back(b.get<int64_t>());

  // Arrival time of each combinational cell's output, by iterative depth-first search.
  std::vector<int> arrival(cells.size(), -1);
  std::vector<char> on_stack(cells.size(), 0);
  auto arrival_of_net = [&](int64_t net) -> int {
    auto it = driver.find(net);
    return it == driver.end() ? 0 : arrival[it->second];
  };
  auto solve = [&](size_t root) {
    std::vector<std::pair<size_t, size_t>> stack{{root, 0}};  // (cell, next input)
    on_stack[root] = 1;
    while (!stack.empty()) {
      auto& [c, next] = stack.back();
      if (next < cells[c].inputs.size()) {
        auto it = driver.find(cells[c].inputs[next++]);
        if (it != driver.end() && arrival[it->second] < 0 && !on_stack[it->second]) {
          on_stack[it->second] = 1;
          stack.emplace_back(it->second, 0);
        }
        continue;
      }
      int a = 0;
      for (int64_t net : cells[c].inputs) a = std::max(a, arrival_of_net(net));  // a loop contributes 0
      arrival[c] = a + cells[c].weight;
      on_stack[c] = 0;
      stack.pop_back();
    }
  };
  for (size_t c = 0; c < cells.size(); ++c)
    if (arrival[c] < 0 && !cells[c].ff) solve(c);
  int depth = 0;
  for (int64_t net : endpoints) depth = std::max(depth, arrival_of_net(net));
  return depth;
}

synth_stats detail::count_resources(const nlohmann::json& stat, const nlohmann::json& netlist, const std::string& top) {
  synth_stats st;
  const nlohmann::json* by_type = nullptr;
  if (stat.contains("design") && stat["design"].contains("num_cells_by_type"))
    by_type = &stat["design"]["num_cells_by_type"];
  else if (stat.contains("modules") && stat["modules"].contains("\\" + top))
    by_type = &stat["modules"]["\\" + top]["num_cells_by_type"];
  if (by_type)
    for (const auto& [type, count_json] : by_type->items()) {
      int count = count_json.get<int>();
      switch (cell_kind(type)) {
        case CellKind::lut:
          st.luts += count;
          if (type == "SB_LUT4") st.luts_by_size[4] += count;
          else if (type != "$lut") st.luts_by_size[type[3] - '0'] += count;  // LUT1..LUT6
          break;
        case CellKind::muxf: st.muxf += count; break;
        case CellKind::carry: st.carry += count; break;
        case CellKind::ff: st.ff += count; break;
        case CellKind::other: break;
      }
    }
  // Generic $lut cells carry their size as the WIDTH parameter, only visible in the netlist.
  const auto& module = find_module(netlist, top);
  if (module.contains("cells"))
    for (const auto& [name, c] : module["cells"].items())
      if (c.value("type", "") == "$lut") ++st.luts_by_size[static_cast<int>(parameter_value(c["parameters"]["WIDTH"]))];
  st.depth = logic_depth(netlist, top);
  return st;
}

namespace detail {

/// The part of a Yosys log worth showing: from a little before its first ERROR line, else the
/// last `n` lines, without the banner.
std::string log_excerpt(const std::string& text, size_t n) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!(starts_with(line, " |") || starts_with(line, " /") || starts_with(line, " \\"))) lines.push_back(line);
  size_t begin = lines.size() > n ? lines.size() - n : 0;
  for (size_t i = 0; i < lines.size(); ++i)
    if (lines[i].find("ERROR") != std::string::npos) {
      begin = i >= 3 ? i - 3 : 0;
      break;
    }
  std::string out;
  for (size_t i = begin; i < lines.size() && i < begin + n; ++i) out += lines[i] + "\n";
  return out;
}

nlohmann::json read_json_file(const fs::path& path, const std::string& what) {
  try {
    return nlohmann::json::parse(util::read_file(path));
  } catch (const nlohmann::json::exception& e) {
    throw Diagnostic(path.string(), 0, 0, what + " is not valid JSON: " + e.what());
  }
}

std::string markdown_report(const synth_stats& st, const std::string& top, const std::string& target,
                            const std::string& yosys_version, int emitted_luts) {
  std::ostringstream md;
  md << "# Synthesis of `" << top << "` (target " << target << ")\n\n";
  md << "| resource | count |\n|---|---:|\n";
  md << "| LUTs | " << st.luts << " |\n";
  for (auto it = st.luts_by_size.rbegin(); it != st.luts_by_size.rend(); ++it)
    md << "| LUTs with " << it->first << " input" << (it->first == 1 ? "" : "s") << " | " << it->second << " |\n";
  md << "| MUXF7/MUXF8 | " << st.muxf << " |\n";
  md << "| carry cells | " << st.carry << " |\n";
  md << "| flip-flops | " << st.ff << " |\n";
  md << "| logic depth (LUT/MUXF levels) | " << st.depth << " |\n\n";
  if (emitted_luts >= 0) md << "lutc emitted " << emitted_luts << " LUTs.\n";
  std::ostringstream secs;
  secs << std::fixed << std::setprecision(2) << st.seconds;
  md << yosys_version << ", " << secs.str() << " s. Script `synth/synth.ys`, log `synth/yosys.log`.\n";
  return md.str();
}

}  // namespace detail

synth_stats run_synth(const fs::path& out_dir, const synth_params& ps) {
  if (ps.target != "xilinx" && ps.target != "xcup" && ps.target != "generic" && ps.target != "ice40")
    throw Diagnostic("unknown synthesis target '" + ps.target + "' (expected xilinx, xcup, generic or ice40)");
  // Xilinx families: xilinx = 7-series (CARRY4), xcup = UltraScale+ (CARRY8); both take LUTn primitives.
  const bool xilinx_family = ps.target == "xilinx" || ps.target == "xcup";
  CompiledDesign compiled = CompiledDesign::open(out_dir);
  fs::path report_path = compiled.report_path();
  const std::string& top = compiled.design().top;
  const std::string& rtl_target = compiled.design().target;
  std::vector<std::string> sources = compiled.synthesis_files();
  for (const auto& f : sources)
    if (f.find_first_of(" \t\n\"';") != std::string::npos)
      throw Diagnostic(report_path.string(), 0, 0, "RTL file name '" + f + "' contains characters Yosys scripts cannot take");
  if (sources.empty()) throw Diagnostic(report_path.string(), 0, 0, "'design' lists no RTL files");

  fs::path synth_dir = out_dir / "synth";
  fs::create_directories(synth_dir);
  // Xilinx LUT primitives are native cells only for synth_xilinx; other targets synthesize them
  // from the behavioural models, which are then real logic rather than simulation models.
  if (rtl_target == "xilinx" && !xilinx_family) {
    util::write_file(synth_dir / "lut_cells.v", util::resource("rtl_templates/lut_models.v"));
    sources.push_back("synth/lut_cells.v");
  }
  std::string read;
  for (size_t i = 0; i < sources.size(); ++i) read += (i ? "\n" : "") + std::string("read_verilog ") + sources[i];
  std::string script = util::render_template(util::resource("yosys_scripts/synth_" + ps.target + ".ys"),
                                             {{"READ", read},
                                              {"TOP", top},
                                              {"STAT_JSON", "synth/stat.json"},
                                              {"NETLIST_JSON", "synth/netlist.json"}});
  util::write_file(synth_dir / "synth.ys", script);
  for (const char* stale : {"stat.json", "netlist.json", "report.json", "report.md"}) fs::remove(synth_dir / stale);

  synth_stats st;
  st.log_path = (synth_dir / "yosys.log").string();
  log::info("synth: running " + ps.yosys + " (" + ps.target + ") on " + std::to_string(sources.size()) + " file" +
            (sources.size() == 1 ? "" : "s"));
  auto start = std::chrono::steady_clock::now();
  auto result = util::run_process({ps.yosys, "-q", "-l", "synth/yosys.log", "-s", "synth/synth.ys"},
                                  {out_dir, util::timeouts::kYosys, "yosys"});
  st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (result.exit_code != 0 || !fs::exists(synth_dir / "stat.json") || !fs::exists(synth_dir / "netlist.json")) {
    std::string log_text = fs::exists(st.log_path) ? util::read_file(st.log_path) : result.output;
    throw Diagnostic(st.log_path, 0, 0,
                     "yosys failed (exit code " + std::to_string(result.exit_code) + "); last lines of the log:\n" +
                         detail::log_excerpt(log_text, 20));
  }

  nlohmann::json stat = detail::read_json_file(synth_dir / "stat.json", "Yosys stat output");
  nlohmann::json netlist = detail::read_json_file(synth_dir / "netlist.json", "Yosys netlist");
  synth_stats counted;
  try {
    counted = detail::count_resources(stat, netlist, top);
  } catch (const std::exception& e) {
    throw Diagnostic(st.log_path, 0, 0, std::string("cannot read the Yosys results: ") + e.what());
  }
  counted.seconds = st.seconds;
  counted.log_path = st.log_path;
  st = counted;
  fs::remove(synth_dir / "netlist.json");  // large and reproducible with synth/synth.ys

  std::string yosys_version = stat.value("creator", "Yosys");
  int emitted_luts = static_cast<int>(compiled.report.luts);  // -1 when the report does not say
  nlohmann::json by_size = nlohmann::json::object();
  for (const auto& [k, n] : st.luts_by_size) by_size[std::to_string(k)] = n;
  nlohmann::json out = {{"top", top},
                        {"target", ps.target},
                        {"rtl_target", rtl_target},
                        {"luts", st.luts},
                        {"luts_by_size", by_size},
                        {"muxf", st.muxf},
                        {"carry", st.carry},
                        {"ff", st.ff},
                        {"depth", st.depth},
                        {"seconds", st.seconds},
                        {"cells_by_type", stat.contains("design") ? stat["design"].value("num_cells_by_type", nlohmann::json::object())
                                                                  : nlohmann::json::object()},
                        {"emitted_luts", emitted_luts},
                        {"yosys", yosys_version},
                        {"script", "synth/synth.ys"},
                        {"log", "synth/yosys.log"}};
  util::write_file(synth_dir / "report.json", out.dump(2) + "\n");
  util::write_file(synth_dir / "report.md", detail::markdown_report(st, top, ps.target, yosys_version, emitted_luts));

  std::ostringstream msg;
  msg << "synth: " << st.luts << " LUTs, " << st.muxf << " MUXF, " << st.carry << " carry, " << st.ff << " FFs, depth "
      << st.depth << " (" << std::fixed << std::setprecision(1) << st.seconds << " s) → " << (synth_dir / "report.md").string();
  log::info(msg.str());
  // Adder cells become carry chains plus LUTs, so only pure LUT designs must keep their count.
  bool has_cells = compiled.report.adder_cells > 0;
  if (xilinx_family && rtl_target == "xilinx" && !has_cells && emitted_luts >= 0 && emitted_luts != st.luts)
    log::warn("yosys changed the LUT count: lutc emitted " + std::to_string(emitted_luts) + ", yosys reports " +
              std::to_string(st.luts));
  return st;
}

}  // namespace lutc::backend
