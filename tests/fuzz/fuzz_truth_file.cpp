// libFuzzer target: the truth file reader.
#include "frontend/truth_file.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return lutc::fuzz::fuzz_model(data, size, "fuzz.truth", [](const char* file, const std::string& text) {
    return lutc::frontend::read_truth(file, text);
  });
}
