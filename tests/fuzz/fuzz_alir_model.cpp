// libFuzzer target: the ALIR v4 JSON model reader (alkaid / HGQ-LUT models).
#include "frontend/alir_json.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return lutc::fuzz::fuzz_model(data, size, "fuzz.json", [](const char* file, const std::string& text) {
    return lutc::frontend::parse_alir(file, text);
  });
}
