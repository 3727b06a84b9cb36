#include "ir/batch_model.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#include "ir/arith.hpp"

namespace lutc::ir {

void transpose64(uint64_t a[64]) {
  // Swap the off-diagonal blocks of 32x32, then 16x16, ..., 1x1 (Hacker's Delight 7-3).
  static constexpr uint64_t kMasks[6] = {0x00000000FFFFFFFFULL, 0x0000FFFF0000FFFFULL, 0x00FF00FF00FF00FFULL,
                                         0x0F0F0F0F0F0F0F0FULL, 0x3333333333333333ULL, 0x5555555555555555ULL};
  int s = 0;
  for (int j = 32; j != 0; j >>= 1, ++s) {
    const uint64_t m = kMasks[s];
    for (int k = 0; k < 64; k = ((k | j) + 1) & ~j) {
      const uint64_t t = ((a[k] >> j) ^ a[k | j]) & m;
      a[k] ^= t << j;
      a[k | j] ^= t;
    }
  }
}

namespace {

uint64_t low_mask(int width) { return width >= 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1; }

/// kSpread[x]: bit m of x moved to bit 0 of byte m.
constexpr auto kSpread = [] {
  std::array<uint64_t, 256> t{};
  for (int x = 0; x < 256; ++x)
    for (int m = 0; m < 8; ++m)
      if ((x >> m) & 1) t[static_cast<size_t>(x)] |= uint64_t{1} << (8 * m);
  return t;
}();

/// A table lookup for 64 lanes with at most 24 index planes and entries (row | care << width) of
/// at most 8 bits, without full 64x64 transposes (little-endian byte order): index planes are
/// spread byte-wise into per-lane index bytes, the entry bytes gathered back into planes with
/// the multiply trick (bit 0 of each byte of x lands in the top byte of x * 0x0102040810204080).
void lookup_bytes(const uint64_t* index_planes, int bits, const uint8_t* entries, size_t count, int width,
                  uint64_t index_known, uint64_t* value, uint64_t* known) {
  uint64_t acc[3][8] = {};
  for (int i = 0; i < bits; ++i)
    for (int g = 0; g < 8; ++g) acc[i >> 3][g] |= kSpread[(index_planes[i] >> (8 * g)) & 0xFF] << (i & 7);
  uint8_t index_bytes[3][64];
  std::memcpy(index_bytes, acc, sizeof index_bytes);  // byte l of row q: index bits 8q.. of lane l
  uint8_t looked_up[64];
  for (size_t l = 0; l < BatchModel::kLanes; ++l) {
    const uint32_t index = l < count ? static_cast<uint32_t>(index_bytes[0][l]) | static_cast<uint32_t>(index_bytes[1][l]) << 8 |
                                           static_cast<uint32_t>(index_bytes[2][l]) << 16
                                     : 0;
    looked_up[l] = entries[index];
  }
  uint64_t groups[8];
  std::memcpy(groups, looked_up, sizeof groups);  // byte m of groups[g]: lane 8g + m
  for (int b = 0; b < 2 * width; ++b) {
    uint64_t plane = 0;
    for (int g = 0; g < 8; ++g)
      plane |= (((groups[g] >> b) & 0x0101010101010101ULL) * 0x0102040810204080ULL >> 56) << (8 * g);
    if (b < width) value[b] = plane;
    else known[b - width] = plane & index_known;
  }
}

}  // namespace

BatchModel::BatchModel(const Network& net) : net_(net) {
  const size_t n = net.nodes.size();
  // Live nodes: read by an output, transitively (operands come before their readers).
  std::vector<bool> live(n, false);
  for (const auto& o : net.outputs) live[o.source.node] = true;
  for (size_t i = n; i-- > 0;)
    if (live[i])
      for (const auto& op : net.nodes[i].operands) live[op.node] = true;
  plane_.assign(n, 0);
  int next_input = 0;
  for (size_t i = 0; i < n; ++i) {
    const Node& node = net.nodes[i];
    const int input = node.kind() == NodeKind::input ? next_input++ : -1;
    if (!live[i]) continue;
    plane_[i] = planes_;
    planes_ += static_cast<size_t>(node.width);
    if (node.kind() != NodeKind::constant) steps_.push_back({static_cast<NodeId>(i), input});
  }
  fixed_value_.assign(planes_, 0);
  care_rows_.resize(n);
  packed8_.resize(n);
  packed16_.resize(n);
  for (size_t i = 0; i < n; ++i) {
    if (!live[i]) continue;
    const Node& node = net.nodes[i];
    if (node.kind() == NodeKind::constant) {
      for (int b = 0; b < node.width; ++b)
        fixed_value_[plane_[i] + static_cast<size_t>(b)] = ((node.constant_value() >> b) & 1) ? ~uint64_t{0} : 0;
    } else if (node.kind() == NodeKind::table) {
      const Table& t = node.table();
      std::vector<uint64_t> care(t.num_rows(), low_mask(node.width));
      if (!t.fully_specified()) {
        std::fill(care.begin(), care.end(), 0);
        for (int b = 0; b < node.width; ++b)
          for (uint64_t r = 0; r < t.num_rows(); ++r)
            if (t.cares(b, r)) care[r] |= uint64_t{1} << b;
      }
      const uint64_t mask = low_mask(node.width);
      if (2 * node.width <= 8) {
        packed8_[i].resize(t.num_rows());
        for (uint64_t r = 0; r < t.num_rows(); ++r) packed8_[i][r] = static_cast<uint8_t>((t.rows[r] & mask) | care[r] << node.width);
      } else if (2 * node.width <= 16) {
        packed16_[i].resize(t.num_rows());
        for (uint64_t r = 0; r < t.num_rows(); ++r) packed16_[i][r] = static_cast<uint16_t>((t.rows[r] & mask) | care[r] << node.width);
      } else if (!t.fully_specified()) {
        care_rows_[i] = std::move(care);
      }
    }
  }
}

void BatchModel::evaluate_block(const uint64_t* input_codes, size_t count, uint64_t* values, uint64_t* known) const {
  const auto& nodes = net_.nodes;
  // Constants (and dead padding) are known everywhere; every other plane is written below.
  std::vector<uint64_t> value = fixed_value_, know(planes_, ~uint64_t{0});
  uint64_t lanes[kLanes], cares[kLanes];
  const size_t ni = net_.inputs.size();
  for (const Step& step : steps_) {
    const Node& n = nodes[step.node];
    uint64_t* v = value.data() + plane_[step.node];
    uint64_t* k = know.data() + plane_[step.node];
    const uint64_t mask = low_mask(n.width);
    if (step.input >= 0) {
      for (size_t l = 0; l < kLanes; ++l) lanes[l] = l < count ? input_codes[l * ni + static_cast<size_t>(step.input)] & mask : 0;
      transpose64(lanes);
      std::copy_n(lanes, n.width, v);  // known planes stay all ones
      continue;
    }
    if (n.kind() == NodeKind::table) {
      const Table& t = n.table();
      // Index planes (operand 0 lowest) and the lanes whose whole index is known.
      uint64_t index_known = ~uint64_t{0};
      int pos = 0;
      std::fill_n(lanes, kLanes, 0);
      for (const auto& op : n.operands)
        for (int b = 0; b < op.width; ++b) {
          const size_t p = plane_[op.node] + static_cast<size_t>(op.lo + b);
          lanes[pos++] = value[p];
          index_known &= know[p];
        }
      const auto& p8 = packed8_[step.node];
      const auto& p16 = packed16_[step.node];
      if (std::endian::native == std::endian::little && !p8.empty() && pos <= 24) {
        lookup_bytes(lanes, pos, p8.data(), count, n.width, index_known, v, k);
        continue;
      }
      transpose64(lanes);
      if (!p8.empty() || !p16.empty()) {
        // Rows and care bits in one small entry: one lookup and one transpose back.
        for (size_t l = 0; l < kLanes; ++l) {
          const uint64_t index = l < count ? lanes[l] : 0;
          lanes[l] = p8.empty() ? p16[index] : p8[index];
        }
        transpose64(lanes);
        std::copy_n(lanes, n.width, v);
        for (int b = 0; b < n.width; ++b) k[b] = lanes[n.width + b] & index_known;
        continue;
      }
      const auto& care_rows = care_rows_[step.node];
      for (size_t l = 0; l < kLanes; ++l) {
        const uint64_t index = l < count ? lanes[l] : 0;
        lanes[l] = t.rows[index] & mask;
        if (!care_rows.empty()) cares[l] = care_rows[index];
      }
      transpose64(lanes);
      std::copy_n(lanes, n.width, v);
      if (care_rows.empty()) {
        std::fill_n(k, n.width, index_known);
      } else {
        transpose64(cares);
        for (int b = 0; b < n.width; ++b) k[b] = cares[b] & index_known;
      }
      continue;
    }
    // Arithmetic, per lane: on the operands' whole codes; known when every operand bit is.
    std::vector<std::vector<uint64_t>> codes(kLanes, std::vector<uint64_t>(n.operands.size()));
    uint64_t all_known = ~uint64_t{0};
    for (size_t o = 0; o < n.operands.size(); ++o) {
      const Operand& op = n.operands[o];
      const Node& src = nodes[op.node];
      std::fill_n(lanes, kLanes, 0);
      std::copy_n(value.data() + plane_[op.node], src.width, lanes);
      transpose64(lanes);
      for (size_t l = 0; l < kLanes; ++l) codes[l][o] = lanes[l];
      // As SoftwareModel: the operand's low `width` known bits (not shifted by lo).
      for (int b = 0; b < op.width && b < src.width; ++b) all_known &= know[plane_[op.node] + static_cast<size_t>(b)];
      if (op.width > src.width) all_known = 0;
    }
    for (size_t l = 0; l < kLanes; ++l) lanes[l] = l < count ? evaluate_arithmetic(net_, n, codes[l]) : 0;
    transpose64(lanes);
    std::copy_n(lanes, n.width, v);
    std::fill_n(k, n.width, all_known);
  }
  const size_t no = net_.outputs.size();
  for (size_t p = 0; p < no; ++p) {
    const Operand& src = net_.outputs[p].source;
    for (int pass = 0; pass < 2; ++pass) {
      const auto& planes = pass == 0 ? value : know;
      std::fill_n(lanes, kLanes, 0);
      std::copy_n(planes.data() + plane_[src.node] + static_cast<size_t>(src.lo), src.width, lanes);
      transpose64(lanes);
      uint64_t* out = pass == 0 ? values : known;
      for (size_t l = 0; l < count; ++l) out[l * no + p] = lanes[l];
    }
  }
}

std::vector<ModelResult> BatchModel::evaluate(const std::vector<std::vector<uint64_t>>& input_codes) const {
  const size_t ni = num_inputs(), no = num_outputs();
  std::vector<ModelResult> results(input_codes.size());
  std::vector<uint64_t> in(kLanes * ni), values(kLanes * no), known(kLanes * no);
  for (size_t first = 0; first < input_codes.size(); first += kLanes) {
    const size_t count = std::min(kLanes, input_codes.size() - first);
    for (size_t l = 0; l < count; ++l)
      for (size_t i = 0; i < ni; ++i) in[l * ni + i] = input_codes[first + l].at(i);
    evaluate_block(in.data(), count, values.data(), known.data());
    for (size_t l = 0; l < count; ++l) {
      ModelResult& r = results[first + l];
      r.values.assign(values.begin() + static_cast<long>(l * no), values.begin() + static_cast<long>((l + 1) * no));
      r.known.assign(known.begin() + static_cast<long>(l * no), known.begin() + static_cast<long>((l + 1) * no));
    }
  }
  return results;
}

}  // namespace lutc::ir
