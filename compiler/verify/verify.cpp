#include "verify/verify.hpp"

#include <unistd.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdio>
#include <future>

#include "frontend/dataset.hpp"
#include "ir/batch_model.hpp"
#include "util/diagnostic.hpp"
#include "util/fs.hpp"
#include "util/log.hpp"
#include "verify/harness.hpp"
#include "verify/vectors.hpp"

namespace lutc::verify {
namespace fs = std::filesystem;

namespace detail {

void insert_bits(uint32_t* words, int pos, int width, uint64_t value) {
  while (width > 0) {
    int off = pos % 32, take = std::min(32 - off, width);
    uint64_t mask = (uint64_t{1} << take) - 1;
    words[pos / 32] |= static_cast<uint32_t>((value & mask) << off);
    value = take >= 64 ? 0 : value >> take;
    pos += take;
    width -= take;
  }
}

uint64_t extract_bits(const uint32_t* words, int pos, int width) {
  uint64_t value = 0;
  int done = 0;
  while (done < width) {
    int off = pos % 32, take = std::min(32 - off, width - done);
    uint64_t chunk = (words[pos / 32] >> off) & ((uint64_t{1} << take) - 1);
    value |= chunk << done;
    pos += take;
    done += take;
  }
  return value;
}

void check_ports(const backend::DesignInfo& design, const ir::Network& model, const std::string& origin) {
  auto fail = [&](const std::string& m) { throw Diagnostic(origin, 0, 0, "design does not match the model: " + m); };
  if (design.inputs.size() != model.inputs.size())
    fail("the design has " + std::to_string(design.inputs.size()) + " input ports, the model " +
         std::to_string(model.inputs.size()));
  if (design.outputs.size() != model.outputs.size())
    fail("the design has " + std::to_string(design.outputs.size()) + " output ports, the model " +
         std::to_string(model.outputs.size()));
  for (size_t i = 0; i < design.inputs.size(); ++i) {
    const ir::Node& n = model.nodes[model.inputs[i]];
    if (design.inputs[i].width != n.width)
      fail("input " + std::to_string(i) + " '" + design.inputs[i].name + "' is " +
           std::to_string(design.inputs[i].width) + " bits wide, the model's '" + n.name + "' " +
           std::to_string(n.width));
  }
  for (size_t i = 0; i < design.outputs.size(); ++i) {
    const ir::OutputPort& o = model.outputs[i];
    if (design.outputs[i].width != o.source.width)
      fail("output " + std::to_string(i) + " '" + design.outputs[i].name + "' is " +
           std::to_string(design.outputs[i].width) + " bits wide, the model's '" + o.name + "' " +
           std::to_string(o.source.width));
  }
}

int64_t simulated_class(const ir::Network& model, const std::vector<int>& out_widths, const uint32_t* got) {
  std::vector<uint64_t> codes(out_widths.size());
  int pos = 0;
  for (size_t p = 0; p < out_widths.size(); ++p) {
    codes[p] = extract_bits(got, pos, out_widths[p]);
    pos += out_widths[p];
  }
  return ir::predicted_class(model.outputs, codes);
}

/// One line saying what differs for vector `index`.
std::string describe_mismatch(const backend::DesignInfo& design, const VectorSet& vs, uint64_t index,
                              const std::vector<uint64_t>& codes, const uint32_t* expected, const uint32_t* known,
                              const uint32_t* got) {
  std::string s = "vector " + std::to_string(index) + " (" + vs.origin(index) + "): inputs";
  for (size_t p = 0; p < design.inputs.size(); ++p) s += " " + design.inputs[p].name + "=" + hex(codes[p]);
  std::string exp_text, got_text, bits_text;
  int pos = 0, listed = 0;
  for (const auto& port : design.outputs) {
    uint64_t e = extract_bits(expected, pos, port.width), k = extract_bits(known, pos, port.width);
    uint64_t g = extract_bits(got, pos, port.width);
    uint64_t full = port.width >= 64 ? ~uint64_t{0} : (uint64_t{1} << port.width) - 1;
    exp_text += " " + port.name + "=" + hex(e) + (k == full ? "" : " (known bits " + hex(k) + ")");
    got_text += " " + port.name + "=" + hex(g);
    for (int b = 0; b < port.width; ++b)
      if ((((e ^ g) & k) >> b) & 1) {
        if (listed < 16) bits_text += (listed ? ", " : " ") + port.name + "[" + std::to_string(b) + "]";
        else if (listed == 16) bits_text += ", ...";
        ++listed;
      }
    pos += port.width;
  }
  return s + "; expected" + exp_text + "; got" + got_text + "; differing bits:" + bits_text;
}

}  // namespace detail

verify_stats verify_design(const fs::path& out_dir, const ir::Network& model, const verify_params& ps) {
  backend::CompiledDesign out = backend::CompiledDesign::open(out_dir);
  const backend::DesignInfo& design = out.design();
  detail::check_ports(design, model, out.report_path().string());
  std::vector<int> in_widths;
  for (const auto& p : design.inputs) in_widths.push_back(p.width);

  VectorSet vs(in_widths, vector_params{ps.vectors, ps.seed, ps.exhaustive_limit_bits});
  verify_stats st;
  // Per data sample (in VectorSet order): its file's entry in st.data (-1: no labels) and class.
  std::vector<int> sample_file;
  std::vector<int64_t> sample_class;
  for (const auto& file : ps.data_files) {
    frontend::Dataset data = frontend::read_dataset(file, model);
    vs.add_samples(data.inputs, file, data.source_line);
    int entry = -1;
    if (data.has_classes) {
      entry = static_cast<int>(st.data.size());
      st.data.push_back({file, data.inputs.size()});
    }
    for (size_t k = 0; k < data.inputs.size(); ++k) {
      sample_file.push_back(entry);
      sample_class.push_back(data.has_classes ? data.classes[k] : -1);
    }
  }
  st.exhaustive = vs.exhaustive();
  st.vectors = vs.size();
  st.generated = vs.generated();
  std::string what = vs.exhaustive() ? "exhaustive over " + std::to_string(design.input_bits()) + " input bits"
                                     : std::to_string(vs.generated()) + " random, seed " + std::to_string(ps.seed);
  if (vs.samples() > 0) what += ", plus " + std::to_string(vs.samples()) + " data-file samples";
  log::info("verify: " + std::to_string(vs.size()) + " vectors (" + what + ")");

  Simulator sim = build_simulator(out, build_params{ps.verilator, ps.jobs});
  st.cache_hit = sim.cache_hit;
  st.build_seconds = sim.build_seconds;

  auto start = std::chrono::steady_clock::now();
  const size_t in_words = static_cast<size_t>(sim.in_words), out_words = static_cast<size_t>(sim.out_words);
  // Bounded memory: about 16 MiB of records per chunk, whatever the vector count.
  uint64_t chunk = ps.chunk_vectors > 0 ? ps.chunk_vectors
                                        : std::clamp<uint64_t>((uint64_t{1} << 22) / (in_words + 2 * out_words), 1,
                                                               uint64_t{1} << 20);
  ir::BatchModel reference(model);  // the software model, 64 vectors per evaluation
  util::TempDir work("lutc-verify-");
  std::vector<uint64_t> codes;
  std::vector<int> out_widths;
  for (const auto& p : design.outputs) out_widths.push_back(p.width);

  for (uint64_t first = 0; first < vs.size(); first += chunk) {
    const uint64_t count = std::min(chunk, vs.size() - first);
    std::vector<uint32_t> inputs(count * in_words, 0);
    for (uint64_t i = 0; i < count; ++i) {
      vs.codes(first + i, codes);
      int pos = 0;
      for (size_t p = 0; p < codes.size(); ++p) {
        detail::insert_bits(&inputs[i * in_words], pos, in_widths[p], codes[p]);
        pos += in_widths[p];
      }
    }
    // The simulator runs while the software model computes the expected records.
    auto simulated = std::async(std::launch::async, [&] {
      auto t0 = std::chrono::steady_clock::now();
      auto got = simulate(sim, inputs, work.path());
      st.simulate_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      return got;
    });
    const auto model_start = std::chrono::steady_clock::now();
    std::vector<uint32_t> expected(count * out_words, 0), known(count * out_words, 0);
    std::vector<int64_t> model_class(count, -1);
    const size_t ni = reference.num_inputs(), no = reference.num_outputs(), lanes = ir::BatchModel::kLanes;
    std::vector<uint64_t> block_in(lanes * ni), block_values(lanes * no), block_known(lanes * no), values(no);
    for (uint64_t i0 = 0; i0 < count; i0 += lanes) {
      const size_t n = static_cast<size_t>(std::min<uint64_t>(lanes, count - i0));
      for (size_t l = 0; l < n; ++l) {
        vs.codes(first + i0 + l, codes);
        std::copy(codes.begin(), codes.end(), block_in.begin() + static_cast<long>(l * ni));
      }
      reference.evaluate_block(block_in.data(), n, block_values.data(), block_known.data());
      for (size_t l = 0; l < n; ++l) {
        const uint64_t i = i0 + l;
        const uint64_t* r_values = &block_values[l * no];
        const uint64_t* r_known = &block_known[l * no];
        if (first + i >= vs.generated()) {
          values.assign(r_values, r_values + no);
          model_class[i] = ir::predicted_class(model.outputs, values);
        }
        int pos = 0;
        for (size_t p = 0; p < out_widths.size(); ++p) {
          detail::insert_bits(&expected[i * out_words], pos, out_widths[p], r_values[p]);
          detail::insert_bits(&known[i * out_words], pos, out_widths[p], r_known[p]);
          pos += out_widths[p];
        }
      }
    }
    st.model_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - model_start).count();
    std::vector<uint32_t> got = simulated.get();
    for (uint64_t i = 0; i < count; ++i) {
      bool differs = false;
      for (size_t w = 0; w < out_words; ++w) {
        size_t k = i * out_words + w;
        st.compared_bits += static_cast<uint64_t>(std::popcount(known[k]));
        if ((expected[k] ^ got[k]) & known[k]) differs = true;
      }
      if (first + i >= vs.generated()) {
        const uint64_t s = first + i - vs.generated();
        if (sample_file[s] >= 0 && sample_class[s] >= 0) {
          backend::DataAccuracy& acc = st.data[static_cast<size_t>(sample_file[s])];
          const int64_t rtl_class = detail::simulated_class(model, out_widths, &got[i * out_words]);
          ++acc.labelled;
          acc.rtl_correct += rtl_class == sample_class[s];
          acc.model_correct += model_class[i] == sample_class[s];
          if (rtl_class != model_class[i]) {
            ++acc.class_mismatches;
            differs = true;
          }
        }
      }
      if (!differs) continue;
      if (st.mismatches++ == 0) {
        vs.codes(first + i, codes);
        st.first_mismatch = detail::describe_mismatch(design, vs, first + i, codes, &expected[i * out_words],
                                                      &known[i * out_words], &got[i * out_words]);
      }
    }
    if (count < vs.size())
      log::info("verify: " + std::to_string(first + count) + " / " + std::to_string(vs.size()) + " vectors, " +
                std::to_string(st.mismatches) + " mismatches");
  }
  st.run_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto rate = [&](double seconds) { return seconds > 0 ? std::to_string(static_cast<uint64_t>(static_cast<double>(vs.size()) / seconds)) : std::string("-"); };
  log::info("verify: build " + std::to_string(st.build_seconds) + " s" + (st.cache_hit ? " (cached)" : "") + ", run " +
            std::to_string(st.run_seconds) + " s; software model " + std::to_string(st.model_seconds) + " s (" +
            rate(st.model_seconds) + " vectors/s), simulation " + std::to_string(st.simulate_seconds) + " s (" +
            rate(st.simulate_seconds) + " vectors/s)");
  for (auto& acc : st.data)
    if (acc.labelled) {
      acc.rtl_accuracy = static_cast<double>(acc.rtl_correct) / static_cast<double>(acc.labelled);
      acc.model_accuracy = static_cast<double>(acc.model_correct) / static_cast<double>(acc.labelled);
    }
  return st;
}

}  // namespace lutc::verify
