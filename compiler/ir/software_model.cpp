#include "ir/software_model.hpp"

#include <type_traits>

#include "ir/arith.hpp"

namespace lutc::ir {

SoftwareModel::SoftwareModel(const Network& net) : net_(net) {}

uint64_t SoftwareModel::table_index(const Node& n, const std::vector<uint64_t>& value) {
  uint64_t index = 0;
  int shift = 0;
  for (const auto& op : n.operands) {
    index |= bits_of(value[op.node], op.lo, op.width) << shift;
    shift += op.width;
  }
  return index;
}

ModelResult SoftwareModel::evaluate(const std::vector<uint64_t>& input_codes) const {
  std::vector<uint64_t> value, known;
  evaluate_nodes(input_codes, value, known);
  ModelResult r;
  for (const auto& o : net_.outputs) {
    r.values.push_back(bits_of(value[o.source.node], o.source.lo, o.source.width));
    r.known.push_back(bits_of(known[o.source.node], o.source.lo, o.source.width));
  }
  return r;
}

void SoftwareModel::evaluate_nodes(const std::vector<uint64_t>& input_codes, std::vector<uint64_t>& value,
                                   std::vector<uint64_t>& known) const {
  const auto& nodes = net_.nodes;
  value.assign(nodes.size(), 0);
  known.assign(nodes.size(), 0);
  size_t next_input = 0;
  for (size_t i = 0; i < nodes.size(); ++i) {
    const Node& n = nodes[i];
    uint64_t mask = n.width >= 64 ? ~uint64_t{0} : (uint64_t{1} << n.width) - 1;
    if (n.kind() == NodeKind::input) {
      value[i] = input_codes.at(next_input++) & mask;
      known[i] = mask;
      continue;
    }
    std::visit(
        [&](const auto& op) {
          using T = std::decay_t<decltype(op)>;
          if constexpr (std::is_same_v<T, InputOp>) {
          } else if constexpr (std::is_same_v<T, ConstantOp>) {
            value[i] = op.value & mask;
            known[i] = mask;
          } else if constexpr (std::is_same_v<T, Table>) {
            uint64_t index = table_index(n, value);
            bool index_known = true;
            for (const auto& o : n.operands) {
              uint64_t opmask = o.width >= 64 ? ~uint64_t{0} : (uint64_t{1} << o.width) - 1;
              if (bits_of(known[o.node], o.lo, o.width) != opmask) index_known = false;
            }
            value[i] = op.rows[index] & mask;
            uint64_t k = 0;
            if (index_known)
              for (int b = 0; b < n.width; ++b)
                if (op.cares(b, index)) k |= uint64_t{1} << b;
            known[i] = k;
          } else {
            // Arithmetic: exact on the operands' codes; known only when every operand bit is.
            std::vector<uint64_t> codes;
            bool all_known = true;
            for (const auto& o : n.operands) {
              codes.push_back(value[o.node]);
              uint64_t opmask = o.width >= 64 ? ~uint64_t{0} : (uint64_t{1} << o.width) - 1;
              if ((known[o.node] & opmask) != opmask) all_known = false;
            }
            value[i] = evaluate_arithmetic(net_, n, codes);
            known[i] = all_known ? mask : 0;
          }
        },
        n.op);
  }
}

std::vector<uint32_t> pack_ports(const std::vector<uint64_t>& codes, const std::vector<int>& widths) {
  int total = 0;
  for (int w : widths) total += w;
  std::vector<uint32_t> words(static_cast<size_t>((total + 31) / 32), 0);
  int pos = 0;
  for (size_t p = 0; p < widths.size(); ++p) {
    for (int b = 0; b < widths[p]; ++b, ++pos)
      if ((codes[p] >> b) & 1) words[static_cast<size_t>(pos / 32)] |= uint32_t{1} << (pos % 32);
  }
  return words;
}

std::vector<uint64_t> unpack_ports(const std::vector<uint32_t>& words, const std::vector<int>& widths) {
  std::vector<uint64_t> codes(widths.size(), 0);
  int pos = 0;
  for (size_t p = 0; p < widths.size(); ++p)
    for (int b = 0; b < widths[p]; ++b, ++pos)
      if ((words[static_cast<size_t>(pos / 32)] >> (pos % 32)) & 1) codes[p] |= uint64_t{1} << b;
  return codes;
}

}  // namespace lutc::ir
