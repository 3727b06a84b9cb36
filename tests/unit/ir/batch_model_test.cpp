#include "ir/batch_model.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <stdexcept>
#include <thread>

#include "ir/software_model.hpp"

using namespace lutc;
using namespace lutc::ir;

namespace {

uint64_t low_mask(int w) { return w >= 64 ? ~uint64_t{0} : (uint64_t{1} << w) - 1; }

Node typed(NodeOp op, bool is_signed, int int_bits, int frac_bits, std::vector<Operand> operands = {}) {
  Node n;
  n.op = std::move(op);
  n.format = FixedFormat{is_signed, int_bits, frac_bits};
  n.width = n.format->width();
  n.operands = std::move(operands);
  return n;
}

/// A random slice of node `id` of at most `max_width` bits.
Operand random_slice(const Network& net, NodeId id, int max_width, std::mt19937_64& rng) {
  const int w = net.nodes[id].width;
  const int width = 1 + static_cast<int>(rng() % static_cast<uint64_t>(std::min(w, max_width)));
  const int lo = static_cast<int>(rng() % static_cast<uint64_t>(w - width + 1));
  return {id, lo, width};
}

/// A random network: inputs, tables (random slices, rows and, with `dont_cares`, don't cares),
/// constants, dead nodes and, with `arithmetic`, fixed-point arithmetic nodes between them.
Network random_network(std::mt19937_64& rng, bool arithmetic, bool dont_cares = true) {
  Network net;
  const int inputs = 1 + static_cast<int>(rng() % 4);
  for (int i = 0; i < inputs; ++i) {
    Node in = typed(InputOp{}, rng() % 2 == 0, 2 + static_cast<int>(rng() % 4), static_cast<int>(rng() % 3));
    in.name = "x" + std::to_string(i);
    net.add_node(in);  // (adds it to net.inputs)
  }
  const int nodes = 3 + static_cast<int>(rng() % 12);
  for (int k = 0; k < nodes; ++k) {
    const NodeId last = static_cast<NodeId>(net.nodes.size());
    auto pick = [&] { return static_cast<NodeId>(rng() % last); };
    const uint64_t kind = rng() % (arithmetic ? 6 : 4);
    Node n;
    if (kind == 0) {
      const int w = 1 + static_cast<int>(rng() % 5);
      n = typed(ConstantOp{rng() & low_mask(w)}, false, w, 0);
    } else if (kind <= 3) {
      std::vector<Operand> ops;
      int bits = 0;
      const int count = 1 + static_cast<int>(rng() % 3);
      for (int o = 0; o < count && bits < 10; ++o) {
        Operand op = random_slice(net, pick(), 10 - bits, rng);
        bits += op.width;
        ops.push_back(op);
      }
      const int w = 1 + static_cast<int>(rng() % 6);
      Table t;
      t.index_bits = bits;
      t.out_width = w;
      for (uint64_t r = 0; r < (uint64_t{1} << bits); ++r) t.rows.push_back(rng() & low_mask(w));
      if (dont_cares && rng() % 2) {
        for (int b = 0; b < w; ++b) {
          logic::TruthTable care(bits);
          for (uint64_t r = 0; r < t.num_rows(); ++r) care.set(r, rng() % 5 != 0);
          t.care.push_back(care);
        }
        t.care_source = CareSource::data_sample;
      }
      n = typed(std::move(t), false, w, 0, ops);
    } else {
      // Arithmetic on whole operand nodes (as ALIR models read them).
      const NodeId a = pick(), b = pick();
      const std::vector<Operand> ab = {{a, 0, net.nodes[a].width}, {b, 0, net.nodes[b].width}};
      const int shift = static_cast<int>(rng() % 5) - 2;
      const std::vector<std::pair<NodeOp, std::vector<Operand>>> choices = {
          {NegateOp{}, {ab[0]}},
          {AddSubOp{rng() % 2 == 0, shift}, ab},
          {SumOp{{false, true}, {0, shift}}, ab},
          {ReluOp{}, {ab[0]}},
          {QuantizeOp{shift}, {ab[0]}},
          {AddConstOp{-5, 2}, {ab[0]}},
          {MultiplyOp{}, ab},
      };
      const auto& [op, operands] = choices[rng() % choices.size()];
      n = typed(op, true, 2 + static_cast<int>(rng() % 6), static_cast<int>(rng() % 3), operands);
    }
    n.name = "n" + std::to_string(k);
    net.add_node(std::move(n));
  }
  // Outputs: slices of some nodes (the others, and what only they read, are dead).
  const int outputs = 1 + static_cast<int>(rng() % 3);
  for (int p = 0; p < outputs; ++p) {
    const NodeId id = static_cast<NodeId>(net.nodes.size() - 1 - rng() % std::min<size_t>(3, net.nodes.size()));
    net.outputs.push_back({"y" + std::to_string(p), random_slice(net, id, 64, rng), std::nullopt});
  }
  net.check_invariants();
  return net;
}

}  // namespace

TEST_CASE("the bit-parallel model gives the scalar model's values and known bits") {
  for (bool arithmetic : {false, true}) {
    std::mt19937_64 rng(arithmetic ? 17 : 5);
    for (int trial = 0; trial < 300; ++trial) {
      Network net = random_network(rng, arithmetic);
      SoftwareModel scalar(net);
      BatchModel batch(net);
      // A vector count that is not a multiple of 64, with extra high input bits set.
      std::vector<std::vector<uint64_t>> vectors(1 + rng() % 150);
      for (auto& v : vectors)
        for (size_t i = 0; i < net.inputs.size(); ++i) v.push_back(rng());
      auto got = batch.evaluate(vectors);
      REQUIRE(got.size() == vectors.size());
      for (size_t s = 0; s < vectors.size(); ++s) {
        ModelResult want = scalar.evaluate(vectors[s]);
        CAPTURE(arithmetic);
        CAPTURE(trial);
        CAPTURE(s);
        CHECK(got[s].values == want.values);
        CHECK(got[s].known == want.known);
      }
    }
  }
}

TEST_CASE("only live nodes are evaluated; constants are folded") {
  Network net;
  NodeId a = net.add_input("a", 2);
  NodeId c = net.add_constant("c", 1, 1);
  NodeId dead = net.add_table("dead", {{a, 0, 2}}, 1, {1, 0, 0, 1});
  NodeId t = net.add_table("t", {{a, 0, 2}, {c, 0, 1}}, 2, {0, 1, 2, 3, 3, 2, 1, 0});
  (void)dead;
  net.outputs.push_back({"y", {t, 0, 2}, std::nullopt});
  net.check_invariants();
  BatchModel batch(net);
  CHECK(batch.evaluated_nodes() == 2);  // a and t
  auto r = batch.evaluate({{0}, {1}, {2}, {3}});
  for (uint64_t x = 0; x < 4; ++x) CHECK(r[x].values[0] == 3 - x);
}

namespace {

/// Evaluates `vectors` with evaluate_many (flat arrays) and checks every value and known-mask
/// against the scalar model.
void check_many(const Network& net, const BatchModel& batch, const std::vector<std::vector<uint64_t>>& vectors) {
  const size_t ni = batch.num_inputs(), no = batch.num_outputs();
  std::vector<uint64_t> in(vectors.size() * ni), values(vectors.size() * no, ~uint64_t{0}), known(vectors.size() * no, ~uint64_t{0});
  for (size_t s = 0; s < vectors.size(); ++s) std::copy(vectors[s].begin(), vectors[s].end(), in.begin() + static_cast<long>(s * ni));
  batch.evaluate_many(in.data(), vectors.size(), values.data(), known.data());
  SoftwareModel scalar(net);
  for (size_t s = 0; s < vectors.size(); ++s) {
    const ModelResult want = scalar.evaluate(vectors[s]);
    for (size_t p = 0; p < no; ++p) {
      CAPTURE(s);
      CAPTURE(p);
      CHECK(values[s * no + p] == want.values[p]);
      CHECK(known[s * no + p] == want.known[p]);
    }
  }
}

std::vector<std::vector<uint64_t>> random_vectors(const Network& net, size_t count, std::mt19937_64& rng) {
  std::vector<std::vector<uint64_t>> vectors(count);
  for (auto& v : vectors)
    for (size_t i = 0; i < net.inputs.size(); ++i) v.push_back(rng());  // extra high bits set
  return vectors;
}

}  // namespace

TEST_CASE("evaluate_many gives the scalar model's results, AVX2 or not, in any batch size") {
#if defined(__x86_64__) && defined(__GNUC__)
  const bool cpu_avx2 = __builtin_cpu_supports("avx2");
#else
  const bool cpu_avx2 = false;
#endif
  for (int variant = 0; variant < 4; ++variant) {
    const bool arithmetic = variant & 1, dont_cares = variant & 2;
    std::mt19937_64 rng(100 + static_cast<uint64_t>(variant));
    for (int trial = 0; trial < 80; ++trial) {
      CAPTURE(variant);
      CAPTURE(trial);
      Network net = random_network(rng, arithmetic, dont_cares);
      BatchModel batch(net);
      CHECK(batch.uses_avx2() == cpu_avx2);  // on by default where the CPU has it
      const auto vectors = random_vectors(net, 1 + rng() % 300, rng);
      const size_t batch_sizes[] = {0, 8, 24, 64, 136};  // 0: the default
      batch.set_batch_vectors(batch_sizes[trial % 5]);
      for (bool avx2 : {true, false}) {
        batch.set_avx2(avx2);
        CHECK(batch.uses_avx2() == (avx2 && cpu_avx2));
        check_many(net, batch, vectors);
      }
      // evaluate_block: at most 64 vectors, the rest of the arrays untouched.
      const size_t ni = batch.num_inputs(), no = batch.num_outputs(), n = std::min<size_t>(vectors.size(), 40);
      std::vector<uint64_t> in(64 * ni), values(65 * no, 7), known(65 * no, 7);
      for (size_t s = 0; s < n; ++s) std::copy(vectors[s].begin(), vectors[s].end(), in.begin() + static_cast<long>(s * ni));
      batch.evaluate_block(in.data(), n, values.data(), known.data());
      SoftwareModel scalar(net);
      for (size_t s = 0; s < n; ++s) {
        const ModelResult want = scalar.evaluate(vectors[s]);
        for (size_t p = 0; p < no; ++p) CHECK((values[s * no + p] == want.values[p] && known[s * no + p] == want.known[p]));
      }
      CHECK(std::all_of(values.begin() + static_cast<long>(n * no), values.end(), [](uint64_t x) { return x == 7; }));
    }
  }
}

TEST_CASE("evaluate_many on wide codes and wide indices (16- and 64-bit codes, 17 index bits)") {
  std::mt19937_64 rng(9);
  for (int wide : {12, 40, 64}) {
    CAPTURE(wide);
    Network net;
    NodeId a = net.add_input("a", wide), b = net.add_input("b", 9);
    // A 17-bit index: 9 bits of a (at lo 3) and b; rows of `wide` bits, half of them don't cares.
    Table t;
    t.index_bits = 17;
    t.out_width = wide;
    for (uint64_t r = 0; r < t.num_rows(); ++r) t.rows.push_back(rng() & low_mask(wide));
    for (int bit = 0; bit < wide; ++bit) {
      logic::TruthTable care(17);
      for (uint64_t r = 0; r < t.num_rows(); ++r) care.set(r, rng() % 2 != 0);
      t.care.push_back(care);
    }
    t.care_source = CareSource::data_sample;
    Node n;
    n.op = std::move(t);
    n.name = "t";
    n.width = wide;
    n.operands = {{a, 3, 8}, {b, 0, 9}};
    NodeId tn = net.add_node(std::move(n));
    // A second table reading slices of the first (its known-masks vary per vector).
    NodeId u = net.add_table("u", {{tn, wide - 5, 5}, {a, 0, 1}}, 3, std::vector<uint64_t>(64, 5));
    net.outputs.push_back({"y", {tn, 2, wide - 2}, std::nullopt});
    net.outputs.push_back({"z", {u, 1, 2}, std::nullopt});
    net.outputs.push_back({"a", {a, 0, wide}, std::nullopt});
    net.check_invariants();
    BatchModel batch(net);
    const auto vectors = random_vectors(net, 1000, rng);
    for (bool avx2 : {true, false}) {
      batch.set_avx2(avx2);
      check_many(net, batch, vectors);
    }
  }
}

TEST_CASE("evaluate_many calls that alternate between models and counts reuse no stale scratch") {
  // The per-thread scratch is kept between calls: constants of one model must not leak into
  // another's, nor a larger call's stride into a smaller one's results.
  std::mt19937_64 rng(23);
  std::vector<Network> nets;
  for (int k = 0; k < 3; ++k) nets.push_back(random_network(rng, k == 2, k != 0));
  std::vector<BatchModel> models;
  for (const auto& net : nets) models.emplace_back(net);
  for (int call = 0; call < 40; ++call) {
    const size_t k = rng() % nets.size();
    CAPTURE(call);
    CAPTURE(k);
    models[k].set_batch_vectors(rng() % 2 ? 0 : 16);
    check_many(nets[k], models[k], random_vectors(nets[k], 1 + rng() % 200, rng));
  }
}

namespace {

/// `values` / `known` (per output) packed as verify's records: outputs concatenated LSB-first.
std::vector<uint32_t> pack_record(const Network& net, const std::vector<uint64_t>& codes, size_t words) {
  std::vector<uint32_t> rec(words, 0);
  size_t pos = 0;
  for (size_t p = 0; p < net.outputs.size(); ++p)
    for (int b = 0; b < net.outputs[p].source.width; ++b, ++pos)
      if ((codes[p] >> b) & 1) rec[pos / 32] |= uint32_t{1} << (pos % 32);
  return rec;
}

/// Layered tables of 3-bit codes and 12-bit indices (as the 2.8k-LUT verify network): `tables`
/// per layer, each reading 4 random nodes of the previous layer; with `dont_cares`, some rows of
/// some tables do not care.
Network layered_network(std::mt19937_64& rng, int layers, int tables, bool dont_cares) {
  Network net;
  std::vector<NodeId> prev;
  for (int i = 0; i < 16; ++i) {
    prev.push_back(net.add_input("x" + std::to_string(i), 3));
  }
  for (int l = 0; l < layers; ++l) {
    std::vector<NodeId> cur;
    for (int t = 0; t < tables; ++t) {
      std::vector<Operand> ops;
      for (int o = 0; o < 4; ++o) ops.push_back({prev[rng() % prev.size()], 0, 3});
      std::vector<uint64_t> rows(4096);
      for (auto& r : rows) r = rng() & 7;
      NodeId id = net.add_table("l" + std::to_string(l) + "_" + std::to_string(t), ops, 3, rows);
      if (dont_cares && t % 3 == 0) {
        Table& tab = std::get<Table>(net.nodes[id].op);
        for (int b = 0; b < 3; ++b) {
          logic::TruthTable care(12);
          for (uint64_t r = 0; r < 4096; ++r) care.set(r, rng() % 7 != 0);
          tab.care.push_back(care);
        }
        tab.care_source = CareSource::data_sample;
      }
      cur.push_back(id);
    }
    prev = cur;
  }
  for (size_t p = 0; p < prev.size(); ++p) net.outputs.push_back({"y" + std::to_string(p), {prev[p], 0, 3}, std::nullopt});
  net.check_invariants();
  return net;
}

/// evaluate_records against evaluate_many's results packed, with `extra` words past the record.
void check_records(const Network& net, const BatchModel& batch, const std::vector<std::vector<uint64_t>>& vectors, size_t extra) {
  const size_t ni = batch.num_inputs(), no = batch.num_outputs(), count = vectors.size();
  const size_t words = batch.record_words() + extra;
  size_t bits = 0;
  for (const auto& o : net.outputs) bits += static_cast<size_t>(o.source.width);
  CHECK(batch.output_bits() == bits);
  CHECK(batch.record_words() == std::max<size_t>(1, (bits + 31) / 32));
  std::vector<uint64_t> in(count * ni), values(count * no), known(count * no);
  for (size_t s = 0; s < count; ++s) std::copy(vectors[s].begin(), vectors[s].end(), in.begin() + static_cast<long>(s * ni));
  batch.evaluate_many(in.data(), count, values.data(), known.data());
  std::vector<uint32_t> rv(count * words, 0xdeadbeef), rk(count * words, 0xdeadbeef);  // every word is written
  batch.evaluate_records(in.data(), count, rv.data(), rk.data(), words);
  for (size_t s = 0; s < count; ++s) {
    CAPTURE(s);
    const std::vector<uint64_t> v(values.begin() + static_cast<long>(s * no), values.begin() + static_cast<long>((s + 1) * no));
    const std::vector<uint64_t> k(known.begin() + static_cast<long>(s * no), known.begin() + static_cast<long>((s + 1) * no));
    CHECK(std::vector<uint32_t>(rv.begin() + static_cast<long>(s * words), rv.begin() + static_cast<long>((s + 1) * words)) ==
          pack_record(net, v, words));
    CHECK(std::vector<uint32_t>(rk.begin() + static_cast<long>(s * words), rk.begin() + static_cast<long>((s + 1) * words)) ==
          pack_record(net, k, words));
  }
  // A fixed known record is every vector's; then the known array may be left out.
  if (const uint32_t* fixed = batch.fixed_known_record()) {
    for (size_t s = 0; s < count; ++s)
      CHECK(std::equal(fixed, fixed + batch.record_words(), rk.begin() + static_cast<long>(s * words)));
    std::vector<uint32_t> values_only(count * words, 0xdeadbeef);
    batch.evaluate_records(in.data(), count, values_only.data(), nullptr, words);
    CHECK(values_only == rv);
  } else if (count > 0) {
    CHECK_THROWS_AS(batch.evaluate_records(in.data(), count, rv.data(), nullptr, words), std::invalid_argument);
  }
  // The inputs as packed records (`extra` noise words past each): the same records out.
  std::vector<int> in_widths;
  for (NodeId i : net.inputs) in_widths.push_back(net.nodes[i].width);
  size_t in_bits = 0;
  for (int w : in_widths) in_bits += static_cast<size_t>(w);
  CHECK(batch.input_record_words() == std::max<size_t>(1, (in_bits + 31) / 32));
  const size_t in_words = batch.input_record_words() + extra;
  std::vector<uint32_t> in_records(count * in_words, 0x5a5a5a5a);
  for (size_t s = 0; s < count; ++s) {
    std::vector<uint64_t> codes(vectors[s]);
    for (size_t i = 0; i < ni; ++i) codes[i] &= low_mask(in_widths[i]);
    const std::vector<uint32_t> packed = pack_ports(codes, in_widths);
    std::fill_n(in_records.begin() + static_cast<long>(s * in_words), batch.input_record_words(), 0u);
    std::copy(packed.begin(), packed.end(), in_records.begin() + static_cast<long>(s * in_words));
  }
  std::vector<uint32_t> rv2(count * words, 0xdeadbeef), rk2(count * words, 0xdeadbeef);
  batch.evaluate_records(in_records.data(), in_words, count, rv2.data(), rk2.data(), words);
  CHECK(rv2 == rv);
  CHECK(rk2 == rk);
  if (count > 0)
    CHECK_THROWS_AS(batch.evaluate_records(in_records.data(), batch.input_record_words() - 1, count, rv2.data(), rk2.data(), words),
                    std::invalid_argument);
}

}  // namespace

TEST_CASE("evaluate_records writes evaluate_many's results as packed records") {
  for (int variant = 0; variant < 4; ++variant) {
    const bool arithmetic = variant & 1, dont_cares = variant & 2;
    std::mt19937_64 rng(300 + static_cast<uint64_t>(variant));
    for (int trial = 0; trial < 40; ++trial) {
      CAPTURE(variant);
      CAPTURE(trial);
      Network net = random_network(rng, arithmetic, dont_cares);
      BatchModel batch(net);
      batch.set_batch_vectors(trial % 2 ? 0 : 24);
      const auto vectors = random_vectors(net, 1 + rng() % 200, rng);
      for (bool avx2 : {true, false}) {
        batch.set_avx2(avx2);
        check_records(net, batch, vectors, trial % 3 == 0 ? 1 : 0);
      }
    }
  }
  // Wide outputs: 62-, 38- and 64-bit ports span two and three words; so does input a (at bit 5).
  std::mt19937_64 rng(41);
  for (int wide : {40, 64}) {
    Network net;
    NodeId c = net.add_input("c", 5), a = net.add_input("a", wide), b = net.add_input("b", 5);
    NodeId t = net.add_table("t", {{a, 1, 3}, {b, 0, 5}}, wide, [&] {
      std::vector<uint64_t> rows(256);
      for (auto& r : rows) r = rng() & low_mask(wide);
      return rows;
    }());
    net.outputs.push_back({"y", {b, 0, 5}, std::nullopt});
    net.outputs.push_back({"z", {t, 2, wide - 2}, std::nullopt});
    net.outputs.push_back({"a", {a, 0, wide}, std::nullopt});
    net.outputs.push_back({"c", {c, 1, 4}, std::nullopt});
    net.check_invariants();
    BatchModel batch(net);
    check_records(net, batch, random_vectors(net, 300, rng), 0);
    check_records(net, batch, random_vectors(net, 70, rng), 2);
    std::vector<uint64_t> in(2 * 3, 0);
    std::vector<uint32_t> rv(8), rk(8);
    CHECK_THROWS_AS(batch.evaluate_records(in.data(), 1, rv.data(), rk.data(), batch.record_words() - 1), std::invalid_argument);
  }
}

TEST_CASE("evaluate_many and evaluate_records from two threads at once on one shared model") {
  // As verify calls it: one const model, each thread on its own range of the vectors.
  std::mt19937_64 rng(77);
  for (bool dont_cares : {false, true}) {
    CAPTURE(dont_cares);
    const Network net = layered_network(rng, 3, 24, dont_cares);
    const BatchModel batch(net);
    const size_t ni = batch.num_inputs(), no = batch.num_outputs(), words = batch.record_words(), count = 6000;
    std::vector<uint64_t> in(count * ni);
    for (auto& x : in) x = rng();
    std::vector<uint64_t> values1(count * no), known1(count * no), values2(count * no), known2(count * no);
    std::vector<uint32_t> rv1(count * words), rk1(count * words), rv2(count * words), rk2(count * words);
    batch.evaluate_many(in.data(), count, values1.data(), known1.data());
    batch.evaluate_records(in.data(), count, rv1.data(), rk1.data(), words);
    for (int round = 0; round < 3; ++round) {
      const size_t half = 1000 + 1500 * static_cast<size_t>(round);  // unequal ranges: different strides per thread
      std::fill(values2.begin(), values2.end(), 0);
      std::fill(rv2.begin(), rv2.end(), 0);
      auto work = [&](size_t first, size_t n) {
        for (size_t f = first; f < first + n; f += 700) {  // several calls per thread
          const size_t m = std::min<size_t>(700, first + n - f);
          batch.evaluate_many(&in[f * ni], m, &values2[f * no], &known2[f * no]);
          batch.evaluate_records(&in[f * ni], m, &rv2[f * words], &rk2[f * words], words);
        }
      };
      std::thread other(work, half, count - half);
      work(0, half);
      other.join();
      CHECK(values2 == values1);
      CHECK(known2 == known1);
      CHECK(rv2 == rv1);
      CHECK(rk2 == rk1);
    }
    // And against the scalar model, on some of the vectors.
    SoftwareModel scalar(net);
    for (size_t s = 0; s < count; s += 97) {
      const ModelResult want = scalar.evaluate(std::vector<uint64_t>(in.begin() + static_cast<long>(s * ni), in.begin() + static_cast<long>((s + 1) * ni)));
      for (size_t p = 0; p < no; ++p) CHECK((values1[s * no + p] == want.values[p] && known1[s * no + p] == want.known[p]));
    }
  }
}
