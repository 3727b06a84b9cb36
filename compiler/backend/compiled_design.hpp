#pragma once
// The one owner of a `lutc compile` output directory OUT (docs/architecture.md):
//   OUT/report.json  the compile's numbers and the `design` object (top, ports, clocking, files),
//   OUT/model.yaml   the model as read (OUT/model.json for ALIR models), OUT/netlist.json the emitted LUT netlist, OUT/rtl/*.v.
// compile writes it, verify/synth/eval open it; JSON goes through the NLOHMANN_DEFINE_TYPE_*
// declarations below, so a field is named in exactly one place.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backend/netlist.hpp"

namespace lutc::backend {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Port, name, width)

/// The `design` object of report.json: what simulation and synthesis need about the emitted RTL.
struct DesignInfo {
  std::string top;
  std::string target = "xilinx";                // RTL flavour: xilinx | generic
  int lut_size = 6;
  int pipeline = 0;                             // > 0: the top has a `clk` input
  int latency = 0;                              // rising edges from inputs to outputs
  std::vector<Port> inputs;                     // port order = packing order (port 0 at bit 0)
  std::vector<Port> outputs;
  std::vector<std::string> rtl_files;           // relative to OUT; what synthesis reads
  std::vector<std::string> sim_only_files;      // relative to OUT; simulation models (LUT6 ...)

  bool has_clock() const { return pipeline > 0; }
  int input_bits() const;
  int output_bits() const;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(DesignInfo, top, target, lut_size, pipeline, latency, inputs, outputs,
                                                rtl_files, sim_only_files)

/// One neuron layer of the emitted netlist (report.json `layers`): what it costs before synthesis.
struct LayerReport {
  int layer = 0;                       // 1-based neuron layer
  int stage = 0;                       // pipeline stage (0 when combinational)
  uint64_t tables = 0;                 // minimized tables of this layer
  uint64_t luts = 0;                   // emitted LUTs
  uint64_t adder_cells = 0;            // typed adder cells (carry chains after synthesis)
  uint64_t adder_bits = 0;             // their output bits
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(LayerReport, layer, stage, tables, luts, adder_cells, adder_bits)

/// Classification accuracy on one data file with a `label` column, measured by `lutc verify`:
/// the class the simulated RTL predicts against the software model's (ir::predicted_class).
struct DataAccuracy {
  std::string file;
  uint64_t samples = 0;                // samples of the file
  uint64_t labelled = 0;               // samples with a known class
  uint64_t rtl_correct = 0;            // RTL (Verilator) predicts the label
  uint64_t model_correct = 0;          // software model predicts the label
  uint64_t class_mismatches = 0;       // samples where RTL and model predict different classes
  double rtl_accuracy = 0;             // rtl_correct / labelled
  double model_accuracy = 0;           // model_correct / labelled
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(DataAccuracy, file, samples, labelled, rtl_correct, model_correct,
                                                class_mismatches, rtl_accuracy, model_accuracy)

/// The last `lutc verify` of OUT (report.json `verification`; absent until verify ran).
struct VerifyReport {
  uint64_t vectors = 0;                // 0: never verified
  uint64_t mismatches = 0;             // vectors with a differing known output bit
  uint64_t compared_bits = 0;
  bool exhaustive = false;
  uint64_t random_vectors = 0;         // exhaustive or random vectors before the data samples
  uint64_t seed = 0;
  double seconds = 0;                  // Verilator build + simulation
  std::string simulator = "verilator";
  std::vector<DataAccuracy> data;
  std::string first_mismatch;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(VerifyReport, vectors, mismatches, compared_bits, exhaustive,
                                                random_vectors, seed, seconds, simulator, data, first_mismatch)

/// OUT/report.json. The per-stage and per-table sections belong to the compile driver, which
/// fills them from its own `*_stats` structs.
struct CompileReport {
  std::string lutc_version;
  std::string model;                   // the model file compiled
  int64_t luts = -1;                   // LUTs in the emitted netlist (-1: not recorded)
  uint64_t adder_cells = 0;            // typed adder cells (ALIR arithmetic)
  uint64_t adder_cell_bits = 0;        // their total output bits
  uint64_t neurons = 0;                // tables after the passes
  uint64_t inputs_pruned = 0;
  uint64_t table_bits_before = 0;
  uint64_t table_bits_after = 0;
  double dont_care_fraction = 0;
  int depth = 0;
  int latency = 0;
  double seconds = 0;
  DesignInfo design;
  nlohmann::json stages = nlohmann::json::object();
  nlohmann::json tables = nlohmann::json::array();
  nlohmann::json care_data;            // null: compiled without --care-data (then not written)
  std::vector<LayerReport> layers;     // per neuron layer of the emitted netlist
  VerifyReport verification;           // written by `lutc verify` (left out while vectors == 0)
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(CompileReport, lutc_version, model, luts, adder_cells,
                                                adder_cell_bits, neurons, inputs_pruned,
                                                table_bits_before, table_bits_after, dont_care_fraction, depth, latency,
                                                seconds, design, stages, tables, care_data, layers, verification)

/// A compile output directory and its report.
struct CompiledDesign {
  std::filesystem::path dir;
  CompileReport report;

  /// Reads and checks OUT/report.json. Throws a Diagnostic naming the file when OUT is not a
  /// compile output directory, the report is not JSON or a field has the wrong type, the design
  /// has no top, no outputs, a port of width <= 0, or lists a file that does not exist.
  static CompiledDesign open(const std::filesystem::path& out_dir);
  /// True if `path` looks like a compile output directory (it has a report.json).
  static bool is_output_dir(const std::filesystem::path& path);

  const DesignInfo& design() const { return report.design; }
  std::filesystem::path report_path() const { return dir / "report.json"; }
  /// The saved software model: OUT/model.json (ALIR, kept as read) or OUT/model.yaml.
  std::filesystem::path model_path() const;
  std::filesystem::path netlist_path() const { return dir / "netlist.json"; }
  /// rtl_files then sim_only_files, absolute, without repeats.
  std::vector<std::filesystem::path> simulation_files() const;
  /// rtl_files that are not simulation-only, relative to `dir`: what synthesis reads.
  std::vector<std::string> synthesis_files() const;

  /// report.json's text (care_data left out when null, verification before verify ran).
  std::string to_json_text() const;
  /// Rewrites OUT/report.json from `report`, atomically (readers see the old or the new report).
  void save() const;
  /// Parses report.json's text; `origin` names the file in diagnostics. Checks as `open` does,
  /// except that listed files are not looked up.
  static CompileReport from_json_text(const std::string& text, const std::string& origin);
};

}  // namespace lutc::backend
