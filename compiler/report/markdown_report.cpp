#include "report/markdown_report.hpp"

#include <cstdio>
#include <sstream>

namespace lutc::report {

namespace {

std::string percent(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", 100 * x);
  return buf;
}

std::string synth_cell(const nlohmann::json& synth, const char* key) {
  if (synth.is_null() || !synth.contains(key)) return "-";
  return synth[key].dump();
}

}  // namespace

std::string markdown_report(const std::vector<report_input>& designs) {
  std::ostringstream md;
  md << "| design | LUTs emitted | LUTs (Yosys) | carry | FF | MUXF | depth (Yosys) | latency | vectors | mismatches | "
        "accuracy, RTL | accuracy, model |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& d : designs) {
    const backend::CompileReport& r = d.compiled.report;
    const backend::VerifyReport& v = r.verification;
    const backend::DataAccuracy* acc = nullptr;
    for (const auto& a : v.data)
      if (!acc && a.labelled) acc = &a;
    md << "| " << d.label << " | " << r.luts << " | " << synth_cell(d.synth, "luts") << " | " << synth_cell(d.synth, "carry")
       << " | " << synth_cell(d.synth, "ff") << " | " << synth_cell(d.synth, "muxf") << " | " << synth_cell(d.synth, "depth")
       << " | " << r.latency << " | " << (v.vectors ? std::to_string(v.vectors) : "-") << " | "
       << (v.vectors ? std::to_string(v.mismatches) : "-") << " | " << (acc ? percent(acc->rtl_accuracy) : "-") << " | "
       << (acc ? percent(acc->model_accuracy) : "-") << " |\n";
  }
  // LUTs each step saved (report.json stages.lut_savings; IR passes by an estimate).
  bool header = false;
  for (const auto& d : designs) {
    const auto& stages = d.compiled.report.stages;
    if (!stages.contains("lut_savings") || !stages["lut_savings"].is_array()) continue;
    if (!header)
      md << "\n| design | step | LUTs before | LUTs after | saved | count |\n|---|---|---:|---:|---:|---|\n";
    header = true;
    for (const auto& row : stages["lut_savings"])
      md << "| " << d.label << " | " << row.value("step", "") << " | " << row.value("luts_before", int64_t{0}) << " | "
         << row.value("luts_after", int64_t{0}) << " | " << row.value("luts_saved", int64_t{0}) << " | "
         << (row.value("exact", false) ? "exact" : "estimate") << " |\n";
  }
  return md.str();
}

}  // namespace lutc::report
