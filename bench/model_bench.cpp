// Bench of the software model (built by bench/verify_speed.sh; not part of ctest): vectors per
// second of the scalar ir::SoftwareModel and the table-major ir::BatchModel on one model, on the
// same random vectors, with their results compared. Rates are per CPU second of this process
// (CLOCK_PROCESS_CPUTIME_ID), so that other load on the machine does not count.
//
//   model_bench MODEL VECTORS [SEED] [BATCH] [REPEAT]
// prints: nodes live scalar_vps batch_vps speedup mismatches, then the rates of evaluate_block
// (64-vector blocks), evaluate_many on all vectors with AVX2 (when the CPU has it) and without, and
// evaluate_many on pieces of 4096 vectors, evaluate_records (packed records) on pieces of 4096
// vectors, and evaluate_many in pieces plus packing its results into records bit-field by bit-field
// (as verify did), each with its mismatches against the scalar model; then verify's side: random
// vectors as codes then packed input records, or as records in one pass (VectorSet::records), and
// evaluate_records (known-masks fixed) from codes or from input records, each pair compared.
// BATCH sets evaluate_many's vectors per batch (0 = default); REPEAT runs each evaluate_many
// measurement that many times and reports the fastest (default 1).
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "frontend/read_model.hpp"
#include "ir/batch_model.hpp"
#include "ir/software_model.hpp"
#ifndef LUTC_BENCH_NO_INPUT_RECORDS
#include "verify/records.hpp"
#include "verify/vectors.hpp"
#endif

using namespace lutc;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: model_bench MODEL VECTORS [SEED]\n");
    return 2;
  }
  ir::Network net = frontend::read_model(argv[1]);
  size_t count = std::stoull(argv[2]);
  std::mt19937_64 rng(argc > 3 ? std::stoull(argv[3]) : 1);
  std::vector<std::vector<uint64_t>> vectors(count);
  for (auto& v : vectors)
    for (ir::NodeId i : net.inputs) {
      const int w = net.nodes[i].width;
      v.push_back(rng() & (w >= 64 ? ~uint64_t{0} : (uint64_t{1} << w) - 1));
    }
  auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
  };
  ir::SoftwareModel scalar(net);
  std::vector<ir::ModelResult> want(count);
  double t0 = cpu_now();
  for (size_t s = 0; s < count; ++s) want[s] = scalar.evaluate(vectors[s]);
  const double scalar_s = cpu_now() - t0;
  ir::BatchModel batch(net);
  t0 = cpu_now();
  auto got = batch.evaluate(vectors);
  const double batch_s = cpu_now() - t0;
  size_t mismatches = 0;
  for (size_t s = 0; s < count; ++s) mismatches += got[s].values != want[s].values || got[s].known != want[s].known;
  std::printf("%zu\t%zu\t%.0f\t%.0f\t%.1f\t%zu", net.nodes.size(), batch.evaluated_nodes(), static_cast<double>(count) / scalar_s,
              static_cast<double>(count) / batch_s, scalar_s / batch_s, mismatches);
  // Flat arrays, as verify passes them: 64-vector blocks, then evaluate_many (on at most 100000
  // of the vectors: the arrays take 8 bytes per input and 16 per output of each).
  const size_t ni = batch.num_inputs(), no = batch.num_outputs();
  count = std::min<size_t>(count, 100000);
  std::vector<uint64_t> in(count * ni), values(count * no), known(count * no);
  for (size_t s = 0; s < count; ++s) std::copy(vectors[s].begin(), vectors[s].end(), in.begin() + static_cast<long>(s * ni));
  auto check = [&] {
    size_t bad = 0;
    for (size_t s = 0; s < count; ++s)
      for (size_t p = 0; p < no; ++p) bad += values[s * no + p] != want[s].values[p] || known[s * no + p] != want[s].known[p];
    return bad;
  };
  t0 = cpu_now();
  for (size_t first = 0; first < count; first += ir::BatchModel::kLanes)
    batch.evaluate_block(&in[first * ni], std::min(ir::BatchModel::kLanes, count - first), &values[first * no], &known[first * no]);
  const double block_s = cpu_now() - t0;
  size_t bad = check();
  mismatches += bad;
  std::printf("\tblock %.0f %zu", static_cast<double>(count) / block_s, bad);
  if (argc > 4) batch.set_batch_vectors(std::stoull(argv[4]));
  const int repeat = argc > 5 ? std::max(1, std::stoi(argv[5])) : 1;
  for (bool avx2 : {true, false}) {
    batch.set_avx2(avx2);
    if (avx2 && !batch.uses_avx2()) continue;
    std::fill(values.begin(), values.end(), 0);
    std::fill(known.begin(), known.end(), 0);
    double many_s = 1e30;
    for (int r = 0; r < repeat; ++r) {
      t0 = cpu_now();
      batch.evaluate_many(in.data(), count, values.data(), known.data());
      many_s = std::min(many_s, cpu_now() - t0);
    }
    bad = check();
    mismatches += bad;
    std::printf("\tmany%s(%zu) %.0f %zu", avx2 ? "-avx2" : "", batch.batch_vectors(), static_cast<double>(count) / many_s, bad);
  }
  // As a caller would, in pieces of 4096 vectors whose results stay in cache.
  batch.set_avx2(true);
  std::fill(values.begin(), values.end(), 0);
  std::fill(known.begin(), known.end(), 0);
  double pieces_s = 1e30;
  for (int r = 0; r < repeat; ++r) {
    t0 = cpu_now();
    for (size_t first = 0; first < count; first += 4096)
      batch.evaluate_many(&in[first * ni], std::min<size_t>(4096, count - first), &values[first * no], &known[first * no]);
    pieces_s = std::min(pieces_s, cpu_now() - t0);
  }
  bad = check();
  mismatches += bad;
  std::printf("\tmany-4k %.0f %zu", static_cast<double>(count) / pieces_s, bad);
#ifndef LUTC_BENCH_NO_RECORDS  // (defined to build this bench against an older model, for a baseline)
  // Packed records (as verify compares them), in pieces of 4096 vectors.
  const size_t words = batch.record_words();
  std::vector<uint32_t> rec_values(count * words), rec_known(count * words);
  double records_s = 1e30;
  for (int r = 0; r < repeat; ++r) {
    t0 = cpu_now();
    for (size_t first = 0; first < count; first += 4096)
      batch.evaluate_records(&in[first * ni], std::min<size_t>(4096, count - first), &rec_values[first * words], &rec_known[first * words],
                             words);
    records_s = std::min(records_s, cpu_now() - t0);
  }
  bad = 0;
  for (size_t s = 0; s < count; ++s) {
    size_t pos = 0;
    for (size_t p = 0; p < no; ++p) {
      for (int b = 0; b < net.outputs[p].source.width; ++b, ++pos) {
        const uint32_t got_v = (rec_values[s * words + pos / 32] >> (pos % 32)) & 1, got_k = (rec_known[s * words + pos / 32] >> (pos % 32)) & 1;
        bad += got_v != ((want[s].values[p] >> b) & 1) || got_k != ((want[s].known[p] >> b) & 1);
      }
    }
  }
  mismatches += bad;
  std::printf("\trecords-4k %.0f %zu", static_cast<double>(count) / records_s, bad);
  // The same records as verify packed them before: evaluate_many in pieces of 4096, then each
  // output inserted bit-field by bit-field (for comparison; the records must be equal).
  std::vector<uint32_t> old_values(count * words), old_known(count * words);
  double packed_s = 1e30;
  for (int r = 0; r < repeat; ++r) {
    t0 = cpu_now();
    std::fill(old_values.begin(), old_values.end(), 0);
    std::fill(old_known.begin(), old_known.end(), 0);
    for (size_t first = 0; first < count; first += 4096) {
      const size_t n = std::min<size_t>(4096, count - first);
      batch.evaluate_many(&in[first * ni], n, &values[first * no], &known[first * no]);
      for (size_t s = first; s < first + n; ++s) {
        int pos = 0;
        for (size_t p = 0; p < no; ++p) {
          const int width = net.outputs[p].source.width;
          for (int done = 0; done < width;) {  // verify's detail::insert_bits
            const int at = pos + done, off = at % 32, take = std::min(32 - off, width - done);
            const uint64_t mask = (uint64_t{1} << take) - 1;
            old_values[s * words + static_cast<size_t>(at / 32)] |= static_cast<uint32_t>(((values[s * no + p] >> done) & mask) << off);
            old_known[s * words + static_cast<size_t>(at / 32)] |= static_cast<uint32_t>(((known[s * no + p] >> done) & mask) << off);
            done += take;
          }
          pos += width;
        }
      }
    }
    packed_s = std::min(packed_s, cpu_now() - t0);
  }
  bad = old_values != rec_values || old_known != rec_known;
  mismatches += bad;
  std::printf("\tmany-4k+pack %.0f %zu", static_cast<double>(count) / packed_s, bad);
#endif
#ifndef LUTC_BENCH_NO_INPUT_RECORDS
  // verify's side: the vectors (VectorSet, random) as codes then packed input records, or as
  // records in one pass; and evaluate_records from those input records, in pieces of 4096.
  {
    std::vector<int> in_widths;
    for (ir::NodeId i : net.inputs) in_widths.push_back(net.nodes[i].width);
    const verify::VectorSet vs(in_widths, verify::vector_params{count, 1, 0});
    const verify::record_layout layout(in_widths);
    const size_t iw = layout.words();
    std::vector<uint64_t> codes(count * ni);
    std::vector<uint32_t> packed(count * iw), fused(count * iw);
    double codes_s = 1e30, fused_s = 1e30;
    for (int r = 0; r < repeat; ++r) {
      t0 = cpu_now();
      vs.codes(0, count, codes.data());
      for (size_t s = 0; s < count; ++s) layout.pack(&codes[s * ni], &packed[s * iw]);
      codes_s = std::min(codes_s, cpu_now() - t0);
      t0 = cpu_now();
      vs.records(0, count, layout, fused.data());
      fused_s = std::min(fused_s, cpu_now() - t0);
    }
    bad = packed != fused;
    mismatches += bad;
    std::printf("\tcodes+pack %.0f\trecords %.0f %zu", static_cast<double>(count) / codes_s, static_cast<double>(count) / fused_s, bad);
    // The model on those vectors: from codes (as verify did) and from the input records.
    std::vector<uint32_t> from_codes(count * words), from_records(count * words);
    double from_codes_s = 1e30, from_records_s = 1e30;
    for (int r = 0; r < repeat; ++r) {
      t0 = cpu_now();
      for (size_t first = 0; first < count; first += 4096)
        batch.evaluate_records(&codes[first * ni], std::min<size_t>(4096, count - first), &from_codes[first * words], nullptr, words);
      from_codes_s = std::min(from_codes_s, cpu_now() - t0);
      t0 = cpu_now();
      for (size_t first = 0; first < count; first += 4096)
        batch.evaluate_records(&fused[first * iw], iw, std::min<size_t>(4096, count - first), &from_records[first * words], nullptr, words);
      from_records_s = std::min(from_records_s, cpu_now() - t0);
    }
    bad = from_codes != from_records || !batch.fixed_known_record();
    mismatches += bad;
    std::printf("\trecords-4k(codes) %.0f\trecords-4k(in-records) %.0f %zu", static_cast<double>(count) / from_codes_s,
                static_cast<double>(count) / from_records_s, bad);
  }
#endif
  std::printf("\n");
  return mismatches == 0 ? 0 : 1;
}
