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

/// Labels of the data samples, in VectorSet order: each one's entry in verify_stats::data (-1:
/// its file has no labels) and its class.
struct sample_labels {
  std::vector<int> file;
  std::vector<int64_t> cls;
};

/// The run's vectors: generated ones, then every data file's samples (their labelled files are
/// added to st.data, their labels to `labels`).
VectorSet collect_vectors(const backend::DesignInfo& design, const ir::Network& model, const verify_params& ps, verify_stats& st,
                          sample_labels& labels) {
  std::vector<int> in_widths;
  for (const auto& p : design.inputs) in_widths.push_back(p.width);
  VectorSet vs(in_widths, vector_params{ps.vectors, ps.seed, ps.exhaustive_limit_bits});
  for (const auto& file : ps.data_files) {
    frontend::Dataset data = frontend::read_dataset(file, model);
    vs.add_samples(data.inputs, file, data.source_line);
    int entry = -1;
    if (data.has_classes) {
      entry = static_cast<int>(st.data.size());
      st.data.push_back({file, data.inputs.size()});
    }
    for (size_t k = 0; k < data.inputs.size(); ++k) {
      labels.file.push_back(entry);
      labels.cls.push_back(data.has_classes ? data.classes[k] : -1);
    }
  }
  st.exhaustive = vs.exhaustive();
  st.vectors = vs.size();
  st.generated = vs.generated();
  std::string what = vs.exhaustive() ? "exhaustive over " + std::to_string(design.input_bits()) + " input bits"
                                     : std::to_string(vs.generated()) + " random, seed " + std::to_string(ps.seed);
  if (vs.samples() > 0) what += ", plus " + std::to_string(vs.samples()) + " data-file samples";
  log::info("verify: " + std::to_string(vs.size()) + " vectors (" + what + ")");
  return vs;
}

/// The simulators a run needs (the RTL and the sliced form built concurrently, each cached by content).
struct simulators {
  Simulator rtl, sliced;
};

simulators build_simulators(const backend::CompiledDesign& out, sim_form_choice form, const verify_params& ps, verify_stats& st) {
  const build_params bp{ps.verilator, ps.jobs, ps.lanes};
  std::future<Simulator> sliced_build;
  if (form.sliced)
    sliced_build = std::async(std::launch::async, [&] {
      backend::Netlist nl = backend::netlist_from_json(nlohmann::json::parse(util::read_file(out.netlist_path())),
                                                       out.netlist_path().string());
      return build_sliced_simulator(out, nl, bp);
    });
  simulators sims;
  if (form.rtl) sims.rtl = build_simulator(out, bp);  // the same simulator for every vector or a prefix
  if (form.sliced) sims.sliced = sliced_build.get();
  st.cache_hit = (!form.rtl || sims.rtl.cache_hit) && (!form.sliced || sims.sliced.cache_hit);
  st.rtl_build_seconds = form.rtl ? sims.rtl.build_seconds : 0;
  st.sliced_build_seconds = form.sliced ? sims.sliced.build_seconds : 0;
  st.build_seconds = std::max(st.rtl_build_seconds, st.sliced_build_seconds);
  return sims;
}

/// After the builds: the vectors go in chunks through one stream per simulator shard, and each
/// chunk is compared with the software model as its records come back (docs/verify.md). Every
/// shard has a chunk in hand and one more queued while lutc checks the oldest.
class comparison {
 public:
  comparison(const backend::DesignInfo& design, const ir::Network& model, const VectorSet& vs, const sample_labels& labels,
             sim_form_choice form, uint64_t rtl_prefix, const simulators& sims, const verify_params& ps, verify_stats& st);

  /// Every chunk, then the streams' busy seconds into the stats.
  void run();
  int threads() const { return threads_; }
  int shards() const { return static_cast<int>(streams_.size()); }

 private:
  /// Per chunk being checked: the simulators' records and where the RTL's are.
  struct answers {
    std::vector<uint32_t> sliced, rtl;
    std::vector<int64_t> rtl_slot;  // per chunk position: its record in `rtl` (or in *later), or -1
    detail::rtl_check* later = nullptr;  // beside the sliced form: the RTL's records, checked when they arrive
  };

  std::unique_ptr<detail::chunk> prepare(uint64_t k);
  void launch(detail::chunk& c);
  void check(detail::chunk& c);
  void check_range(const detail::chunk& c, const answers& a, uint64_t b, uint64_t e, detail::tally& t) const;
  void check_rtl(detail::rtl_check& rc);
  void merge(const detail::tally& t);
  bool differs(const uint32_t* expected, const uint32_t* known, const uint32_t* got) const {
    return detail::any_known_difference(expected, known, got, out_words_);
  }

  const backend::DesignInfo& design_;
  const ir::Network& model_;
  const VectorSet& vs_;
  const sample_labels& labels_;
  const sim_form_choice form_;
  const bool rtl_all_;  // the RTL alone simulates every vector
  const uint64_t rtl_prefix_;
  verify_stats& st_;
  record_layout in_layout_, out_layout_;
  size_t in_words_, out_words_;
  int threads_;
  std::vector<uint64_t> starts_;  // detail::chunk_starts
  ir::BatchModel reference_;      // the software model, table-major over blocks of vectors
  // Without don't cares the known-masks are the same for every vector: one record, counted once,
  // and repeated for a block of vectors (for the block-wide comparison).
  const uint32_t* fixed_known_;
  uint64_t fixed_known_bits_ = 0;
  std::vector<uint32_t> known_block_;
  uint64_t first_mismatch_index_ = UINT64_MAX;
  util::TempDir work_{"lutc-verify-"};
  // The chunks on their way (`spares_`: checked ones, their buffers reused; no page faults) and
  // the RTL's records still to check. Declared before the streams, so that on an exception the
  // streams stop (and no longer read these records) before the records are freed.
  std::vector<std::unique_ptr<detail::chunk>> spares_;
  std::deque<std::unique_ptr<detail::chunk>> in_flight_;
  std::deque<detail::rtl_check> rtl_checks_;
  std::vector<std::unique_ptr<SimulatorStream>> streams_;  // of the simulator of every vector
  std::unique_ptr<SimulatorStream> rtl_prefix_stream_;     // beside the sliced form
};

comparison::comparison(const backend::DesignInfo& design, const ir::Network& model, const VectorSet& vs, const sample_labels& labels,
                       sim_form_choice form, uint64_t rtl_prefix, const simulators& sims, const verify_params& ps, verify_stats& st)
    : design_(design),
      model_(model),
      vs_(vs),
      labels_(labels),
      form_(form),
      rtl_all_(form.rtl && !form.sliced),
      rtl_prefix_(rtl_prefix),
      st_(st),
      in_layout_(vs.port_widths()),
      out_layout_([&] {
        std::vector<int> widths;
        for (const auto& p : design.outputs) widths.push_back(p.width);
        return widths;
      }()),
      in_words_(in_layout_.words()),
      out_words_(out_layout_.words()),
      threads_(std::clamp(ps.jobs, 1, static_cast<int>(std::max(1u, std::thread::hardware_concurrency())))),
      reference_(model),
      fixed_known_(reference_.fixed_known_record()) {
  // Bounded memory: at most about 16 MiB of records per chunk (shards + 1 are alive: one in each
  // simulator shard, one queued), and at most 2^18 vectors, so the pipeline fills and drains quickly.
  const uint64_t per_vector = (2 * in_words_ + 2 * out_words_) * 4;  // inputs (and the RTL's copy), outputs
  const uint64_t chunk = ps.chunk_vectors > 0 ? ps.chunk_vectors
                                              : std::clamp<uint64_t>((uint64_t{16} << 20) / per_vector / 4096 * 4096,
                                                                     4096, uint64_t{1} << 18);
  starts_ = detail::chunk_starts(vs.size(), chunk, std::min<uint64_t>(chunk, 16384));
  if (fixed_known_) {
    for (size_t w = 0; w < out_words_; ++w) fixed_known_bits_ += static_cast<uint64_t>(std::popcount(fixed_known_[w]));
    for (size_t v = 0; v < detail::kModelBlock; ++v) known_block_.insert(known_block_.end(), fixed_known_, fixed_known_ + out_words_);
  }
  // One process per simulator shard for the whole run, fed chunk after chunk (SimulatorStream);
  // chunk k goes to shard k mod shards. The simulator that simulates every vector runs on
  // `shards` processes (docs/verify.md): the RTL alone on one per thread (the model costs a few
  // percent of its time), the sliced form on one per two threads (it costs about what the model
  // does). The RTL prefix beside the sliced form has one.
  const uint64_t chunks = starts_.size() - 1;
  const int shards = static_cast<int>(std::clamp<uint64_t>(rtl_all_ ? threads_ : threads_ / 2, 1, std::max<uint64_t>(chunks, 1)));
  for (int k = 0; k < shards; ++k) {
    const fs::path dir = work_.path() / ((rtl_all_ ? "rtl-" : "sliced-") + std::to_string(k));
    fs::create_directories(dir);
    streams_.push_back(std::make_unique<SimulatorStream>(rtl_all_ ? sims.rtl : sims.sliced, dir));
  }
  if (form.rtl && form.sliced) {
    fs::create_directories(work_.path() / "rtl");
    rtl_prefix_stream_ = std::make_unique<SimulatorStream>(sims.rtl, work_.path() / "rtl");
  }
}

void comparison::run() {
  const uint64_t chunks = starts_.size() - 1;
  uint64_t prepared = 0;
  while (prepared < chunks || !in_flight_.empty()) {
    while (prepared < chunks && in_flight_.size() < streams_.size() + 1) {
      in_flight_.push_back(prepare(prepared++));
      launch(*in_flight_.back());
    }
    detail::chunk& current = *in_flight_.front();
    check(current);
    while (!rtl_checks_.empty() && rtl_checks_.front().run.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
      check_rtl(rtl_checks_.front());
      rtl_checks_.pop_front();
    }
    const uint64_t done = current.first + current.count;
    if (done < vs_.size() || current.first > 0)
      log::info("verify: " + std::to_string(done) + " / " + std::to_string(vs_.size()) + " vectors, " +
                std::to_string(st_.mismatches) + " mismatches");
    spares_.push_back(std::move(in_flight_.front()));
    in_flight_.pop_front();
  }
  for (; !rtl_checks_.empty(); rtl_checks_.pop_front()) check_rtl(rtl_checks_.front());
  double every_seconds = 0;
  for (auto& stream : streams_) {
    stream->finish();
    every_seconds += stream->busy_seconds();
  }
  (rtl_all_ ? st_.simulate_seconds : st_.sliced_seconds) = every_seconds;
  if (rtl_prefix_stream_) {
    rtl_prefix_stream_->finish();
    st_.simulate_seconds = rtl_prefix_stream_->busy_seconds();
  }
}

// The input records of chunk k, on `threads_` threads; the RTL's records beside the sliced form
// are the prefix and data-sample positions.
std::unique_ptr<detail::chunk> comparison::prepare(uint64_t k) {
  std::unique_ptr<detail::chunk> c;
  if (spares_.empty()) c = std::make_unique<detail::chunk>();
  else {
    c = std::move(spares_.back());
    spares_.pop_back();
  }
  const uint64_t first = starts_[k];
  c->rtl_index.clear();
  c->rtl_inputs.clear();
  c->index = k;
  c->first = first;
  c->count = starts_[k + 1] - first;
  c->inputs.resize(c->count * in_words_);
  detail::parallel_ranges(c->count, threads_,
                          [&](uint64_t b, uint64_t e, int) { vs_.records(first + b, e - b, in_layout_, &c->inputs[b * in_words_]); });
  if (form_.sliced && form_.rtl) {
    for (uint64_t i = 0; i < c->count; ++i) {
      if (first + i >= rtl_prefix_ && first + i < vs_.generated()) i = vs_.generated() - first - 1;  // skip to samples
      else c->rtl_index.push_back(i);
    }
    c->rtl_inputs.reserve(c->rtl_index.size() * in_words_);
    for (uint64_t i : c->rtl_index)
      c->rtl_inputs.insert(c->rtl_inputs.end(), &c->inputs[i * in_words_], &c->inputs[(i + 1) * in_words_]);
  }
  return c;
}

// Queued behind the chunks already in the simulators: they never wait for lutc between chunks.
void comparison::launch(detail::chunk& c) {
  SimulatorStream& every = *streams_[c.index % streams_.size()];
  if (rtl_all_) c.rtl_run = every.submit(c.inputs);
  else if (!c.rtl_index.empty()) c.rtl_run = rtl_prefix_stream_->submit(c.rtl_inputs);
  if (form_.sliced) c.sliced_run = every.submit(c.inputs);
}

// The software model on a chunk, compared with what the simulators returned, on `threads_`
// threads (contiguous ranges; the first mismatch is the lowest index's).
void comparison::check(detail::chunk& c) {
  answers a;
  if (form_.sliced) a.sliced = c.sliced_run.get();
  // Beside the sliced form, the RTL's generated vectors are compared when their records arrive;
  // data samples (their classes are the RTL's) here.
  const bool rtl_later = form_.sliced && c.rtl_run.valid() && c.first + c.count <= vs_.generated();
  if (c.rtl_run.valid() && !rtl_later) a.rtl = c.rtl_run.get();
  if (!c.rtl_index.empty()) {
    a.rtl_slot.assign(c.count, -1);
    for (size_t j = 0; j < c.rtl_index.size(); ++j) a.rtl_slot[c.rtl_index[j]] = static_cast<int64_t>(j);
  }
  if (rtl_later) {
    detail::rtl_check& rc = rtl_checks_.emplace_back();
    for (uint64_t i : c.rtl_index) rc.index.push_back(c.first + i);
    rc.inputs = std::move(c.rtl_inputs);  // the buffer stays where the simulator reads it
    rc.expected.resize(c.rtl_index.size() * out_words_);
    if (!fixed_known_) rc.known.resize(c.rtl_index.size() * out_words_);
    rc.counted.assign(c.rtl_index.size(), 0);
    rc.run = std::move(c.rtl_run);
    a.later = &rc;
  }
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<detail::tally> tallies(static_cast<size_t>(threads_), detail::tally(st_.data.size()));
  detail::parallel_ranges(c.count, threads_,
                          [&](uint64_t b, uint64_t e, int part) { check_range(c, a, b, e, tallies[static_cast<size_t>(part)]); });
  st_.model_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (const detail::tally& t : tallies) merge(t);
}

// Chunk positions [b, e): the model's values and known-masks as records, in blocks, compared
// word by word with the simulators'.
void comparison::check_range(const detail::chunk& c, const answers& a, uint64_t b, uint64_t e, detail::tally& t) const {
  const size_t block = detail::kModelBlock, no = out_layout_.ports();
  std::vector<uint32_t> values(block * out_words_), known(fixed_known_ ? 0 : block * out_words_);
  std::vector<uint64_t> codes(no);  // a data sample's output codes, for its class
  auto rtl_record = [&](uint64_t i) -> const uint32_t* {
    if (rtl_all_) return &a.rtl[i * out_words_];
    if (a.later || a.rtl_slot.empty() || a.rtl_slot[i] < 0) return nullptr;
    return &a.rtl[static_cast<size_t>(a.rtl_slot[i]) * out_words_];
  };
  // Each vector has one simulated record (the sliced form's, or the RTL's when it runs alone).
  const bool one_answer = form_.sliced ? a.rtl_slot.empty() : rtl_all_;
  for (uint64_t i0 = b; i0 < e; i0 += block) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(block, e - i0));
    reference_.evaluate_records(&c.inputs[i0 * in_words_], in_words_, n, values.data(), fixed_known_ ? nullptr : known.data(),
                                out_words_);
    if (fixed_known_)
      t.compared_bits += n * fixed_known_bits_;
    else
      for (size_t w = 0; w < n * out_words_; ++w) t.compared_bits += static_cast<uint64_t>(std::popcount(known[w]));
    // A block of generated vectors that one simulator alone answered: one pass over its words
    // finds whether any known bit differs; only then is it looked at vector by vector.
    if (one_answer && c.first + i0 + n <= vs_.generated() &&
        !detail::any_known_difference(values.data(), fixed_known_ ? known_block_.data() : known.data(),
                                      (form_.sliced ? a.sliced.data() : a.rtl.data()) + i0 * out_words_, n * out_words_))
      continue;
    for (size_t l = 0; l < n; ++l) {
      const uint64_t i = i0 + l, index = c.first + i;
      const uint32_t* expected = &values[l * out_words_];
      const uint32_t* known_record = fixed_known_ ? fixed_known_ : &known[l * out_words_];
      const uint32_t* rtl = rtl_record(i);
      const uint32_t* primary = form_.sliced ? &a.sliced[i * out_words_] : rtl;
      const char* which = form_.sliced ? "sliced netlist" : "RTL";
      bool bad = differs(expected, known_record, primary);
      if (!bad && form_.sliced && rtl && differs(expected, known_record, rtl)) {
        bad = true;
        primary = rtl;
        which = "RTL";
      }
      if (a.later && a.rtl_slot[i] >= 0) {  // kept for check_rtl
        const size_t j = static_cast<size_t>(a.rtl_slot[i]);
        std::copy(expected, expected + out_words_, &a.later->expected[j * out_words_]);
        if (!fixed_known_) std::copy(known_record, known_record + out_words_, &a.later->known[j * out_words_]);
        a.later->counted[j] = bad;
      }
      if (index >= vs_.generated()) {
        const uint64_t s = index - vs_.generated();
        if (labels_.file[s] >= 0 && labels_.cls[s] >= 0) {
          backend::DataAccuracy& acc = t.data[static_cast<size_t>(labels_.file[s])];
          const uint32_t* cls_record = rtl ? rtl : primary;  // the RTL's, whenever it ran
          const int64_t rtl_class = detail::simulated_class(model_, out_layout_, cls_record);
          for (size_t p = 0; p < no; ++p) codes[p] = out_layout_.extract(expected, p);
          const int64_t model_class = ir::predicted_class(model_.outputs, codes);
          ++acc.labelled;
          acc.rtl_correct += rtl_class == labels_.cls[s];
          acc.model_correct += model_class == labels_.cls[s];
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
        t.first_mismatch = detail::describe_mismatch(design_, out_layout_, vs_, index, expected, known_record, primary);
        if (form_.sliced) t.first_mismatch += " (" + std::string(which) + ")";
      }
    }
  }
}

// The RTL's records beside the sliced form, checked when they arrive.
void comparison::check_rtl(detail::rtl_check& rc) {
  const std::vector<uint32_t> got = rc.run.get();
  detail::tally t(st_.data.size());
  for (size_t j = 0; j < rc.index.size(); ++j) {
    const uint32_t* expected = &rc.expected[j * out_words_];
    const uint32_t* known_record = fixed_known_ ? fixed_known_ : &rc.known[j * out_words_];
    if (rc.counted[j] || !differs(expected, known_record, &got[j * out_words_])) continue;
    if (t.mismatches++ == 0) {
      t.first_index = rc.index[j];
      t.first_mismatch =
          detail::describe_mismatch(design_, out_layout_, vs_, rc.index[j], expected, known_record, &got[j * out_words_]) + " (RTL)";
    }
  }
  merge(t);
}

// A thread's tally into the run's: counts add up, the first mismatch is the lowest index's.
void comparison::merge(const detail::tally& t) {
  if (t.mismatches > 0 && (st_.mismatches == 0 || t.first_index < first_mismatch_index_)) {
    first_mismatch_index_ = t.first_index;
    st_.first_mismatch = t.first_mismatch;
  }
  st_.mismatches += t.mismatches;
  st_.compared_bits += t.compared_bits;
  for (size_t f = 0; f < st_.data.size(); ++f) {
    st_.data[f].labelled += t.data[f].labelled;
    st_.data[f].rtl_correct += t.data[f].rtl_correct;
    st_.data[f].model_correct += t.data[f].model_correct;
    st_.data[f].class_mismatches += t.data[f].class_mismatches;
  }
}

/// The run's one summary line: build, run, the model's and each simulator's seconds and vectors/s.
void log_summary(const verify_stats& st, sim_form_choice form, int threads, int shards) {
  auto rate = [&](uint64_t n, double seconds) {
    return seconds > 0 ? std::to_string(static_cast<uint64_t>(static_cast<double>(n) / seconds)) : std::string("-");
  };
  const bool rtl_all = form.rtl && !form.sliced;
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
            ", run " + std::to_string(st.run_seconds) + " s (" + rate(st.vectors, st.run_seconds) +
            " vectors/s); software model and comparison " + std::to_string(st.model_seconds) + " s on " +
            std::to_string(threads) + " threads (" + rate(st.vectors, st.model_seconds) + " vectors/s), " + sims);
}

}  // namespace

verify_stats verify_design(const fs::path& out_dir, const ir::Network& model, const verify_params& ps) {
  backend::CompiledDesign out = backend::CompiledDesign::open(out_dir);
  const backend::DesignInfo& design = out.design();
  detail::check_ports(design, model, out.report_path().string());
  verify_stats st;
  sample_labels labels;
  const VectorSet vs = collect_vectors(design, model, ps, st, labels);

  // Which simulators run which vectors: the emitted RTL on the first rtl_vectors generated
  // vectors and every data sample (their classes are the RTL's), the sliced netlist on all.
  const sim_form_choice form = choose_form(out, ps, vs);
  st.form = form.sliced ? "sliced" : "rtl";
  const uint64_t rtl_prefix = form.sliced ? std::min(ps.rtl_vectors, vs.generated()) : vs.generated();
  st.rtl_vectors = form.rtl ? rtl_prefix + vs.samples() : 0;
  st.sliced_vectors = form.sliced ? vs.size() : 0;
  const simulators sims = build_simulators(out, form, ps, st);

  const auto start = std::chrono::steady_clock::now();
  int threads = 0, shards = 0;
  {
    comparison run(design, model, vs, labels, form, rtl_prefix, sims, ps, st);
    run.run();
    threads = run.threads();
    shards = run.shards();
  }
  st.run_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  log_summary(st, form, threads, shards);
  for (auto& acc : st.data)
    if (acc.labelled) {
      acc.rtl_accuracy = static_cast<double>(acc.rtl_correct) / static_cast<double>(acc.labelled);
      acc.model_accuracy = static_cast<double>(acc.model_correct) / static_cast<double>(acc.labelled);
    }
  return st;
}

}  // namespace lutc::verify
