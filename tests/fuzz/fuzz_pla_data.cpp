// libFuzzer target: the PLA data set reader, against the shipped tiny_mlp example model.
#include "frontend/dataset.hpp"
#include "frontend/read_model.hpp"
#include "fuzz_common.hpp"

using namespace lutc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const ir::Network net = frontend::read_model(LUTC_SOURCE_DIR "/examples/tiny_mlp.yaml");
  std::string text(reinterpret_cast<const char*>(data), size);
  frontend::Dataset d;
  try {
    d = frontend::parse_dataset("fuzz.pla", text, net);
  } catch (const Diagnostic&) {
    return 0;
  }
  // Accepted samples are evaluated: every code must fit its port.
  ir::SoftwareModel model(net);
  for (const auto& codes : d.inputs) {
    for (size_t p = 0; p < codes.size(); ++p)
      if (codes[p] >> net.nodes[net.inputs[p]].width) __builtin_trap();
    model.evaluate(codes);
  }
  return 0;
}
