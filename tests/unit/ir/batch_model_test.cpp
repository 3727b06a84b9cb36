#include "ir/batch_model.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>

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
    net.inputs.push_back(net.add_node(in));
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

TEST_CASE("transpose64 moves bit c of word r to bit r of word c") {
  std::mt19937_64 rng(1);
  uint64_t a[64], t[64];
  for (auto& w : a) w = rng();
  std::copy_n(a, 64, t);
  transpose64(t);
  for (int r = 0; r < 64; ++r)
    for (int c = 0; c < 64; ++c) CHECK(((t[c] >> r) & 1) == ((a[r] >> c) & 1));
  transpose64(t);
  CHECK(std::equal(a, a + 64, t));
}

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
