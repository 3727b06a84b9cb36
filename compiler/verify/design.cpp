#include "verify/design.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "util/diagnostic.hpp"
#include "util/fs.hpp"

namespace lutc::verify {
namespace fs = std::filesystem;
using nlohmann::json;

int Design::input_bits() const {
  int n = 0;
  for (const auto& p : inputs) n += p.width;
  return n;
}

int Design::output_bits() const {
  int n = 0;
  for (const auto& p : outputs) n += p.width;
  return n;
}

std::vector<fs::path> Design::simulation_files() const {
  std::vector<fs::path> files;
  for (const auto* list : {&rtl_files, &sim_only_files})
    for (const auto& f : *list)
      if (std::find(files.begin(), files.end(), f) == files.end()) files.push_back(f);
  return files;
}

namespace detail {

[[noreturn]] void malformed(const std::string& origin, const std::string& what) {
  throw Diagnostic(origin, 0, 0, "design: " + what);
}

const json& field(const json& obj, const char* key, const std::string& origin) {
  auto it = obj.find(key);
  if (it == obj.end()) malformed(origin, std::string("missing field '") + key + "'");
  return *it;
}

std::vector<DesignPort> read_ports(const json& obj, const char* key, const std::string& origin) {
  const json& list = field(obj, key, origin);
  if (!list.is_array()) malformed(origin, std::string("'") + key + "' must be an array");
  std::vector<DesignPort> ports;
  for (const auto& p : list) {
    if (!p.is_object() || !p.contains("name") || !p.contains("width") || !p["name"].is_string() ||
        !p["width"].is_number_integer())
      malformed(origin, std::string("each of '") + key + "' needs a string 'name' and an integer 'width'");
    DesignPort port{p["name"].get<std::string>(), p["width"].get<int>()};
    if (port.width <= 0) malformed(origin, "port '" + port.name + "' has width " + std::to_string(port.width));
    ports.push_back(std::move(port));
  }
  return ports;
}

std::vector<fs::path> read_files(const json& obj, const char* key, const fs::path& base, const std::string& origin,
                                 bool required) {
  std::vector<fs::path> files;
  if (!obj.contains(key)) {
    if (required) malformed(origin, std::string("missing field '") + key + "'");
    return files;
  }
  const json& list = obj[key];
  if (!list.is_array()) malformed(origin, std::string("'") + key + "' must be an array of paths");
  for (const auto& f : list) {
    if (!f.is_string()) malformed(origin, std::string("'") + key + "' must be an array of paths");
    fs::path p = base / f.get<std::string>();
    if (!fs::exists(p)) malformed(origin, "listed file '" + f.get<std::string>() + "' does not exist");
    files.push_back(fs::absolute(p).lexically_normal());
  }
  return files;
}

int read_int(const json& obj, const char* key, int fallback, const std::string& origin) {
  if (!obj.contains(key)) return fallback;
  if (!obj[key].is_number_integer() || obj[key].get<int>() < 0)
    malformed(origin, std::string("'") + key + "' must be a non-negative integer");
  return obj[key].get<int>();
}

Design from_json(const json& d, const fs::path& base, const std::string& origin) {
  if (!d.is_object()) malformed(origin, "'design' must be an object");
  Design design;
  const json& top = field(d, "top", origin);
  if (!top.is_string() || top.get<std::string>().empty()) malformed(origin, "'top' must be a module name");
  design.top = top.get<std::string>();
  if (d.contains("target") && d["target"].is_string()) design.target = d["target"].get<std::string>();
  design.pipeline = read_int(d, "pipeline", 0, origin);
  design.latency = read_int(d, "latency", 0, origin);
  design.inputs = read_ports(d, "inputs", origin);
  design.outputs = read_ports(d, "outputs", origin);
  if (design.outputs.empty()) malformed(origin, "the design has no outputs");
  design.rtl_files = read_files(d, "rtl_files", base, origin, true);
  design.sim_only_files = read_files(d, "sim_only_files", base, origin, false);
  if (design.rtl_files.empty()) malformed(origin, "'rtl_files' is empty");
  return design;
}

}  // namespace detail

Design parse_design(const std::string& json_text, const fs::path& base_dir, const std::string& origin) {
  json d;
  try {
    d = json::parse(json_text);
  } catch (const json::parse_error& e) {
    throw Diagnostic(origin, 0, 0, std::string("invalid JSON: ") + e.what());
  }
  return detail::from_json(d, base_dir, origin);
}

Design read_design(const fs::path& out_dir) {
  fs::path report = out_dir / "report.json";
  if (!fs::exists(report))
    throw Diagnostic(report.string(), 0, 0, "not found; is '" + out_dir.string() + "' a `lutc compile` output directory?");
  json r;
  try {
    r = json::parse(util::read_file(report));
  } catch (const json::parse_error& e) {
    throw Diagnostic(report.string(), 0, 0, std::string("invalid JSON: ") + e.what());
  }
  if (!r.is_object() || !r.contains("design")) throw Diagnostic(report.string(), 0, 0, "no 'design' object");
  return detail::from_json(r["design"], out_dir, report.string());
}

}  // namespace lutc::verify
