#include "backend/netlist.hpp"

namespace lutc::backend {

std::vector<uint64_t> evaluate_ports(const Netlist& nl, const std::vector<uint64_t>& input_codes) {
  std::vector<bool> bits;
  for (size_t p = 0; p < nl.inputs.size(); ++p)
    for (int b = 0; b < nl.inputs[p].width; ++b) bits.push_back((input_codes[p] >> b) & 1);
  auto out = nl.luts.evaluate(bits);
  std::vector<uint64_t> codes(nl.outputs.size(), 0);
  size_t k = 0;
  for (size_t p = 0; p < nl.outputs.size(); ++p)
    for (int b = 0; b < nl.outputs[p].width; ++b, ++k)
      if (out[k]) codes[p] |= uint64_t{1} << b;
  return codes;
}

}  // namespace lutc::backend
