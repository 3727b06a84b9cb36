#pragma once
// Exact evaluation of the arithmetic node kinds (ir/ops.hpp) on integer codes: the one place
// that defines what each kind computes, shared by the software model, range analysis and tests.
#include <cstdint>
#include <vector>

#include "ir/network.hpp"

namespace lutc::ir {

/// The signed integer a code stands for in `n`'s format (sign-extended when the format is signed).
int64_t signed_code(uint64_t code, const Node& n);

/// Code of arithmetic node `n` given the codes of its operands (in operand order, each the
/// operand node's code). The result is wrapped into `n.width` bits.
uint64_t evaluate_arithmetic(const Network& net, const Node& n, const std::vector<uint64_t>& operand_codes);

/// Fractional bits of a node's format (0 when it has none).
inline int frac_bits_of(const Node& n) { return n.format ? n.format->frac_bits : 0; }

}  // namespace lutc::ir
