#include "backend/compiled_design.hpp"

#include <algorithm>

#include "util/diagnostic.hpp"
#include "util/fs.hpp"

namespace lutc::backend {
namespace fs = std::filesystem;
using nlohmann::json;

fs::path CompiledDesign::model_path() const {
  auto json = dir / "model.json";
  return fs::exists(json) ? json : dir / "model.yaml";
}

int DesignInfo::input_bits() const {
  int n = 0;
  for (const auto& p : inputs) n += p.width;
  return n;
}

int DesignInfo::output_bits() const {
  int n = 0;
  for (const auto& p : outputs) n += p.width;
  return n;
}

namespace detail {

[[noreturn]] void malformed(const std::string& origin, const std::string& what) {
  throw Diagnostic(origin, 0, 0, "design: " + what);
}

/// What the macros cannot say: required fields and sane values.
void check_design(const json& j, const DesignInfo& d, const std::string& origin) {
  for (const char* key : {"top", "outputs", "rtl_files"})
    if (!j.contains(key)) malformed(origin, std::string("missing field '") + key + "'");
  if (d.top.empty()) malformed(origin, "'top' must be a module name");
  for (const auto* list : {&d.inputs, &d.outputs})
    for (const auto& p : *list) {
      if (p.name.empty()) malformed(origin, "every port needs a 'name'");
      if (p.width <= 0) malformed(origin, "port '" + p.name + "' has width " + std::to_string(p.width));
    }
  if (d.outputs.empty()) malformed(origin, "the design has no outputs");
  if (d.rtl_files.empty()) malformed(origin, "'rtl_files' is empty");
  if (d.pipeline < 0 || d.latency < 0) malformed(origin, "'pipeline' and 'latency' must be non-negative integers");
  if (d.stage_delay < 0) malformed(origin, "'stage_delay' must be non-negative");
}

}  // namespace detail

CompileReport CompiledDesign::from_json_text(const std::string& text, const std::string& origin) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for numbers like 1e400
    throw Diagnostic(origin, 0, 0, std::string("invalid JSON: ") + e.what());
  }
  if (!j.is_object()) throw Diagnostic(origin, 0, 0, "the report must be a JSON object");
  if (!j.contains("design")) throw Diagnostic(origin, 0, 0, "no 'design' object; is this a `lutc compile` report?");
  if (!j["design"].is_object()) detail::malformed(origin, "'design' must be an object");
  CompileReport r;
  try {
    r = j.get<CompileReport>();
  } catch (const json::exception& e) {
    // e.what() names the JSON type mismatch, e.g. "type must be number, but is string".
    throw Diagnostic(origin, 0, 0, std::string("a field has the wrong type: ") + e.what());
  }
  detail::check_design(j["design"], r.design, origin);
  return r;
}

bool CompiledDesign::is_output_dir(const fs::path& path) {
  return fs::is_directory(path) && fs::exists(path / "report.json");
}

CompiledDesign CompiledDesign::open(const fs::path& out_dir) {
  CompiledDesign cd;
  cd.dir = out_dir;
  if (!is_output_dir(out_dir))
    throw Diagnostic(out_dir.string(), 0, 0,
                     "not a lutc output directory (no report.json); run 'lutc compile MODEL -o " + out_dir.string() +
                         "' first");
  std::string origin = cd.report_path().string();
  cd.report = from_json_text(util::read_file(cd.report_path()), origin);
  for (const auto* list : {&cd.report.design.rtl_files, &cd.report.design.sim_only_files})
    for (const auto& f : *list)
      if (!fs::exists(out_dir / f)) detail::malformed(origin, "listed file '" + f + "' does not exist");
  return cd;
}

std::vector<fs::path> CompiledDesign::simulation_files() const {
  std::vector<fs::path> files;
  for (const auto* list : {&report.design.rtl_files, &report.design.sim_only_files})
    for (const auto& f : *list) {
      fs::path p = fs::absolute(dir / f).lexically_normal();
      if (std::find(files.begin(), files.end(), p) == files.end()) files.push_back(p);
    }
  return files;
}

std::vector<std::string> CompiledDesign::synthesis_files() const {
  const auto& d = report.design;
  std::vector<std::string> files;
  for (const auto& f : d.rtl_files)
    if (std::find(d.sim_only_files.begin(), d.sim_only_files.end(), f) == d.sim_only_files.end()) files.push_back(f);
  return files;
}

std::string CompiledDesign::to_json_text() const {
  json j = report;
  if (report.care_data.is_null()) j.erase("care_data");
  if (report.verification.vectors == 0) j.erase("verification");
  return j.dump(2) + "\n";
}

void CompiledDesign::save() const { util::write_atomic(report_path(), to_json_text()); }

}  // namespace lutc::backend
