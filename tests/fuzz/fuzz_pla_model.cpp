// libFuzzer target: the pla model reader.
#include "frontend/pla_file.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return lutc::fuzz::fuzz_model(data, size, "fuzz.pla", [](const char* file, const std::string& text) {
    return lutc::frontend::read_pla(file, text);
  });
}
