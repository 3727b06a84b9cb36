#include "ir/batch_model.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "ir/arith.hpp"
#include "ir/batch_index.hpp"

namespace lutc::ir {

namespace {

uint64_t low_mask(int width) { return width >= 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1; }

}  // namespace

namespace detail {

/// The part of an output port in one 32-bit record word: word |= ((code >> lo) & mask) << shl >> shr
/// (in 32 bits; shl: the port's offset in the word, shr: the bits of it in earlier words).
struct many_piece {
  uint32_t slot = 0;
  uint32_t lo = 0;
  uint32_t mask = 0;
  uint32_t shl = 0, shr = 0;
};

struct many_step {
  enum class kind : uint8_t { input, table, arithmetic } what = kind::input;
  uint32_t slot = 0;
  NodeId node = 0;
  size_t input = 0;                 // inputs: which input code
  uint64_t mask = 0;                // low_mask(width)
  uint32_t first = 0, last = 0;     // operand slices [first, last) in many_plan::slices
  size_t rows = 0;                  // tables: offset of the rows in rows8/16/64
  size_t row_count = 0;             // tables: rows
  bool has_care = false;            // tables: care masks at the same offset in care8/16/64
  bool whole = true;                // tables: every operand slice is a whole node
};

struct many_plan {
  uint64_t id = 0;     // unique per plan (scratch reuse)
  int code_bytes = 1;  // 1, 2 or 8: the code type of every slot (widest live node)
  size_t slots = 0, inputs = 0;  // inputs: codes per vector in input_codes
  bool static_known = true;                 // no live table has don't cares
  std::vector<many_step> steps;             // live non-constant nodes in node order
  std::vector<many_slice> slices;
  std::vector<std::pair<uint32_t, uint64_t>> constants;  // slot, code
  std::vector<std::pair<uint32_t, uint64_t>> fixed_known;  // slots of constants, mask
  std::vector<uint64_t> slot_known;         // static_known: the known-mask of each slot
  std::vector<uint64_t> port_known;         // static_known: the known-mask of each output port
  std::vector<many_slice> outputs;          // per port (shift: the port's width)
  std::vector<uint32_t> output_pos;         // per port: its first bit in a record (evaluate_records)
  std::vector<many_piece> pieces;           // the ports' pieces of record words, word after word
  std::vector<uint32_t> word_pieces;        // pieces of word w: [word_pieces[w], word_pieces[w + 1])
  size_t output_bits = 0;                   // all ports' widths
  std::vector<uint32_t> input_pos;          // per input: its first bit in an input record
  size_t input_bits = 0;                    // all inputs' widths
  std::vector<uint32_t> known_record;       // static_known: the known-mask record (record_words())
  std::vector<uint8_t> rows8, care8;
  std::vector<uint16_t> rows16, care16;
  std::vector<uint64_t> rows64, care64;

  template <class T> const T* rows() const {
    if constexpr (sizeof(T) == 1) return rows8.data();
    else if constexpr (sizeof(T) == 2) return rows16.data();
    else return rows64.data();
  }
  template <class T> const T* care() const {
    if constexpr (sizeof(T) == 1) return care8.data();
    else if constexpr (sizeof(T) == 2) return care16.data();
    else return care64.data();
  }
  template <class T> void append(const std::vector<uint64_t>& codes, bool care_rows) {
    auto put = [&](auto& to) { for (uint64_t c : codes) to.push_back(static_cast<std::remove_reference_t<decltype(to[0])>>(c)); };
    if constexpr (sizeof(T) == 1) put(care_rows ? care8 : rows8);
    else if constexpr (sizeof(T) == 2) put(care_rows ? care16 : rows16);
    else put(care_rows ? care64 : rows64);
  }
  template <class T> size_t rows_size() const {
    if constexpr (sizeof(T) == 1) return rows8.size();
    else if constexpr (sizeof(T) == 2) return rows16.size();
    else return rows64.size();
  }
};

/// Per-call scratch: one code (and known-mask) array of `stride` entries per slot.
template <class T> struct many_scratch {
  uint64_t plan_id = 0;  // many_plan::id it was set up for (0: none)
  size_t stride = 0;
  std::vector<T> value, known;
  std::vector<uint32_t> index;
  std::vector<uint16_t> index16;
  std::vector<T> index_known;
  std::vector<uint64_t> codes;
};

/// out[v] = rows[idx[v]]. Little-endian hosts put 8 bytes (or 4 uint16) of results in one
/// word and store it once: fewer stores in flight, so the row loads (often of the same few rows)
/// are less often held back by stores whose addresses alias them in the low 12 bits.
template <class T, class I>
[[gnu::always_inline]] inline void lookup(const T* rows, const I* idx, size_t n, T* out) {
  size_t v = 0;
  if constexpr (std::endian::native == std::endian::little && sizeof(T) <= 2) {
    constexpr size_t k = 8 / sizeof(T);
    for (; v + k <= n; v += k) {
      uint64_t w = 0;
      for (size_t j = 0; j < k; ++j) w |= static_cast<uint64_t>(rows[idx[v + j]]) << (8 * sizeof(T) * j);
      std::memcpy(out + v, &w, sizeof w);
    }
  }
  for (; v < n; ++v) out[v] = rows[idx[v]];
}

/// A table's known-masks: where every index bit is known, the row's care mask (or all ones).
template <class T, class I>
[[gnu::always_inline]] inline void table_known(const many_plan& p, const many_step& st, const many_slice* ops, size_t nops, T* known,
                                               size_t stride, const I* idx, size_t n, T* ok) {
  for (size_t v = 0; v < n; ++v) ok[v] = static_cast<T>(~T{0});
  for (size_t o = 0; o < nops; ++o) {
    const T* k = known + ops[o].slot * stride;
    const uint32_t lo = ops[o].lo;
    const T m = static_cast<T>(ops[o].mask);
    for (size_t v = 0; v < n; ++v) ok[v] &= (static_cast<T>(k[v] >> lo) & m) == m ? static_cast<T>(~T{0}) : T{0};
  }
  T* kout = known + st.slot * stride;
  if (st.has_care) {
    lookup(p.care<T>() + st.rows, idx, n, kout);
    for (size_t v = 0; v < n; ++v) kout[v] &= ok[v];
  } else {
    const T m = static_cast<T>(st.mask);
    for (size_t v = 0; v < n; ++v) kout[v] = m & ok[v];
  }
}

/// Where a batch's input codes come from: codes[v * inputs + i], or packed records of `words`
/// words (input i at bit input_pos[i]).
struct many_input {
  const uint64_t* codes = nullptr;
  const uint32_t* records = nullptr;
  size_t words = 0;
  many_input from(size_t first, size_t inputs) const {
    return {codes ? codes + first * inputs : nullptr, records ? records + first * words : nullptr, words};
  }
};

/// Input i of vectors [0, n) from packed records into `out` (one to three words per code).
template <class T> inline void unpack_input(const many_plan& p, const many_step& st, const many_input& in, size_t n, T* out) {
  const size_t words = in.words, pos = p.input_pos[st.input], width = static_cast<size_t>(std::popcount(st.mask));
  if (width == 0) return (void)std::fill_n(out, n, T{0});  // its word may lie past the record
  const uint32_t* r = in.records + pos / 32;
  const unsigned sh = pos % 32;
  if (sh + width <= 32) {
    for (size_t v = 0; v < n; ++v) out[v] = static_cast<T>((r[v * words] >> sh) & st.mask);
  } else if (sh + width <= 64) {
    for (size_t v = 0; v < n; ++v) out[v] = static_cast<T>(((r[v * words] | uint64_t{r[v * words + 1]} << 32) >> sh) & st.mask);
  } else {
    for (size_t v = 0; v < n; ++v)
      out[v] = static_cast<T>((((r[v * words] | uint64_t{r[v * words + 1]} << 32) >> sh) | uint64_t{r[v * words + 2]} << (64 - sh)) & st.mask);
  }
}

/// One batch of `n` <= stride vectors, every step in order.
template <class T, bool Avx2 = false>
[[gnu::always_inline]] inline void run_batch(const many_plan& p, const Network& net, const many_input& in, size_t n,
                                             many_scratch<T>& s) {
  const size_t stride = s.stride;
  T* const value = s.value.data();
  T* const known = p.static_known ? nullptr : s.known.data();
  uint32_t* const idx = s.index.data();
  T* const ok = s.index_known.data();
  for (const many_step& st : p.steps) {
    T* const out = value + st.slot * stride;
    if (st.what == many_step::kind::input) {
      if (in.records) {
        unpack_input(p, st, in, n, out);
      } else {
        const size_t ni = p.inputs;
        const uint64_t* src = in.codes + st.input;
        for (size_t v = 0; v < n; ++v) out[v] = static_cast<T>(src[v * ni] & st.mask);
      }
      // Known: all ones (written per batch: the slot may have served another node before).
      if (known) std::fill_n(known + st.slot * stride, n, static_cast<T>(st.mask));
      continue;
    }
    const many_slice* ops = p.slices.data() + st.first;
    const size_t nops = st.last - st.first;
    if (st.what == many_step::kind::table) {
      const T* rows = p.rows<T>() + st.rows;
      if (st.row_count <= (size_t{1} << 16)) {
        uint16_t* idx16 = s.index16.data();
#if defined(__x86_64__) && defined(__GNUC__)
        if constexpr (Avx2 && sizeof(T) == 1) build_index_u8_avx2(value, stride, ops, nops, st.whole, n, idx16);
        else
#endif
          build_index<T, uint16_t>(value, stride, ops, nops, st.whole, n, idx16);
        lookup(rows, idx16, n, out);
        if (known) table_known(p, st, ops, nops, known, stride, idx16, n, ok);
      } else {
        build_index<T, uint32_t>(value, stride, ops, nops, st.whole, n, idx);
        lookup(rows, idx, n, out);
        if (known) table_known(p, st, ops, nops, known, stride, idx, n, ok);
      }
      continue;
    }
    // Arithmetic, per vector on the operands' whole codes; known when each operand's low
    // `width` known bits all are (as SoftwareModel).
    const Node& node = net.nodes[st.node];
    s.codes.resize(nops);
    for (size_t v = 0; v < n; ++v) {
      bool all_known = true;
      for (size_t o = 0; o < nops; ++o) {
        s.codes[o] = value[ops[o].slot * stride + v];
        if (known && (known[ops[o].slot * stride + v] & ops[o].mask) != ops[o].mask) all_known = false;
      }
      out[v] = static_cast<T>(evaluate_arithmetic(net, node, s.codes) & st.mask);
      if (known) known[st.slot * stride + v] = all_known ? static_cast<T>(st.mask) : T{0};
    }
  }
}

template <class T>
void run_batch_plain(const many_plan& p, const Network& net, const many_input& in, size_t n, many_scratch<T>& s) {
  run_batch<T>(p, net, in, n, s);
}

#if defined(__x86_64__) && defined(__GNUC__)
#define LUTC_BATCH_AVX2 1
template <class T>
__attribute__((target("avx2"))) void run_batch_avx2(const many_plan& p, const Network& net, const many_input& in, size_t n,
                                                    many_scratch<T>& s) {
  run_batch<T, true>(p, net, in, n, s);
}
#endif

/// Where evaluate_many / evaluate_records put one batch's outputs.
struct many_sink {
  uint64_t* values = nullptr;  // evaluate_many: values / known[v * outputs + p]
  uint64_t* known = nullptr;
  uint32_t* rec_values = nullptr;  // evaluate_records: `words` 32-bit words per vector
  uint32_t* rec_known = nullptr;
  size_t words = 0;
};

/// Output q of vectors [0, n) of the batch (codes `src`, one per vector) into records: bits at
/// its record position, OR-ed into zeroed words.
template <class T>
inline void put_record_bits(const T* src, const many_slice& o, uint32_t pos, uint32_t width, size_t n, uint32_t* rec, size_t words) {
  const uint32_t w = pos / 32, off = pos % 32;
  if (off + width <= 32) {
    for (size_t v = 0; v < n; ++v) rec[v * words + w] |= static_cast<uint32_t>(((static_cast<uint64_t>(src[v]) >> o.lo) & o.mask) << off);
  } else if (off + width <= 64) {
    for (size_t v = 0; v < n; ++v) {
      const uint64_t x = ((static_cast<uint64_t>(src[v]) >> o.lo) & o.mask) << off;
      rec[v * words + w] |= static_cast<uint32_t>(x);
      rec[v * words + w + 1] |= static_cast<uint32_t>(x >> 32);
    }
  } else {  // wider than 32 bits, not word-aligned: three words
    for (size_t v = 0; v < n; ++v) {
      const uint64_t x = (static_cast<uint64_t>(src[v]) >> o.lo) & o.mask;
      rec[v * words + w] |= static_cast<uint32_t>(x << off);
      rec[v * words + w + 1] |= static_cast<uint32_t>(x >> (32 - off));
      rec[v * words + w + 2] |= static_cast<uint32_t>(x >> (64 - off));
    }
  }
}

/// Records of vectors [0, n) from codes (at most 16 bits) `src` (slot s at src + s * stride, 16
/// readable codes past n): each word built in 16 lanes from its pieces, then stored whole (words
/// past the outputs' are zero).
template <class T>
inline void put_records(const many_plan& p, const T* src, size_t stride, size_t n, uint32_t* rec, size_t words) {
  const size_t used = p.word_pieces.size() - 1;
  const many_piece* pieces = p.pieces.data();
  for (size_t v0 = 0; v0 < n; v0 += 16) {
    const size_t m = std::min<size_t>(16, n - v0);
    uint32_t* r = rec + v0 * words;
    for (size_t w = 0; w < used; ++w) {
      uint32_t acc[16] = {};
      for (uint32_t k = p.word_pieces[w]; k < p.word_pieces[w + 1]; ++k) {
        const many_piece& pc = pieces[k];
        const T* a = src + pc.slot * stride + v0;
        for (size_t j = 0; j < 16; ++j) acc[j] |= ((static_cast<uint32_t>(a[j]) >> pc.lo) & pc.mask) << pc.shl >> pc.shr;
      }
      for (size_t j = 0; j < m; ++j) r[j * words + w] = acc[j];
    }
    for (size_t j = 0; j < m; ++j) std::fill(r + j * words + used, r + (j + 1) * words, 0u);
  }
}

template <class T> void emit_batch(const many_plan& p, const many_scratch<T>& s, size_t first, size_t n, const many_sink& out) {
  const size_t no = p.outputs.size();
  if (out.rec_values) {
    const size_t words = out.words;
    uint32_t* rv = out.rec_values + first * words;
    uint32_t* rk = out.rec_known ? out.rec_known + first * words : nullptr;
    if (out.rec_known && p.static_known)  // the same record for every vector
      for (size_t v = 0; v < n; ++v) {
        std::copy(p.known_record.begin(), p.known_record.end(), rk + v * words);
        std::fill(rk + v * words + p.known_record.size(), rk + (v + 1) * words, 0u);
      }
    // (Without rec_known the known-masks are fixed and not asked for: fixed_known_record().)
    if (sizeof(T) <= 2) {  // codes of at most 16 bits: whole words, 16 vectors at a time
      put_records(p, s.value.data(), s.stride, n, rv, words);
      if (!p.static_known) put_records(p, s.known.data(), s.stride, n, rk, words);
      return;
    }
    std::fill_n(rv, n * words, 0u);
    if (!p.static_known) std::fill_n(rk, n * words, 0u);
    for (size_t q = 0; q < no; ++q) {
      const many_slice& o = p.outputs[q];
      put_record_bits(s.value.data() + o.slot * s.stride, o, p.output_pos[q], o.shift, n, rv, words);
      if (!p.static_known) put_record_bits(s.known.data() + o.slot * s.stride, o, p.output_pos[q], o.shift, n, rk, words);
    }
    return;
  }
  // Vector-major, as the caller's arrays are laid out.
  uint64_t* dst = out.values + first * no;
  uint64_t* kdst = out.known + first * no;
  const many_slice* outs = p.outputs.data();
  const T* value = s.value.data();
  const size_t stride = s.stride;
  for (size_t v = 0; v < n; ++v)
    for (size_t q = 0; q < no; ++q) dst[v * no + q] = (static_cast<uint64_t>(value[outs[q].slot * stride + v]) >> outs[q].lo) & outs[q].mask;
  if (p.static_known) {
    // The same row for every vector: the first one, then copies of what is done, doubling.
    if (n > 0) std::copy_n(p.port_known.data(), no, kdst);
    for (size_t done = 1; done < n; done *= 2) std::memcpy(kdst + done * no, kdst, std::min(done, n - done) * no * sizeof(uint64_t));
  } else {
    const T* kv = s.known.data();
    for (size_t v = 0; v < n; ++v)
      for (size_t q = 0; q < no; ++q) kdst[v * no + q] = (static_cast<uint64_t>(kv[outs[q].slot * stride + v]) >> outs[q].lo) & outs[q].mask;
  }
}

template <class T>
void run_many(const many_plan& p, const Network& net, bool avx2, size_t batch, const many_input& in, size_t count,
              const many_sink& out) {
  // The scratch of the last call on this thread is reused when it was set up for the same plan
  // and a stride that fits (64-vector blocks would otherwise allocate and fill it every call).
  // thread_local: concurrent calls (on one shared model too) each use their own thread's.
  thread_local many_scratch<T> s;
  const size_t stride = std::min(batch, count);
  if (s.plan_id != p.id || s.stride < stride || s.stride > batch) {
    s.plan_id = p.id;
    s.stride = stride;
    s.value.assign(p.slots * stride + 16, 0);  // + 16: put_records reads whole 16-vector groups
    s.known.assign(p.static_known ? 0 : p.slots * stride + 16, 0);
    s.index.assign(stride, 0);
    s.index16.assign(stride, 0);
    s.index_known.assign(stride, 0);
    for (auto [slot, code] : p.constants) std::fill_n(s.value.data() + slot * stride, stride, static_cast<T>(code));
    if (!p.static_known)
      for (auto [slot, mask] : p.fixed_known) std::fill_n(s.known.data() + slot * stride, stride, static_cast<T>(mask));
  }
  // Batches of equal size (a short last batch would cost every table's rows for a few vectors).
  const size_t ni = p.inputs, batches = (count + s.stride - 1) / s.stride;
  const size_t step = batches <= 1 ? s.stride : std::min(s.stride, ((count + batches - 1) / batches + 15) / 16 * 16);
  for (size_t first = 0; first < count; first += step) {  // s.stride >= step
    const size_t n = std::min(step, count - first);
#ifdef LUTC_BATCH_AVX2
    if (avx2) run_batch_avx2<T>(p, net, in.from(first, ni), n, s);
    else
#endif
      run_batch_plain<T>(p, net, in.from(first, ni), n, s);
    (void)avx2;
    emit_batch<T>(p, s, first, n, out);
  }
}

template <class T> void add_table_rows(many_plan& p, many_step& st, const Node& node) {
  const Table& t = node.table();
  const uint64_t mask = low_mask(node.width);
  st.rows = p.rows_size<T>();
  st.row_count = t.num_rows();
  std::vector<uint64_t> codes(t.num_rows());
  for (uint64_t r = 0; r < t.num_rows(); ++r) codes[r] = t.rows[r] & mask;
  p.append<T>(codes, false);
  st.has_care = !t.fully_specified();
  if (st.has_care) {
    // Care rows at the same offset: pad the care array up to it first.
    std::vector<uint64_t> care(st.rows - (sizeof(T) == 1 ? p.care8.size() : sizeof(T) == 2 ? p.care16.size() : p.care64.size()), 0);
    p.append<T>(care, true);
    for (uint64_t r = 0; r < t.num_rows(); ++r) {
      codes[r] = 0;
      for (int b = 0; b < node.width; ++b)
        if (t.cares(b, r)) codes[r] |= uint64_t{1} << b;
    }
    p.append<T>(codes, true);
  }
}

std::shared_ptr<const many_plan> make_many_plan(const Network& net, const std::vector<bool>& live) {
  static std::atomic<uint64_t> next_id{1};
  auto p = std::make_shared<many_plan>();
  p->id = next_id++;
  const size_t n = net.nodes.size();
  int widest = 0;
  for (size_t i = 0; i < n; ++i)
    if (live[i]) {
      widest = std::max(widest, net.nodes[i].width);
      if (net.nodes[i].kind() == NodeKind::table && !net.nodes[i].table().fully_specified()) p->static_known = false;
    }
  p->code_bytes = widest <= 8 ? 1 : widest <= 16 ? 2 : 8;
  // Slots are reused: a node's slot is free again after its last reader has run (outputs and
  // constants keep theirs), so a batch's scratch is about the widest layer, not every node.
  constexpr size_t kForever = ~size_t{0};
  std::vector<size_t> last_read(n, 0);
  for (size_t i = 0; i < n; ++i)
    if (live[i])
      for (const Operand& op : net.nodes[i].operands) last_read[op.node] = std::max(last_read[op.node], i);
  for (const auto& o : net.outputs) last_read[o.source.node] = kForever;
  for (size_t i = 0; i < n; ++i)
    if (live[i] && net.nodes[i].kind() == NodeKind::constant) last_read[i] = kForever;
  std::vector<std::vector<uint32_t>> dies_after(n);  // per node: the slots free once it has run
  std::vector<uint32_t> free_slots;                   // reused last-freed first (still in cache)
  std::vector<uint32_t> slot(n, 0);
  size_t next_input = 0;
  for (size_t i = 0; i < n; ++i) {
    const Node& node = net.nodes[i];
    const size_t input = node.kind() == NodeKind::input ? next_input++ : 0;
    if (!live[i]) continue;
    if (!free_slots.empty() && node.kind() != NodeKind::constant) {  // constants: written once, their own slot
      slot[i] = free_slots.back();
      free_slots.pop_back();
    } else {
      slot[i] = static_cast<uint32_t>(p->slots++);
    }
    if (last_read[i] != kForever) dies_after[std::max(last_read[i], i)].push_back(slot[i]);
    // Operands whose last reader this is: their slots serve later nodes (after this one's written).
    for (uint32_t s : dies_after[i]) free_slots.push_back(s);
    const uint64_t mask = low_mask(node.width);
    if (node.kind() == NodeKind::constant) {
      p->constants.push_back({slot[i], node.constant_value() & mask});
      p->fixed_known.push_back({slot[i], mask});
      continue;
    }
    many_step st;
    st.slot = slot[i];
    st.node = static_cast<NodeId>(i);
    st.mask = mask;
    st.first = static_cast<uint32_t>(p->slices.size());
    uint32_t shift = 0;
    for (const Operand& op : node.operands) {
      p->slices.push_back({slot[op.node], static_cast<uint32_t>(op.lo), low_mask(op.width), shift});
      if (op.lo != 0 || op.width != net.nodes[op.node].width) st.whole = false;
      shift += static_cast<uint32_t>(op.width);
    }
    st.last = static_cast<uint32_t>(p->slices.size());
    if (node.kind() == NodeKind::input) {
      st.what = many_step::kind::input;
      st.input = input;
    } else if (node.kind() == NodeKind::table) {
      st.what = many_step::kind::table;
      if (p->code_bytes == 1) add_table_rows<uint8_t>(*p, st, node);
      else if (p->code_bytes == 2) add_table_rows<uint16_t>(*p, st, node);
      else add_table_rows<uint64_t>(*p, st, node);
    } else {
      st.what = many_step::kind::arithmetic;
    }
    p->steps.push_back(st);
  }
  p->inputs = net.inputs.size();  // the row stride of input_codes (num_inputs())
  for (NodeId i : net.inputs) {     // input records: net.inputs packed LSB-first
    p->input_pos.push_back(static_cast<uint32_t>(p->input_bits));
    p->input_bits += static_cast<size_t>(net.nodes[i].width);
  }
  for (const auto& o : net.outputs) {
    p->outputs.push_back({slot[o.source.node], static_cast<uint32_t>(o.source.lo), low_mask(o.source.width), static_cast<uint32_t>(o.source.width)});
    p->output_pos.push_back(static_cast<uint32_t>(p->output_bits));
    p->output_bits += static_cast<size_t>(o.source.width);
  }
  // Record pieces, word after word (used when codes are at most 16 bits: masks fit in 32 bits).
  const size_t words = std::max<size_t>(1, (p->output_bits + 31) / 32);
  p->word_pieces.push_back(0);
  for (size_t w = 0; w < words; ++w) {
    for (size_t q = 0; q < p->outputs.size(); ++q) {
      const many_slice& o = p->outputs[q];
      const size_t pos = p->output_pos[q], end = pos + o.shift;
      if (o.shift == 0 || end <= 32 * w || pos >= 32 * (w + 1)) continue;
      many_piece pc;
      pc.slot = o.slot;
      pc.lo = o.lo;
      pc.mask = static_cast<uint32_t>(o.mask);
      if (pos >= 32 * w) pc.shl = static_cast<uint32_t>(pos - 32 * w);
      else pc.shr = static_cast<uint32_t>(32 * w - pos);
      p->pieces.push_back(pc);
    }
    p->word_pieces.push_back(static_cast<uint32_t>(p->pieces.size()));
  }
  if (p->static_known) {
    // Known-masks do not depend on the vector: those of any one evaluation.
    std::vector<uint64_t> value, known;
    SoftwareModel(net).evaluate_nodes(std::vector<uint64_t>(next_input, 0), value, known);
    p->slot_known.assign(p->slots, 0);
    for (size_t i = 0; i < n; ++i)
      if (live[i]) p->slot_known[slot[i]] = known[i];
    for (const auto& o : p->outputs) p->port_known.push_back((p->slot_known[o.slot] >> o.lo) & o.mask);
    p->known_record.assign(std::max<size_t>(1, (p->output_bits + 31) / 32), 0);
    for (size_t q = 0; q < p->outputs.size(); ++q) {
      const uint64_t k = p->port_known[q];
      put_record_bits(&k, {0, 0, ~uint64_t{0}, 0}, p->output_pos[q], p->outputs[q].shift, 1, p->known_record.data(), 1);
    }
  }
  return p;
}

}  // namespace detail

BatchModel::BatchModel(const Network& net) : net_(net) {
  // Live nodes: read by an output, transitively (operands come before their readers).
  std::vector<bool> live(net.nodes.size(), false);
  for (const auto& o : net.outputs) live[o.source.node] = true;
  for (size_t i = net.nodes.size(); i-- > 0;)
    if (live[i])
      for (const auto& op : net.nodes[i].operands) live[op.node] = true;
  many_ = detail::make_many_plan(net, live);
  set_avx2(true);
}

size_t BatchModel::evaluated_nodes() const { return many_->steps.size(); }

void BatchModel::evaluate_block(const uint64_t* input_codes, size_t count, uint64_t* values, uint64_t* known) const {
  evaluate_many(input_codes, std::min(count, kLanes), values, known);
}

void BatchModel::set_avx2(bool on) {
#ifdef LUTC_BATCH_AVX2
  avx2_ = on && __builtin_cpu_supports("avx2");
#else
  avx2_ = false;
  (void)on;
#endif
}

size_t BatchModel::batch_vectors() const {
  if (batch_vectors_ > 0) return batch_vectors_;
  // The slots' codes (and known-masks) of one batch in about 320 KiB (L2 is 512 KiB per core on
  // the EPYC this was measured on; 1024 vectors of 316 byte codes measured best before slots
  // were reused; on that network 182 slots now give 1792, and 1024..4096 measured alike).
  const size_t per_vector = many_->slots * static_cast<size_t>(many_->code_bytes) * (many_->static_known ? 1 : 2);
  const size_t v = (size_t{320} << 10) / std::max<size_t>(per_vector, 1);
  return std::clamp<size_t>(v / 64 * 64, 64, 8192);
}

void BatchModel::set_batch_vectors(size_t vectors) { batch_vectors_ = (vectors + 7) / 8 * 8; }

void BatchModel::evaluate_many(const uint64_t* input_codes, size_t count, uint64_t* values, uint64_t* known) const {
  if (count == 0) return;
  const auto& p = *many_;
  const size_t batch = batch_vectors();
  detail::many_sink out;
  out.values = values;
  out.known = known;
  if (p.code_bytes == 1) detail::run_many<uint8_t>(p, net_, avx2_, batch, {input_codes, nullptr, 0}, count, out);
  else if (p.code_bytes == 2) detail::run_many<uint16_t>(p, net_, avx2_, batch, {input_codes, nullptr, 0}, count, out);
  else detail::run_many<uint64_t>(p, net_, avx2_, batch, {input_codes, nullptr, 0}, count, out);
}

size_t BatchModel::output_bits() const { return many_->output_bits; }

const uint32_t* BatchModel::fixed_known_record() const { return many_->static_known ? many_->known_record.data() : nullptr; }

size_t BatchModel::record_words() const { return std::max<size_t>(1, (many_->output_bits + 31) / 32); }

void BatchModel::evaluate_records(const uint64_t* input_codes, size_t count, uint32_t* values, uint32_t* known, size_t words) const {
  records_from({input_codes, nullptr, 0}, count, values, known, words);
}

size_t BatchModel::input_record_words() const { return std::max<size_t>(1, (many_->input_bits + 31) / 32); }

void BatchModel::evaluate_records(const uint32_t* input_records, size_t input_words, size_t count, uint32_t* values, uint32_t* known,
                                  size_t words) const {
  if (input_words < input_record_words())
    throw std::invalid_argument("BatchModel::evaluate_records: input records of " + std::to_string(input_words) +
                                " words, the inputs need " + std::to_string(input_record_words()));
  records_from({nullptr, input_records, input_words}, count, values, known, words);
}

void BatchModel::records_from(const detail::many_input& in, size_t count, uint32_t* values, uint32_t* known, size_t words) const {
  if (count == 0) return;
  if (words < record_words()) throw std::invalid_argument("BatchModel::evaluate_records: records of " + std::to_string(words) +
                                                          " words, the outputs need " + std::to_string(record_words()));
  const auto& p = *many_;
  if (!known && !p.static_known)
    throw std::invalid_argument("BatchModel::evaluate_records: the known-masks vary, but no array was given for them");
  const size_t batch = batch_vectors();
  detail::many_sink out;
  out.rec_values = values;
  out.rec_known = known;
  out.words = words;
  if (p.code_bytes == 1) detail::run_many<uint8_t>(p, net_, avx2_, batch, in, count, out);
  else if (p.code_bytes == 2) detail::run_many<uint16_t>(p, net_, avx2_, batch, in, count, out);
  else detail::run_many<uint64_t>(p, net_, avx2_, batch, in, count, out);
}

std::vector<ModelResult> BatchModel::evaluate(const std::vector<std::vector<uint64_t>>& input_codes) const {
  // In pieces of a few batches: flat arrays of bounded size, results still in cache when copied.
  const size_t ni = num_inputs(), no = num_outputs(), count = input_codes.size();
  const size_t piece = std::min(count, std::max<size_t>(batch_vectors(), 4096));
  std::vector<uint64_t> in(piece * ni), values(piece * no), known(piece * no);
  std::vector<ModelResult> results(count);
  for (size_t first = 0; first < count; first += piece) {
    const size_t n = std::min(piece, count - first);
    for (size_t v = 0; v < n; ++v)
      for (size_t i = 0; i < ni; ++i) in[v * ni + i] = input_codes[first + v].at(i);
    evaluate_many(in.data(), n, values.data(), known.data());
    for (size_t v = 0; v < n; ++v) {
      ModelResult& r = results[first + v];
      r.values.assign(values.begin() + static_cast<long>(v * no), values.begin() + static_cast<long>((v + 1) * no));
      r.known.assign(known.begin() + static_cast<long>(v * no), known.begin() + static_cast<long>((v + 1) * no));
    }
  }
  return results;
}

}  // namespace lutc::ir
