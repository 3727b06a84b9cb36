#include "verify/verify.hpp"

#include <unistd.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdio>
#include <future>

#include "frontend/dataset.hpp"
#include "backend/netlist_json.hpp"
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

namespace {

struct sim_form_choice {
  bool rtl = true;
  bool sliced = false;
};

/// rtl: the RTL alone; sliced: the sliced netlist on every vector plus the RTL on its prefix;
/// auto: sliced when OUT has a netlist.json and there are more vectors than the RTL prefix.
sim_form_choice choose_form(const backend::CompiledDesign& out, const verify_params& ps, const VectorSet& vs) {
  if (ps.sim_form != "auto" && ps.sim_form != "rtl" && ps.sim_form != "sliced")
    throw Diagnostic("--sim-form must be auto, rtl or sliced, not '" + ps.sim_form + "'");
  if (ps.sim_form == "rtl") return {true, false};
  const bool has_netlist = fs::exists(out.netlist_path());
  if (ps.sim_form == "sliced") {
    if (!has_netlist)
      throw Diagnostic(out.netlist_path().string(), 0, 0, "--sim-form sliced needs the netlist compile writes (recompile)");
    return {ps.rtl_vectors > 0 || vs.samples() > 0, true};
  }
  if (!has_netlist || vs.generated() <= ps.rtl_vectors || vs.generated() < ps.sliced_from) return {true, false};
  return {true, true};
}

}  // namespace

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

  // Which simulators run which vectors: the emitted RTL on the first rtl_vectors generated
  // vectors and every data sample (their classes are the RTL's), the sliced netlist on all.
  const sim_form_choice form = choose_form(out, ps, vs);
  st.form = form.sliced ? "sliced" : "rtl";
  const uint64_t rtl_prefix = form.sliced ? std::min(ps.rtl_vectors, vs.generated()) : vs.generated();
  auto on_rtl = [&](uint64_t index) { return index < rtl_prefix || index >= vs.generated(); };
  st.rtl_vectors = form.rtl ? rtl_prefix + vs.samples() : 0;
  st.sliced_vectors = form.sliced ? vs.size() : 0;

  const build_params bp{ps.verilator, ps.jobs, ps.lanes};
  std::future<Simulator> sliced_build;
  if (form.sliced)
    sliced_build = std::async(std::launch::async, [&] {
      backend::Netlist nl = backend::netlist_from_json(nlohmann::json::parse(util::read_file(out.netlist_path())),
                                                       out.netlist_path().string());
      return build_sliced_simulator(out, nl, bp);
    });
  Simulator sim;
  if (form.rtl) {
    build_params rtl_bp = bp;
    rtl_bp.rtl_prefix = form.sliced;
    sim = build_simulator(out, rtl_bp);
  }
  Simulator sliced;
  if (form.sliced) sliced = sliced_build.get();
  st.cache_hit = (!form.rtl || sim.cache_hit) && (!form.sliced || sliced.cache_hit);
  st.rtl_build_seconds = form.rtl ? sim.build_seconds : 0;
  st.sliced_build_seconds = form.sliced ? sliced.build_seconds : 0;
  st.build_seconds = std::max(st.rtl_build_seconds, st.sliced_build_seconds);

  auto start = std::chrono::steady_clock::now();
  const size_t in_words = static_cast<size_t>(record_words(design.input_bits()));
  const size_t out_words = static_cast<size_t>(record_words(design.output_bits()));
  // Bounded memory: about 16 MiB of records per chunk, whatever the vector count.
  uint64_t chunk = ps.chunk_vectors > 0 ? ps.chunk_vectors
                                        : std::clamp<uint64_t>((uint64_t{1} << 22) / (in_words + 2 * out_words), 1,
                                                               uint64_t{1} << 20);
  ir::BatchModel reference(model);  // the software model, table-major over blocks of vectors
  util::TempDir work("lutc-verify-");
  fs::create_directories(work.path() / "rtl");
  fs::create_directories(work.path() / "sliced");
  std::vector<uint64_t> codes;
  std::vector<int> out_widths;
  for (const auto& p : design.outputs) out_widths.push_back(p.width);
  // 4096 vectors per evaluate_many: enough to keep each table in L1 across its lookups (ir/batch_model.hpp).
  const size_t ni = reference.num_inputs(), no = reference.num_outputs(), block = 4096;

  for (uint64_t first = 0; first < vs.size(); first += chunk) {
    const uint64_t count = std::min(chunk, vs.size() - first);
    // Codes once per vector: packed into records for the simulators, read in place by the model.
    std::vector<uint64_t> chunk_codes(count * ni);
    std::vector<uint32_t> inputs(count * in_words, 0), rtl_inputs;
    std::vector<uint64_t> rtl_index;  // chunk positions of the RTL's records
    for (uint64_t i = 0; i < count; ++i) {
      vs.codes(first + i, codes);
      std::copy(codes.begin(), codes.end(), chunk_codes.begin() + static_cast<long>(i * ni));
      int pos = 0;
      for (size_t p = 0; p < codes.size(); ++p) {
        detail::insert_bits(&inputs[i * in_words], pos, in_widths[p], codes[p]);
        pos += in_widths[p];
      }
      if (form.sliced && form.rtl && on_rtl(first + i)) rtl_index.push_back(i);
    }
    const bool rtl_all = form.rtl && !form.sliced;
    if (!rtl_index.empty()) {
      rtl_inputs.reserve(rtl_index.size() * in_words);
      for (uint64_t i : rtl_index) rtl_inputs.insert(rtl_inputs.end(), &inputs[i * in_words], &inputs[(i + 1) * in_words]);
    }
    // The simulators run while the software model computes the expected records.
    auto run = [&](const Simulator& which, const std::vector<uint32_t>& records, const char* dir, double& seconds) {
      auto t0 = std::chrono::steady_clock::now();
      auto got = simulate(which, records, work.path() / dir);
      seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      return got;
    };
    std::future<std::vector<uint32_t>> rtl_run, sliced_run;
    if (rtl_all || !rtl_index.empty())
      rtl_run = std::async(std::launch::async, [&] { return run(sim, rtl_all ? inputs : rtl_inputs, "rtl", st.simulate_seconds); });
    if (form.sliced)
      sliced_run = std::async(std::launch::async, [&] { return run(sliced, inputs, "sliced", st.sliced_seconds); });
    const auto model_start = std::chrono::steady_clock::now();
    std::vector<uint32_t> expected(count * out_words, 0), known(count * out_words, 0);
    std::vector<int64_t> model_class(count, -1);
    std::vector<uint64_t> block_values(block * no), block_known(block * no), values(no);
    for (uint64_t i0 = 0; i0 < count; i0 += block) {
      const size_t n = static_cast<size_t>(std::min<uint64_t>(block, count - i0));
      reference.evaluate_many(&chunk_codes[i0 * ni], n, block_values.data(), block_known.data());
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
    std::vector<uint32_t> got_sliced = form.sliced ? sliced_run.get() : std::vector<uint32_t>{};
    std::vector<uint32_t> got_rtl = rtl_run.valid() ? rtl_run.get() : std::vector<uint32_t>{};
    // Per chunk position: its RTL record (or nullptr) and the record compared for everything else.
    std::vector<const uint32_t*> rtl_record(count, nullptr);
    if (rtl_all)
      for (uint64_t i = 0; i < count; ++i) rtl_record[i] = &got_rtl[i * out_words];
    for (size_t j = 0; j < rtl_index.size(); ++j) rtl_record[rtl_index[j]] = &got_rtl[j * out_words];
    auto differs_from_model = [&](uint64_t i, const uint32_t* got) {
      bool d = false;
      for (size_t w = 0; w < out_words; ++w) {
        size_t k = i * out_words + w;
        if ((expected[k] ^ got[w]) & known[k]) d = true;
      }
      return d;
    };
    for (uint64_t i = 0; i < count; ++i) {
      for (size_t w = 0; w < out_words; ++w) st.compared_bits += static_cast<uint64_t>(std::popcount(known[i * out_words + w]));
      const uint32_t* primary = form.sliced ? &got_sliced[i * out_words] : rtl_record[i];
      bool differs = differs_from_model(i, primary);
      const char* which = form.sliced ? "sliced netlist" : "RTL";
      if (!differs && form.sliced && rtl_record[i] && differs_from_model(i, rtl_record[i])) {
        differs = true;
        primary = rtl_record[i];
        which = "RTL";
      }
      if (first + i >= vs.generated()) {
        const uint64_t s = first + i - vs.generated();
        if (sample_file[s] >= 0 && sample_class[s] >= 0) {
          backend::DataAccuracy& acc = st.data[static_cast<size_t>(sample_file[s])];
          const uint32_t* cls_record = rtl_record[i] ? rtl_record[i] : primary;  // the RTL's, whenever it ran
          const int64_t rtl_class = detail::simulated_class(model, out_widths, cls_record);
          ++acc.labelled;
          acc.rtl_correct += rtl_class == sample_class[s];
          acc.model_correct += model_class[i] == sample_class[s];
          if (rtl_class != model_class[i]) {
            ++acc.class_mismatches;
            if (!differs) primary = cls_record;
            differs = true;
          }
        }
      }
      if (!differs) continue;
      if (st.mismatches++ == 0) {
        vs.codes(first + i, codes);
        st.first_mismatch = detail::describe_mismatch(design, vs, first + i, codes, &expected[i * out_words],
                                                      &known[i * out_words], primary);
        if (form.sliced) st.first_mismatch += " (" + std::string(which) + ")";
      }
    }
    if (count < vs.size())
      log::info("verify: " + std::to_string(first + count) + " / " + std::to_string(vs.size()) + " vectors, " +
                std::to_string(st.mismatches) + " mismatches");
  }
  st.run_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto rate = [&](uint64_t n, double seconds) {
    return seconds > 0 ? std::to_string(static_cast<uint64_t>(static_cast<double>(n) / seconds)) : std::string("-");
  };
  std::string sims;
  if (form.rtl)
    sims += "RTL simulation " + std::to_string(st.simulate_seconds) + " s for " + std::to_string(st.rtl_vectors) + " (" +
            rate(st.rtl_vectors, st.simulate_seconds) + " vectors/s)";
  if (form.sliced)
    sims += std::string(form.rtl ? ", " : "") + "sliced simulation " + std::to_string(st.sliced_seconds) + " s for " +
            std::to_string(st.sliced_vectors) + " (" + rate(st.sliced_vectors, st.sliced_seconds) + " vectors/s)";
  log::info("verify: build " + std::to_string(st.build_seconds) + " s" + (st.cache_hit ? " (cached)" : "") +
            (form.rtl && form.sliced ? " (RTL " + std::to_string(st.rtl_build_seconds) + " s, sliced " +
                                           std::to_string(st.sliced_build_seconds) + " s, concurrently)"
                                     : "") +
            ", run " + std::to_string(st.run_seconds) + " s (" + rate(vs.size(), st.run_seconds) +
            " vectors/s); software model " + std::to_string(st.model_seconds) + " s (" + rate(vs.size(), st.model_seconds) +
            " vectors/s), " + sims);
  for (auto& acc : st.data)
    if (acc.labelled) {
      acc.rtl_accuracy = static_cast<double>(acc.rtl_correct) / static_cast<double>(acc.labelled);
      acc.model_accuracy = static_cast<double>(acc.model_correct) / static_cast<double>(acc.labelled);
    }
  return st;
}

}  // namespace lutc::verify
