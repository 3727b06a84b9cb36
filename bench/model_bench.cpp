// Bench of the software model (built by bench/verify_speed.sh; not part of ctest): vectors per
// second of the scalar ir::SoftwareModel and the bit-parallel ir::BatchModel on one model, on the
// same random vectors, with their results compared. Rates are per CPU second of this process
// (CLOCK_PROCESS_CPUTIME_ID), so that other load on the machine does not count.
//
//   model_bench MODEL VECTORS [SEED]     prints: nodes live scalar_vps batch_vps speedup mismatches
#include <time.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "frontend/read_model.hpp"
#include "ir/batch_model.hpp"
#include "ir/software_model.hpp"

using namespace lutc;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: model_bench MODEL VECTORS [SEED]\n");
    return 2;
  }
  ir::Network net = frontend::read_model(argv[1]);
  const size_t count = std::stoull(argv[2]);
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
  std::printf("%zu\t%zu\t%.0f\t%.0f\t%.1f\t%zu\n", net.nodes.size(), batch.evaluated_nodes(), static_cast<double>(count) / scalar_s,
              static_cast<double>(count) / batch_s, scalar_s / batch_s, mismatches);
  return mismatches == 0 ? 0 : 1;
}
