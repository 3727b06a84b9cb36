#include "flow/eval.hpp"

#include <filesystem>

#include "backend/compiled_design.hpp"
#include "backend/netlist_json.hpp"
#include "flow/compile.hpp"
#include "frontend/alir_json.hpp"
#include "frontend/dataset.hpp"
#include "frontend/read_model.hpp"
#include "ir/batch_model.hpp"
#include "util/diagnostic.hpp"
#include "util/fs.hpp"

namespace lutc::flow {
namespace fs = std::filesystem;


eval_stats evaluate_data(const std::string& model_or_out, const eval_params& ps, nlohmann::json* rows) {
  eval_stats st;
  // A compile output directory (it has a report.json) holds model.yaml and netlist.json; any
  // other directory is a model (LogicNets Verilog).
  bool is_out = backend::CompiledDesign::is_output_dir(model_or_out);
  std::string model_path = model_or_out;
  backend::Netlist nl;
  if (is_out) {
    auto compiled = backend::CompiledDesign::open(model_or_out);
    model_path = compiled.model_path().string();
    std::string path = compiled.netlist_path().string();
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(util::read_file(path));
    } catch (const nlohmann::json::exception& e) {
      throw Diagnostic(path, 0, 0, std::string("invalid JSON: ") + e.what());
    }
    nl = backend::netlist_from_json(j, path);
    st.compiled = true;
  }
  ir::Network net = frontend::read_model(model_path);
  auto data = frontend::read_dataset(ps.data_file, net);
  // The software model's results for all samples, 64 per evaluation.
  const std::vector<ir::ModelResult> model_results = ir::BatchModel(net).evaluate(data.inputs);
  // ALIR models print real output values (arrays in port order); table networks their codes by name.
  const bool real_outputs = frontend::is_alir_path(model_path);
  st.samples = data.inputs.size();
  st.has_labels = data.has_labels;
  st.has_classes = data.has_classes;
  size_t correct = 0, labelled = 0, agree = 0, exact = 0, class_correct = 0, model_class_correct = 0;
  backend::PortEvaluator run_netlist(nl);
  for (size_t s = 0; s < data.inputs.size(); ++s) {
    const ir::ModelResult& ref = model_results[s];
    std::vector<uint64_t> got = is_out ? run_netlist(data.inputs[s]) : ref.values;
    if (is_out) {
      bool a = true, e = true;
      for (size_t p = 0; p < got.size(); ++p) {
        if ((got[p] ^ ref.values[p]) & ref.known[p]) a = false;
        if (got[p] != ref.values[p]) e = false;
      }
      agree += a;
      exact += e;
    }
    if (data.has_classes && data.classes[s] >= 0) {
      const int64_t got_class = ir::predicted_class(net.outputs, got), model_class = ir::predicted_class(net.outputs, ref.values);
      ++st.labelled;
      class_correct += got_class == data.classes[s];
      model_class_correct += model_class == data.classes[s];
      st.class_disagreements += got_class != model_class;
    }
    if (data.has_labels) {
      ++labelled;
      bool ok = true;
      for (size_t p = 0; p < got.size(); ++p)
        if ((got[p] ^ data.labels[s][p]) & data.label_known[s][p]) ok = false;
      correct += ok;
    }
    if (rows && real_outputs) {
      nlohmann::json r = nlohmann::json::array();
      for (size_t p = 0; p < got.size(); ++p) r.push_back(ir::port_value(net.outputs[p], got[p]));
      rows->push_back(r);
    } else if (rows) {
      nlohmann::json r;
      for (size_t p = 0; p < got.size(); ++p) r[net.outputs[p].name] = got[p];
      rows->push_back(r);
    }
  }
  if (labelled) st.accuracy = static_cast<double>(correct) / static_cast<double>(labelled);
  if (st.labelled) {
    st.class_accuracy = static_cast<double>(class_correct) / static_cast<double>(st.labelled);
    st.model_class_accuracy = static_cast<double>(model_class_correct) / static_cast<double>(st.labelled);
  }
  if (is_out && st.samples) {
    st.agreement = static_cast<double>(agree) / static_cast<double>(st.samples);
    st.exact_agreement = static_cast<double>(exact) / static_cast<double>(st.samples);
  }
  return st;
}

}  // namespace lutc::flow
