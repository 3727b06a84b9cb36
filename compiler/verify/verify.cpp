#include "verify/verify.hpp"

#include <unistd.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <future>
#include <memory>
#include <thread>

#include "frontend/dataset.hpp"
#include "backend/netlist_json.hpp"
#include "ir/batch_model.hpp"
#include "util/diagnostic.hpp"
#include "util/fs.hpp"
#include "util/log.hpp"
#include "verify/harness.hpp"
#include "verify/records.hpp"
#include "verify/vectors.hpp"

namespace lutc::verify {
namespace fs = std::filesystem;

namespace detail {

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

int64_t simulated_class(const ir::Network& model, const record_layout& out, const uint32_t* got) {
  std::vector<uint64_t> codes(out.ports());
  for (size_t p = 0; p < out.ports(); ++p) codes[p] = out.extract(got, p);
  return ir::predicted_class(model.outputs, codes);
}

/// One line saying what differs for vector `index` (its inputs regenerated from `vs`): `expected`
/// and `known` are the model's value and known-mask records, `got` the simulated record.
std::string describe_mismatch(const backend::DesignInfo& design, const record_layout& out, const VectorSet& vs,
                              uint64_t index, const uint32_t* expected, const uint32_t* known, const uint32_t* got) {
  std::vector<uint64_t> inputs;
  vs.codes(index, inputs);
  std::string s = "vector " + std::to_string(index) + " (" + vs.origin(index) + "): inputs";
  for (size_t p = 0; p < design.inputs.size(); ++p) s += " " + design.inputs[p].name + "=" + hex(inputs[p]);
  std::string exp_text, got_text, bits_text;
  int listed = 0;
  for (size_t p = 0; p < design.outputs.size(); ++p) {
    const std::string& name = design.outputs[p].name;
    const uint64_t e = out.extract(expected, p), k = out.extract(known, p), g = out.extract(got, p);
    exp_text += " " + name + "=" + hex(e) + (k == out.mask(p) ? "" : " (known bits " + hex(k) + ")");
    got_text += " " + name + "=" + hex(g);
    for (int b = 0; b < out.width(p); ++b)
      if ((((e ^ g) & k) >> b) & 1) {
        if (listed < 16) bits_text += (listed ? ", " : " ") + name + "[" + std::to_string(b) + "]";
        else if (listed == 16) bits_text += ", ...";
        ++listed;
      }
  }
  return s + "; expected" + exp_text + "; got" + got_text + "; differing bits:" + bits_text;
}

/// Vectors per evaluate_many call: enough to keep each table in L1 across its lookups (ir/batch_model.hpp).
constexpr size_t kModelBlock = 4096;

// Small chunks at both ends: the simulators have work soon after the start, and the shards
// finish at about the same time (a last big chunk would leave the other shards idle).
std::vector<uint64_t> chunk_starts(uint64_t total, uint64_t size, uint64_t smallest) {
  std::vector<uint64_t> front, back;  // chunk sizes
  uint64_t left = total;
  for (uint64_t s = smallest; s < size && left > 0; s *= 2)
    for (auto* side : {&front, &back}) {
      const uint64_t take = std::min(s, left);
      if (take > 0) side->push_back(take);
      left -= take;
    }
  for (; left > 0; left -= std::min(size, left)) front.push_back(std::min(size, left));
  front.insert(front.end(), back.rbegin(), back.rend());
  std::vector<uint64_t> starts{0};
  for (uint64_t s : front) starts.push_back(starts.back() + s);
  return starts;
}

/// Whether (expected[w] ^ got[w]) & known[w] is non-zero for some w < n: one vectorizable pass.
bool any_known_difference(const uint32_t* expected, const uint32_t* known, const uint32_t* got, size_t n) {
  uint32_t diff = 0;
  for (size_t w = 0; w < n; ++w) diff |= (expected[w] ^ got[w]) & known[w];
  return diff != 0;
}

/// One chunk of vectors on its way through the simulators.
struct chunk {
  uint64_t index = 0;  // among the run's chunks
  uint64_t first = 0, count = 0;
  std::vector<uint32_t> inputs;       // one input record per vector
  std::vector<uint64_t> rtl_index;    // beside the sliced form: chunk positions the RTL simulates
  std::vector<uint32_t> rtl_inputs;   // and their records
  std::future<std::vector<uint32_t>> rtl_run, sliced_run;
};

/// The emitted RTL's share of a chunk beside the sliced form, compared when its records arrive:
/// the RTL is far slower per vector (~4 µs against ~0.2), and the sliced pipeline does not wait for it.
struct rtl_check {
  std::vector<uint64_t> index;             // the vectors
  std::vector<uint32_t> inputs;            // their input records (in place until `run` is ready)
  std::vector<uint32_t> expected, known;   // the model's records for them (known: empty when fixed)
  std::vector<uint8_t> counted;            // 1: already counted as a mismatch of the sliced form
  std::future<std::vector<uint32_t>> run;
};

/// What one thread found comparing its part of a chunk.
struct tally {
  explicit tally(size_t data_files) : data(data_files) {}
  uint64_t mismatches = 0, compared_bits = 0;
  uint64_t first_index = UINT64_MAX;  // of the first mismatch (the one with the lowest vector index)
  std::string first_mismatch;
  std::vector<backend::DataAccuracy> data;  // counts only
};

/// Calls body(begin, end, part) for `parts` contiguous ranges covering [0, n), in parallel
/// (the calling thread takes part 0). Rethrows the first part's exception.
template <class Body> void parallel_ranges(uint64_t n, int parts, Body&& body) {
  parts = static_cast<int>(std::clamp<uint64_t>(n / 4096, 1, static_cast<uint64_t>(std::max(1, parts))));
  std::vector<std::future<void>> others;
  for (int k = 1; k < parts; ++k)
    others.push_back(std::async(std::launch::async, [&, k] { body(n * k / parts, n * (k + 1) / parts, k); }));
  std::exception_ptr failure;
  try {
    body(0, n / parts, 0);
  } catch (...) {
    failure = std::current_exception();
  }
  for (auto& f : others) try {
      f.get();
    } catch (...) {
      if (!failure) failure = std::current_exception();
    }
  if (failure) std::rethrow_exception(failure);
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
  if (form.rtl) sim = build_simulator(out, bp);  // the same simulator for every vector or a prefix
  Simulator sliced;
  if (form.sliced) sliced = sliced_build.get();
  st.cache_hit = (!form.rtl || sim.cache_hit) && (!form.sliced || sliced.cache_hit);
  st.rtl_build_seconds = form.rtl ? sim.build_seconds : 0;
  st.sliced_build_seconds = form.sliced ? sliced.build_seconds : 0;
  st.build_seconds = std::max(st.rtl_build_seconds, st.sliced_build_seconds);

  auto start = std::chrono::steady_clock::now();
  std::vector<int> out_widths;
  for (const auto& p : design.outputs) out_widths.push_back(p.width);
  const record_layout in_layout(in_widths), out_layout(out_widths);
  const size_t in_words = in_layout.words(), out_words = out_layout.words();
  const size_t no = out_layout.ports();
  // Bounded memory: at most about 16 MiB of records per chunk (shards + 1 are alive: one in each
  // simulator shard, one queued), and at most 2^18 vectors, so the pipeline fills and drains quickly.
  const uint64_t per_vector = (2 * in_words + 2 * out_words) * 4;  // inputs (and the RTL's copy), outputs
  const uint64_t chunk = ps.chunk_vectors > 0 ? ps.chunk_vectors
                                              : std::clamp<uint64_t>((uint64_t{16} << 20) / per_vector / 4096 * 4096,
                                                                     4096, uint64_t{1} << 18);
  const int threads = std::clamp(ps.jobs, 1, static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  ir::BatchModel reference(model);  // the software model, table-major over blocks of vectors
  util::TempDir work("lutc-verify-");
  // The chunks on their way (`spares`: checked ones, their buffers reused; no page faults) and
  // the RTL's records still to check. Declared before the streams, so that on an exception
  // the streams stop (and no longer read these records) before the records are freed.
  std::vector<std::unique_ptr<detail::chunk>> spares;
  std::deque<std::unique_ptr<detail::chunk>> in_flight;
  std::deque<detail::rtl_check> rtl_checks;
  // One process per simulator shard for the whole run, fed chunk after chunk (SimulatorStream);
  // chunk k goes to shard k mod shards. The simulator that simulates every vector runs on
  // `shards` processes (docs/verify.md): the RTL alone on one per thread (the model costs a few
  // percent of its time), the sliced form on one per two threads (it costs about what the model
  // does). The RTL prefix beside the sliced form has one.
  const bool rtl_all = form.rtl && !form.sliced;
  const std::vector<uint64_t> starts = detail::chunk_starts(vs.size(), chunk, std::min<uint64_t>(chunk, 16384));
  const uint64_t chunks = starts.size() - 1;
  const int shards = static_cast<int>(std::clamp<uint64_t>(rtl_all ? threads : threads / 2, 1, std::max<uint64_t>(chunks, 1)));
  std::unique_ptr<SimulatorStream> rtl_prefix_stream;
  std::vector<std::unique_ptr<SimulatorStream>> streams;  // of the simulator of every vector
  for (int k = 0; k < shards; ++k) {
    const fs::path dir = work.path() / ((rtl_all ? "rtl-" : "sliced-") + std::to_string(k));
    fs::create_directories(dir);
    streams.push_back(std::make_unique<SimulatorStream>(rtl_all ? sim : sliced, dir));
  }
  if (form.rtl && form.sliced) {
    fs::create_directories(work.path() / "rtl");
    rtl_prefix_stream = std::make_unique<SimulatorStream>(sim, work.path() / "rtl");
  }
  // Without don't cares the known-masks are the same for every vector: one record, counted once.
  const uint32_t* fixed_known = reference.fixed_known_record();
  uint64_t fixed_known_bits = 0;
  if (fixed_known)
    for (size_t w = 0; w < out_words; ++w) fixed_known_bits += static_cast<uint64_t>(std::popcount(fixed_known[w]));
  // The fixed known-mask record repeated for a block of vectors (detail::any_known_difference).
  std::vector<uint32_t> known_block;
  if (fixed_known)
    for (size_t v = 0; v < detail::kModelBlock; ++v) known_block.insert(known_block.end(), fixed_known, fixed_known + out_words);
  auto differs = [&](const uint32_t* expected, const uint32_t* known_record, const uint32_t* got) {
    return detail::any_known_difference(expected, known_record, got, out_words);
  };
  // A thread's tally into the run's: counts add up, the first mismatch is the lowest index's.
  uint64_t first_mismatch_index = UINT64_MAX;
  auto merge = [&](const detail::tally& t) {
    if (t.mismatches > 0 && (st.mismatches == 0 || t.first_index < first_mismatch_index)) {
      first_mismatch_index = t.first_index;
      st.first_mismatch = t.first_mismatch;
    }
    st.mismatches += t.mismatches;
    st.compared_bits += t.compared_bits;
    for (size_t f = 0; f < st.data.size(); ++f) {
      st.data[f].labelled += t.data[f].labelled;
      st.data[f].rtl_correct += t.data[f].rtl_correct;
      st.data[f].model_correct += t.data[f].model_correct;
      st.data[f].class_mismatches += t.data[f].class_mismatches;
    }
  };

  // The input records of one chunk, on `threads` threads; the RTL's records beside the sliced
  // form are the prefix and data-sample positions.
  auto prepare = [&](uint64_t k) {
    const uint64_t first = starts[k];
    std::unique_ptr<detail::chunk> c;
    if (spares.empty()) c = std::make_unique<detail::chunk>();
    else {
      c = std::move(spares.back());
      spares.pop_back();
    }
    c->rtl_index.clear();
    c->rtl_inputs.clear();
    c->index = k;
    c->first = first;
    c->count = starts[k + 1] - first;
    c->inputs.resize(c->count * in_words);
    detail::parallel_ranges(c->count, threads,
                            [&](uint64_t b, uint64_t e, int) { vs.records(first + b, e - b, in_layout, &c->inputs[b * in_words]); });
    if (form.sliced && form.rtl) {
      for (uint64_t i = 0; i < c->count; ++i) {
        if (first + i >= rtl_prefix && first + i < vs.generated()) i = vs.generated() - first - 1;  // skip to samples
        else c->rtl_index.push_back(i);
      }
      c->rtl_inputs.reserve(c->rtl_index.size() * in_words);
      for (uint64_t i : c->rtl_index)
        c->rtl_inputs.insert(c->rtl_inputs.end(), &c->inputs[i * in_words], &c->inputs[(i + 1) * in_words]);
    }
    return c;
  };
  // Queued behind the chunks already in the simulators: they never wait for lutc between chunks.
  auto launch = [&](detail::chunk& c) {
    SimulatorStream& every = *streams[c.index % streams.size()];
    if (rtl_all) c.rtl_run = every.submit(c.inputs);
    else if (!c.rtl_index.empty()) c.rtl_run = rtl_prefix_stream->submit(c.rtl_inputs);
    if (form.sliced) c.sliced_run = every.submit(c.inputs);
  };
  // The RTL's records beside the sliced form, checked when they arrive.
  auto check_rtl = [&](detail::rtl_check& rc) {
    const std::vector<uint32_t> got = rc.run.get();
    detail::tally t(st.data.size());
    for (size_t j = 0; j < rc.index.size(); ++j) {
      const uint32_t* expected = &rc.expected[j * out_words];
      const uint32_t* known_record = fixed_known ? fixed_known : &rc.known[j * out_words];
      if (rc.counted[j] || !differs(expected, known_record, &got[j * out_words])) continue;
      if (t.mismatches++ == 0) {
        t.first_index = rc.index[j];
        t.first_mismatch =
            detail::describe_mismatch(design, out_layout, vs, rc.index[j], expected, known_record, &got[j * out_words]) + " (RTL)";
      }
    }
    merge(t);
  };
  // The software model on a chunk, compared with what the simulators returned, on `threads`
  // threads (contiguous ranges; the first mismatch is the lowest index's).
  auto check = [&](detail::chunk& c) {
    const std::vector<uint32_t> got_sliced = form.sliced ? c.sliced_run.get() : std::vector<uint32_t>{};
    // Beside the sliced form, the RTL's generated vectors are compared when their records arrive;
    // data samples (their classes are the RTL's) here.
    const bool rtl_later = form.sliced && c.rtl_run.valid() && c.first + c.count <= vs.generated();
    const std::vector<uint32_t> got_rtl = c.rtl_run.valid() && !rtl_later ? c.rtl_run.get() : std::vector<uint32_t>{};
    std::vector<int64_t> rtl_slot;  // per chunk position: its record in got_rtl (or rc), or -1
    if (!c.rtl_index.empty()) {
      rtl_slot.assign(c.count, -1);
      for (size_t j = 0; j < c.rtl_index.size(); ++j) rtl_slot[c.rtl_index[j]] = static_cast<int64_t>(j);
    }
    detail::rtl_check* rc = nullptr;
    if (rtl_later) {
      rc = &rtl_checks.emplace_back();
      for (uint64_t i : c.rtl_index) rc->index.push_back(c.first + i);
      rc->inputs = std::move(c.rtl_inputs);  // the buffer stays where the simulator reads it
      rc->expected.resize(c.rtl_index.size() * out_words);
      if (!fixed_known) rc->known.resize(c.rtl_index.size() * out_words);
      rc->counted.assign(c.rtl_index.size(), 0);
      rc->run = std::move(c.rtl_run);
    }
    auto rtl_record = [&](uint64_t i) -> const uint32_t* {
      if (rtl_all) return &got_rtl[i * out_words];
      if (rtl_later || rtl_slot.empty() || rtl_slot[i] < 0) return nullptr;
      return &got_rtl[static_cast<size_t>(rtl_slot[i]) * out_words];
    };
    // Each vector has one simulated record (the sliced form's, or the RTL's when it runs alone).
    const bool one_answer = form.sliced ? rtl_slot.empty() : rtl_all;
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<detail::tally> tallies(static_cast<size_t>(threads), detail::tally(st.data.size()));
    detail::parallel_ranges(c.count, threads, [&](uint64_t b, uint64_t e, int part) {
      detail::tally& t = tallies[static_cast<size_t>(part)];
      const size_t block = detail::kModelBlock;
      // The model's values and known-masks as records, compared word by word with the simulators'.
      std::vector<uint32_t> values(block * out_words), known(fixed_known ? 0 : block * out_words);
      std::vector<uint64_t> codes(no);  // a data sample's output codes, for its class
      for (uint64_t i0 = b; i0 < e; i0 += block) {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(block, e - i0));
        reference.evaluate_records(&c.inputs[i0 * in_words], in_words, n, values.data(), fixed_known ? nullptr : known.data(),
                                   out_words);
        if (fixed_known)
          t.compared_bits += n * fixed_known_bits;
        else
          for (size_t w = 0; w < n * out_words; ++w) t.compared_bits += static_cast<uint64_t>(std::popcount(known[w]));
        // A block of generated vectors that one simulator alone answered: one pass over its words
        // finds whether any known bit differs; only then is it looked at vector by vector.
        if (one_answer && c.first + i0 + n <= vs.generated() &&
            !detail::any_known_difference(values.data(), fixed_known ? known_block.data() : known.data(),
                                          (form.sliced ? got_sliced.data() : got_rtl.data()) + i0 * out_words, n * out_words))
          continue;
        for (size_t l = 0; l < n; ++l) {
          const uint64_t i = i0 + l, index = c.first + i;
          const uint32_t* expected = &values[l * out_words];
          const uint32_t* known_record = fixed_known ? fixed_known : &known[l * out_words];
          const uint32_t* rtl = rtl_record(i);
          const uint32_t* primary = form.sliced ? &got_sliced[i * out_words] : rtl;
          const char* which = form.sliced ? "sliced netlist" : "RTL";
          bool bad = differs(expected, known_record, primary);
          if (!bad && form.sliced && rtl && differs(expected, known_record, rtl)) {
            bad = true;
            primary = rtl;
            which = "RTL";
          }
          if (rc && rtl_slot[i] >= 0) {  // kept for check_rtl
            const size_t j = static_cast<size_t>(rtl_slot[i]);
            std::copy(expected, expected + out_words, &rc->expected[j * out_words]);
            if (!fixed_known) std::copy(known_record, known_record + out_words, &rc->known[j * out_words]);
            rc->counted[j] = bad;
          }
          if (index >= vs.generated()) {
            const uint64_t s = index - vs.generated();
            if (sample_file[s] >= 0 && sample_class[s] >= 0) {
              backend::DataAccuracy& acc = t.data[static_cast<size_t>(sample_file[s])];
              const uint32_t* cls_record = rtl ? rtl : primary;  // the RTL's, whenever it ran
              const int64_t rtl_class = detail::simulated_class(model, out_layout, cls_record);
              for (size_t p = 0; p < no; ++p) codes[p] = out_layout.extract(expected, p);
              const int64_t model_class = ir::predicted_class(model.outputs, codes);
              ++acc.labelled;
              acc.rtl_correct += rtl_class == sample_class[s];
              acc.model_correct += model_class == sample_class[s];
              if (rtl_class != model_class) {
                ++acc.class_mismatches;
                if (!bad) primary = cls_record;
                bad = true;
              }
            }
          }
          if (!bad) continue;
          if (t.mismatches++ == 0) {
            t.first_index = index;
            t.first_mismatch = detail::describe_mismatch(design, out_layout, vs, index, expected, known_record, primary);
            if (form.sliced) t.first_mismatch += " (" + std::string(which) + ")";
          }
        }
      }
    });
    st.model_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    for (const detail::tally& t : tallies) merge(t);
  };

  // Every shard has a chunk in hand and one more is queued, while lutc checks the oldest.
  uint64_t prepared = 0;  // chunks
  while (prepared < chunks || !in_flight.empty()) {
    while (prepared < chunks && in_flight.size() < streams.size() + 1) {
      in_flight.push_back(prepare(prepared++));
      launch(*in_flight.back());
    }
    detail::chunk& current = *in_flight.front();
    check(current);
    while (!rtl_checks.empty() &&
           rtl_checks.front().run.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
      check_rtl(rtl_checks.front());
      rtl_checks.pop_front();
    }
    const uint64_t done = current.first + current.count;
    if (done < vs.size() || current.first > 0)
      log::info("verify: " + std::to_string(done) + " / " + std::to_string(vs.size()) + " vectors, " +
                std::to_string(st.mismatches) + " mismatches");
    spares.push_back(std::move(in_flight.front()));
    in_flight.pop_front();
  }
  for (; !rtl_checks.empty(); rtl_checks.pop_front()) check_rtl(rtl_checks.front());
  double every_seconds = 0;
  for (auto& stream : streams) {
    stream->finish();
    every_seconds += stream->busy_seconds();
  }
  (rtl_all ? st.simulate_seconds : st.sliced_seconds) = every_seconds;
  if (rtl_prefix_stream) {
    rtl_prefix_stream->finish();
    st.simulate_seconds = rtl_prefix_stream->busy_seconds();
  }
  st.run_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto rate = [&](uint64_t n, double seconds) {
    return seconds > 0 ? std::to_string(static_cast<uint64_t>(static_cast<double>(n) / seconds)) : std::string("-");
  };
  // Seconds and vectors/s per process (a sharded simulator's seconds are summed over its processes).
  const std::string sharded = shards > 1 ? " on " + std::to_string(shards) + " processes" : "";
  std::string sims;
  if (form.rtl)
    sims += "RTL simulation " + std::to_string(st.simulate_seconds) + " s for " + std::to_string(st.rtl_vectors) +
            (rtl_all ? sharded : "") + " (" + rate(st.rtl_vectors, st.simulate_seconds) + " vectors/s)";
  if (form.sliced)
    sims += std::string(form.rtl ? ", " : "") + "sliced simulation " + std::to_string(st.sliced_seconds) + " s for " +
            std::to_string(st.sliced_vectors) + sharded + " (" + rate(st.sliced_vectors, st.sliced_seconds) + " vectors/s)";
  log::info("verify: build " + std::to_string(st.build_seconds) + " s" + (st.cache_hit ? " (cached)" : "") +
            (form.rtl && form.sliced ? " (RTL " + std::to_string(st.rtl_build_seconds) + " s, sliced " +
                                           std::to_string(st.sliced_build_seconds) + " s, concurrently)"
                                     : "") +
            ", run " + std::to_string(st.run_seconds) + " s (" + rate(vs.size(), st.run_seconds) +
            " vectors/s); software model and comparison " + std::to_string(st.model_seconds) + " s on " +
            std::to_string(threads) + " threads (" + rate(vs.size(), st.model_seconds) + " vectors/s), " + sims);
  for (auto& acc : st.data)
    if (acc.labelled) {
      acc.rtl_accuracy = static_cast<double>(acc.rtl_correct) / static_cast<double>(acc.labelled);
      acc.model_accuracy = static_cast<double>(acc.model_correct) / static_cast<double>(acc.labelled);
    }
  return st;
}

}  // namespace lutc::verify
