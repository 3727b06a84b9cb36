#pragma once
// Simulator records: one vector's ports packed LSB-first into 32-bit words (port 0 in the low
// bits of word 0), the layout of the harnesses' input and output files and of ir::pack_ports.
//
// verify packs millions of input records and reads millions of output records, so the bit
// positions are worked out once per port (record_layout) and each port then costs one or two
// shifts per word it touches, instead of a loop over 32-bit pieces per call.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace lutc::verify {

/// 32-bit words per record holding `bits` packed bits (at least one word, as the harnesses read and write).
inline int record_words(int bits) { return bits <= 32 ? 1 : (bits + 31) / 32; }

class record_layout {
 public:
  /// Ports of the given widths (each 0..64 bits), packed in order.
  explicit record_layout(const std::vector<int>& widths);
  /// 32-bit words per record: record_words of the ports' bits.
  size_t words() const { return words_; }
  size_t ports() const { return ports_.size(); }
  int width(size_t port) const { return ports_[port].width; }
  uint64_t mask(size_t port) const { return ports_[port].mask; }  // the low width(port) bits
  /// Writes the record of `codes` (one per port; bits above a port's width are ignored) to
  /// `record`, overwriting its words().
  void pack(const uint64_t* codes, uint32_t* record) const {
    for (size_t w = 0; w < words_; ++w) record[w] = 0;
    for (const port_slot& s : ports_) {
      const uint64_t v = *codes++ & s.mask;
      if (s.width == 0) continue;  // its word may lie past the record
      const uint64_t low = v << s.shift;  // the bits that land in words word and word + 1
      record[s.word] |= static_cast<uint32_t>(low);
      if (s.shift + s.width > 32) record[s.word + 1] |= static_cast<uint32_t>(low >> 32);
      if (s.shift + s.width > 64) record[s.word + 2] |= static_cast<uint32_t>(v >> (64 - s.shift));
    }
  }
  /// The code of `port` in `record`.
  uint64_t extract(const uint32_t* record, size_t port) const {
    const port_slot& s = ports_[port];
    if (s.width == 0) return 0;
    uint64_t v = record[s.word] >> s.shift;
    if (s.shift + s.width > 32) v |= uint64_t{record[s.word + 1]} << (32 - s.shift);
    if (s.shift + s.width > 64) v |= uint64_t{record[s.word + 2]} << (64 - s.shift);
    return v & s.mask;
  }

 private:
  struct port_slot {
    int width = 0;
    uint32_t word = 0;   // first 32-bit word the port touches
    int shift = 0;       // its bit offset in that word
    uint64_t mask = 0;   // low `width` bits
  };
  std::vector<port_slot> ports_;
  size_t words_ = 1;
};

}  // namespace lutc::verify
