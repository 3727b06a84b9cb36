#pragma once
// `lutc eval`: run a model (its software model) or a compiled output directory (its LUT
// netlist, exactly what the hardware computes) over a data set.
#include <string>

#include <nlohmann/json.hpp>

namespace lutc::flow {

struct eval_params {
  std::string data_file;
  size_t max_rows_printed = 20;   // rows printed without labels (0 = all)
};

struct eval_stats {
  size_t samples = 0;
  bool has_labels = false;
  double accuracy = 0;            // fraction of labelled samples whose known label bits all match
  bool compiled = false;          // evaluated a compiled netlist (OUT) rather than a model file
  double agreement = 1;           // compiled only: fraction of samples where netlist == model on known bits
  double exact_agreement = 1;     // compiled only: fraction where netlist == model on all bits
  // With a `label` column (class per sample, ir::predicted_class): over the labelled samples.
  bool has_classes = false;
  size_t labelled = 0;
  double class_accuracy = 0;        // of what was evaluated (the netlist for an OUT, else the model)
  double model_class_accuracy = 0;  // of the software model
  size_t class_disagreements = 0;   // compiled only: samples where netlist and model predict different classes
};

/// Evaluates `model_or_out` on the data set; `rows` receives one JSON object per sample (outputs).
eval_stats evaluate_data(const std::string& model_or_out, const eval_params& ps, nlohmann::json* rows = nullptr);

}  // namespace lutc::flow
