// libFuzzer target: the yaml model reader.
#include "frontend/yaml_model.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return lutc::fuzz::fuzz_model(data, size, "fuzz.yaml", [](const char* file, const std::string& text) {
    return lutc::frontend::read_yaml_model(file, text);
  });
}
