// libFuzzer target: the CSV data set reader, against the shipped tiny_mlp example model.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return lutc::fuzz::fuzz_dataset(data, size, "fuzz.csv");
}
