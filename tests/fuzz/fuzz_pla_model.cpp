// libFuzzer target: the pla model reader.
#include "frontend/pla_file.hpp"
#include "fuzz_common.hpp"

using namespace lutc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  ir::Network net;
  try {
    net = frontend::read_pla("fuzz.pla", text);
  } catch (const Diagnostic&) {
    return 0;  // rejected with a message: fine
  }
  fuzz::check_accepted(net);  // anything thrown here is a finding
  return 0;
}
