// libFuzzer target: the ALIR v4 JSON model reader (alkaid / HGQ-LUT models).
#include "frontend/alir_json.hpp"
#include "fuzz_common.hpp"

using namespace lutc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  ir::Network net;
  try {
    net = frontend::parse_alir("fuzz.json", text);
  } catch (const Diagnostic&) {
    return 0;  // rejected with a message: fine
  }
  fuzz::check_accepted(net);  // anything thrown here is a finding
  return 0;
}
