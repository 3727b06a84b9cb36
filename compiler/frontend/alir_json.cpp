#include "frontend/alir_json.hpp"

#include <bit>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "util/diagnostic.hpp"
#include "util/gzip.hpp"

namespace lutc::frontend {

namespace {

using json = nlohmann::json;

constexpr int kSpecVersion = 4;
constexpr int kMaxWidth = 62;        // codes and intermediate sums stay inside int64
constexpr int kMaxTableIndexBits = 20;
// Steps 2^-32..2^32 and shifts of at most 32: every rescaling of a value then moves it by fewer
// than 128 bits (the software model computes in __int128); real models use 2^-8..2^7 and |8|.
constexpr int kMaxStepExponent = 32;
constexpr int kMaxShift = 32;

/// ceil(log2(x)) of a positive float, as alkaid computes it (through float32).
int ceil_log2_f32(double x) {
  uint32_t bits = std::bit_cast<uint32_t>(static_cast<float>(x));
  int exp = static_cast<int>((bits >> 23) & 0xff);
  return exp - 127 + ((bits & 0x7fffff) != 0 ? 1 : 0);
}

class Reader {
 public:
  Reader(std::string path) : path_(std::move(path)) {}

  [[noreturn]] void fail(const std::string& where, const std::string& msg) const {
    throw Diagnostic(path_, 0, 0, (where.empty() ? "" : where + ": ") + msg);
  }

  const json& at(const json& j, const std::string& key, const std::string& where) const {
    if (!j.is_object() || !j.contains(key)) fail(where, "missing '" + key + "'");
    return j.at(key);
  }
  const json& array(const json& j, const std::string& where) const {
    if (!j.is_array()) fail(where, "expected an array");
    return j;
  }
  int64_t integer(const json& j, const std::string& where) const {
    if (j.is_boolean()) return j.get<bool>() ? 1 : 0;
    if (!j.is_number_integer()) fail(where, "expected an integer");
    return j.get<int64_t>();
  }
  /// A shift (a power-of-two scale) of a value, bounded by kMaxShift.
  int shift(const json& j, const std::string& where) const {
    int64_t v = integer(j, where);
    if (v < -kMaxShift || v > kMaxShift)
      fail(where, "shift " + std::to_string(v) + " is out of range (at most " + std::to_string(kMaxShift) + " either way)");
    return static_cast<int>(v);
  }
  double number(const json& j, const std::string& where) const {
    if (!j.is_number()) fail(where, "expected a number");
    return j.get<double>();
  }

  ir::Network read(const std::string& text) {
    json doc;
    try {
      doc = json::parse(text);
    } catch (const json::exception& e) {  // parse_error, and out_of_range for numbers like 1e400
      fail("", std::string("invalid JSON: ") + e.what());
    }
    if (!doc.is_object()) fail("", "expected an ALIR model object");
    int64_t version = integer(at(doc, "spec_version", ""), "spec_version");
    if (version != kSpecVersion)
      fail("spec_version", "unsupported ALIR spec version " + std::to_string(version) + " (expected " + std::to_string(kSpecVersion) + ")");
    if (doc.contains("meta") && doc["meta"] != "ALIRModel" && doc["meta"] != "DAISModel")
      fail("meta", "not an ALIR combinational model ('" + doc["meta"].dump() + "')");
    const json& m = array(at(doc, "model", ""), "model");
    if (m.size() != 8 && m.size() != 9) fail("model", "expected 8 or 9 fields, got " + std::to_string(m.size()));
    const json& shape = array(m[0], "shape");
    if (shape.size() != 2) fail("shape", "expected [inputs, outputs]");
    n_in_ = integer(shape[0], "shape[0]");
    n_out_ = integer(shape[1], "shape[1]");
    if (n_in_ < 0 || n_out_ < 0) fail("shape", "negative size");
    inp_shifts_ = ints(m[1], "inp_shifts", n_in_);
    out_idxs_ = ints(m[2], "out_idxs", n_out_);
    out_shifts_ = ints(m[3], "out_shifts", n_out_);
    for (size_t k = 0; k < inp_shifts_.size(); ++k) shift(m[1][k], "inp_shifts[" + std::to_string(k) + "]");
    for (size_t k = 0; k < out_shifts_.size(); ++k) shift(m[3][k], "out_shifts[" + std::to_string(k) + "]");
    out_negs_ = ints(m[4], "out_negs", n_out_);
    ops_ = &array(m[5], "ops");
    tables_ = m.size() > 8 && !m[8].is_null() ? &array(m[8], "tables") : nullptr;

    net_.name = std::filesystem::path(util::strip_gz(path_)).stem().string();
    net_.source_file = path_;
    read_formats();
    make_inputs();
    for (size_t i = 0; i < ops_->size(); ++i) make_node(i);
    make_outputs();
    net_.compute_layers();
    net_.check_invariants();
    return std::move(net_);
  }

 private:
  std::vector<int64_t> ints(const json& j, const std::string& name, int64_t expect) const {
    array(j, name);
    if (static_cast<int64_t>(j.size()) != expect)
      fail(name, "expected " + std::to_string(expect) + " entries, got " + std::to_string(j.size()));
    std::vector<int64_t> v;
    for (size_t i = 0; i < j.size(); ++i) v.push_back(integer(j[i], name + "[" + std::to_string(i) + "]"));
    return v;
  }

  std::string op_path(size_t i) const { return "ops[" + std::to_string(i) + "]"; }

  /// Validates every op's shape and qint; records formats and ranges.
  void read_formats() {
    for (size_t i = 0; i < ops_->size(); ++i) {
      const json& op = (*ops_)[i];
      std::string p = op_path(i);
      if (!op.is_array() || op.size() < 4) fail(p, "expected [addr, opcode, data, qint, latency, cost]");
      const json& q = array(op[3], p + ".qint");
      if (q.size() != 3) fail(p + ".qint", "expected [min, max, step]");
      double mn = number(q[0], p + ".qint[0]"), mx = number(q[1], p + ".qint[1]"), st = number(q[2], p + ".qint[2]");
      int e = 0;
      if (!(st > 0) || std::frexp(st, &e) != 0.5) fail(p + ".qint[2]", "step " + q[2].dump() + " is not a power of two");
      if (e - 1 < -kMaxStepExponent || e - 1 > kMaxStepExponent)
        fail(p + ".qint[2]", "step " + q[2].dump() + " is out of range (2^-" + std::to_string(kMaxStepExponent) + " to 2^" + std::to_string(kMaxStepExponent) + ")");
      if (!(mn <= mx)) fail(p + ".qint", "min " + q[0].dump() + " exceeds max " + q[1].dump());
      if (std::fmod(mn, st) != 0 || std::fmod(mx, st) != 0) fail(p + ".qint", "min and max must be multiples of the step");
      if (!(std::fabs(mn) / st < 0x1p62) || !(std::fabs(mx) / st < 0x1p62))  // before any integer conversion
        fail(p + ".qint", "more than " + std::to_string(kMaxWidth) + " bits; at most " + std::to_string(kMaxWidth) + " are supported");
      ir::FixedFormat f = alir_format(mn, mx, st);
      if (f.width() > kMaxWidth) fail(p + ".qint", std::to_string(f.width()) + " bits; at most " + std::to_string(kMaxWidth) + " are supported");
      formats_.push_back(f);
      ranges_.push_back(ir::ValueRange{mn, mx, st});
    }
  }

  /// Inputs x0..x{n-1}, in ALIR order, typed by the first op that copies them.
  void make_inputs() {
    std::vector<int> first(static_cast<size_t>(n_in_), -1);
    for (size_t i = 0; i < ops_->size(); ++i) {
      const json& op = (*ops_)[i];
      if (integer(op[1], op_path(i) + ".opcode") != -1) continue;
      const json& data = array(op[2], op_path(i) + ".data");
      if (data.size() < 1) fail(op_path(i) + ".data", "expected the input index");
      int64_t k = integer(data[0], op_path(i) + ".data[0]");
      if (k < 0 || k >= n_in_) fail(op_path(i) + ".data[0]", "input index " + std::to_string(k) + " out of range");
      if (first[k] < 0) {
        first[k] = static_cast<int>(i);
      } else if (!(formats_[i] == formats_[first[k]])) {
        fail(op_path(i) + ".qint", "input " + std::to_string(k) + " is read with two different formats (unsupported)");
      }
    }
    for (int64_t k = 0; k < n_in_; ++k) {
      ir::Node n;
      n.name = "x" + std::to_string(k);
      n.op = ir::InputOp{static_cast<int>(inp_shifts_[k]), true};
      if (first[k] >= 0) {
        n.format = formats_[first[k]];
        n.range = ranges_[first[k]];
      } else {
        n.format = ir::FixedFormat{false, 1, 0};  // unread: a 1-bit placeholder port
        n.range = ir::ValueRange{0, 0, 1};
      }
      n.width = n.format->width();
      input_node_.push_back(net_.add_node(std::move(n)));
    }
  }

  ir::NodeId operand(size_t i, const json& addr, size_t j) const {
    std::string p = op_path(i) + ".addr[" + std::to_string(j) + "]";
    int64_t a = integer(addr[j], p);
    if (a < 0) fail(p, "negative address");
    if (static_cast<size_t>(a) >= i) fail(p, "refers to a later op");
    return node_of_[a];
  }

  void make_node(size_t i) {
    const json& op = (*ops_)[i];
    std::string p = op_path(i);
    int64_t opcode = integer(op[1], p + ".opcode");
    const json& addr = array(op[0], p + ".addr");
    const json& data = array(op[2], p + ".data");
    auto need = [&](size_t n_addr, size_t n_data) {
      if (addr.size() != n_addr) fail(p + ".addr", "opcode " + std::to_string(opcode) + " takes " + std::to_string(n_addr) + " operands, got " + std::to_string(addr.size()));
      if (data.size() < n_data) fail(p + ".data", "opcode " + std::to_string(opcode) + " needs " + std::to_string(n_data) + " data values");
    };
    auto d = [&](size_t k) { return integer(data[k], p + ".data[" + std::to_string(k) + "]"); };
    auto sh = [&](size_t k) { return shift(data[k], p + ".data[" + std::to_string(k) + "]"); };
    if (opcode == -1) {
      need(0, 1);
      node_of_.push_back(input_node_[static_cast<size_t>(d(0))]);
      return;
    }
    ir::Node n;
    n.name = "op" + std::to_string(i);
    n.format = formats_[i];
    n.range = ranges_[i];
    n.width = n.format->width();
    auto add_operands = [&] {
      for (size_t j = 0; j < addr.size(); ++j) {
        ir::NodeId a = operand(i, addr, j);
        n.operands.push_back(ir::Operand{a, 0, net_.nodes[a].width});
      }
    };
    switch (opcode) {
      case -2: need(1, 0); n.op = ir::NegateOp{}; break;
      case 0:
      case 1: need(2, 1); n.op = ir::AddSubOp{opcode == 1, sh(0)}; break;
      case 2: need(1, 0); n.op = ir::ReluOp{}; break;
      case 3: need(1, 0); n.op = ir::QuantizeOp{data.empty() ? 0 : sh(0)}; break;
      case 4: need(1, 2); n.op = ir::AddConstOp{d(0), sh(1)}; break;
      case 5: {
        need(0, 1);
        uint64_t mask = n.width >= 64 ? ~uint64_t{0} : (uint64_t{1} << n.width) - 1;
        n.op = ir::ConstantOp{static_cast<uint64_t>(d(0)) & mask};
        break;
      }
      case 6: need(3, 1); n.op = ir::MsbMuxOp{sh(0)}; break;
      case 7: need(2, 0); n.op = ir::MultiplyOp{}; break;
      case 8: need(1, 1); break;
      case 9: {
        need(1, 1);
        int64_t k = d(0);
        if (k < 0 || k > 2) fail(p + ".data[0]", "unknown unary bit operation " + std::to_string(k));
        n.op = ir::BitUnaryOp{static_cast<ir::BitUnaryOp::Kind>(k)};
        break;
      }
      case 10: {
        need(2, 2);
        int64_t k = d(1);
        if (k < 0 || k > 2) fail(p + ".data[1]", "unknown binary bit operation " + std::to_string(k));
        n.op = ir::BitBinaryOp{static_cast<ir::BitBinaryOp::Kind>(k), sh(0)};
        break;
      }
      case 11: {
        if (addr.size() < 2) fail(p + ".addr", "opcode 11 takes at least 2 operands");
        if (data.size() < 2 * addr.size()) fail(p + ".data", "opcode 11 needs a (sign, shift) pair per operand");
        ir::SumOp s;
        for (size_t j = 0; j < addr.size(); ++j) {
          s.negate.push_back(d(2 * j) == 0);
          s.shift.push_back(sh(2 * j + 1));
        }
        n.op = std::move(s);
        break;
      }
      default: fail(p + ".opcode", "unknown opcode " + std::to_string(opcode));
    }
    add_operands();
    if (opcode == 8) make_table(i, n, static_cast<int64_t>(d(0)));
    for (const auto& o : n.operands)
      if (!net_.nodes[o.node].format) fail(p, "operand has no fixed-point type");
    node_of_.push_back(net_.add_node(std::move(n)));
  }

  /// Lookup: the table is indexed by the operand's code (two's complement for signed operands);
  /// ALIR stores only the keys (x - min) / step of the operand's range, the rest are don't cares.
  void make_table(size_t i, ir::Node& n, int64_t t) {
    std::string p = op_path(i);
    if (!tables_) fail(p, "lookup without a table list");
    if (t < 0 || t >= static_cast<int64_t>(tables_->size())) fail(p + ".data[0]", "table index " + std::to_string(t) + " out of range");
    std::string tp = "tables[" + std::to_string(t) + "]";
    const json& values = array(at((*tables_)[t], "table", tp), tp + ".table");
    const ir::Node& x = net_.nodes[n.operands[0].node];
    const ir::ValueRange& xr = *x.range;
    int w = x.width;
    if (w > kMaxTableIndexBits) fail(p, "lookup index of " + std::to_string(w) + " bits; at most " + std::to_string(kMaxTableIndexBits) + " are supported");
    int64_t kmin = std::llround(xr.min / xr.step), kmax = std::llround(xr.max / xr.step);
    // The operand's step may be finer than its code's LSB only if the format disagrees: check the keys fit.
    int64_t keys = kmax - kmin + 1;
    if (static_cast<int64_t>(values.size()) != keys)
      fail(tp + ".table", "has " + std::to_string(values.size()) + " entries but the key range of " + op_path(i) +
                              "'s operand has " + std::to_string(keys));
    const bool is_signed = x.format->is_signed;
    const int lsb_shift = -x.format->frac_bits - static_cast<int>(std::lround(std::log2(xr.step)));  // step / LSB, as a shift
    if (lsb_shift != 0) fail(p, "operand step differs from its format's LSB");
    ir::Table tab;
    tab.index_bits = w;
    tab.out_width = n.width;
    tab.rows.assign(tab.num_rows(), 0);
    logic::TruthTable care(w);
    uint64_t out_mask = n.width >= 64 ? ~uint64_t{0} : (uint64_t{1} << n.width) - 1;
    std::vector<int64_t> v;
    for (size_t k = 0; k < values.size(); ++k) v.push_back(integer(values[k], tp + ".table[" + std::to_string(k) + "]"));
    bool all = true;
    for (uint64_t r = 0; r < tab.num_rows(); ++r) {
      int64_t code = static_cast<int64_t>(r);
      if (is_signed && w > 0 && ((r >> (w - 1)) & 1)) code -= int64_t{1} << w;
      int64_t k = code - kmin;
      if (k < 0 || k >= keys) {
        all = false;
        continue;
      }
      tab.rows[r] = static_cast<uint64_t>(v[static_cast<size_t>(k)]) & out_mask;
      care.set(r, true);
    }
    if (!all) {
      tab.care.assign(static_cast<size_t>(n.width), care);
      tab.care_source = ir::CareSource::frontend;
    }
    n.op = std::move(tab);
  }

  void make_outputs() {
    for (int64_t j = 0; j < n_out_; ++j) {
      ir::OutputPort o;
      o.name = "y" + std::to_string(j);
      int64_t idx = out_idxs_[j];
      std::string p = "out_idxs[" + std::to_string(j) + "]";
      if (idx >= static_cast<int64_t>(ops_->size())) fail(p, "refers to op " + std::to_string(idx) + ", past the last op");
      ir::NodeId id;
      if (idx < 0) {
        ir::Node z;
        z.name = o.name + "_zero";
        z.op = ir::ConstantOp{0};
        z.width = 1;
        z.format = ir::FixedFormat{false, 1, 0};
        z.range = ir::ValueRange{0, 0, 1};
        id = net_.add_node(std::move(z));
      } else {
        id = node_of_[static_cast<size_t>(idx)];
      }
      o.source = ir::Operand{id, 0, net_.nodes[id].width};
      o.format = net_.nodes[id].format;
      o.scale_shift = static_cast<int>(out_shifts_[j]);
      o.negate = out_negs_[j] != 0;
      net_.outputs.push_back(std::move(o));
    }
  }

  std::string path_;
  ir::Network net_;
  int64_t n_in_ = 0, n_out_ = 0;
  std::vector<int64_t> inp_shifts_, out_idxs_, out_shifts_, out_negs_;
  const json* ops_ = nullptr;
  const json* tables_ = nullptr;
  std::vector<ir::FixedFormat> formats_;
  std::vector<ir::ValueRange> ranges_;
  std::vector<ir::NodeId> input_node_;
  std::vector<ir::NodeId> node_of_;  // op index -> node
};

}  // namespace

ir::FixedFormat alir_format(double min, double max, double step) {
  if (min == 0 && max == 0) return ir::FixedFormat{false, 0, 0};
  bool is_signed = min < 0;
  int frac = -ceil_log2_f32(step);
  int64_t imin = std::llround(min / step), imax = std::llround(max / step);
  int64_t arg = std::max<int64_t>(imin < 0 ? -imin : imin, imax + 1);
  int bits = arg > 0 ? ceil_log2_f32(static_cast<double>(arg)) : 0;
  ir::FixedFormat f;
  f.is_signed = is_signed;
  f.int_bits = (is_signed ? 1 : 0) + bits - frac;
  f.frac_bits = frac;
  return f;
}

bool is_alir_path(const std::string& path) {
  std::string p = util::strip_gz(path);
  return p.size() >= 5 && p.compare(p.size() - 5, 5, ".json") == 0;
}

ir::Network parse_alir(const std::string& path, const std::string& text) { return Reader(path).read(text); }

ir::Network read_alir(const std::string& path) { return parse_alir(path, util::read_maybe_gzip(path)); }

}  // namespace lutc::frontend
