// lutc: compile trained lookup-table networks into verified, minimal FPGA logic.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "backend/compiled_design.hpp"
#include "backend/synth.hpp"
#include "flow/compile.hpp"
#include "flow/eval.hpp"
#include "frontend/dataset.hpp"
#include "frontend/read_model.hpp"
#include "frontend/yaml_model.hpp"
#include "passes/pass_registry.hpp"
#include "report/html_report.hpp"
#include "report/markdown_report.hpp"
#include "logic/minimize.hpp"
#include "logic/minimize_job.hpp"
#include "util/diagnostic.hpp"
#include "util/fs.hpp"
#include "util/log.hpp"
#include "util/process.hpp"
#include "verify/verify.hpp"

namespace fs = std::filesystem;
using namespace lutc;

namespace {

std::string percent(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", 100.0 * x);
  return buf;
}

int run_eval_and_print(const std::string& target, const std::string& data, bool json_out, size_t max_rows, bool print_rows = true) {
  flow::eval_params ep;
  ep.data_file = data;
  ep.max_rows_printed = max_rows;
  nlohmann::json rows = nlohmann::json::array();
  auto st = flow::evaluate_data(target, ep, &rows);
  if (json_out) {
    nlohmann::json j = {{"samples", st.samples}};
    if (st.has_labels) j["accuracy"] = st.accuracy;
    if (st.has_classes) {
      j["labelled"] = st.labelled;
      j["class_accuracy"] = st.class_accuracy;
      j["model_class_accuracy"] = st.model_class_accuracy;
      if (st.compiled) j["class_disagreements"] = st.class_disagreements;
    }
    if (st.compiled) {
      j["agreement"] = st.agreement;
      j["exact_agreement"] = st.exact_agreement;
    }
    if (!st.has_labels) j["outputs"] = rows;
    std::cout << j.dump() << "\n";
    return 0;
  }
  if (!st.has_labels && !st.has_classes && print_rows) {
    size_t shown = 0;
    for (const auto& r : rows) {
      if (max_rows && shown++ >= max_rows) {
        std::cout << "... (" << rows.size() - max_rows << " more rows; use --json or --rows 0 for all)\n";
        break;
      }
      std::cout << r.dump() << "\n";
    }
  }
  std::cout << st.samples << " samples";
  if (st.has_labels) std::cout << ", accuracy " << percent(st.accuracy);
  if (st.has_classes) {
    std::cout << ", class accuracy " << percent(st.class_accuracy) << " on " << st.labelled << " labelled";
    if (st.compiled)
      std::cout << " (the model " << percent(st.model_class_accuracy) << ", same class on "
                << st.labelled - st.class_disagreements << "/" << st.labelled << ")";
  }
  if (st.compiled)
    std::cout << ", agreement with the model " << percent(st.agreement) << " on its care set (" << percent(st.exact_agreement)
              << " on all bits)";
  std::cout << "\n";
  return 0;
}

/// Keeps what `lutc verify` measured in OUT/report.json (`verification`), for `lutc report`.
void record_verification(backend::CompiledDesign& compiled, const verify::verify_stats& vs, const verify::verify_params& vp) {
  backend::VerifyReport& r = compiled.report.verification;
  r.vectors = vs.vectors;
  r.mismatches = vs.mismatches;
  r.compared_bits = vs.compared_bits;
  r.exhaustive = vs.exhaustive;
  r.random_vectors = vs.generated;
  r.seed = vp.seed;
  r.seconds = vs.build_seconds + vs.run_seconds;
  r.data = vs.data;
  r.first_mismatch = vs.first_mismatch;
  // The verdict stands without the record: a read-only OUT only loses it for `lutc report`.
  try {
    compiled.save();
  } catch (const Diagnostic& d) {
    log::warn(std::string("verification not recorded in report.json: ") + d.what());
  }
}

/// `lutc passes`: every registered pass, its help and its params with their defaults.
void print_passes() {
  for (const auto& p : passes::pass_registry()) {
    std::cout << p.name << "\n  " << p.help << "\n";
    if (!p.default_params.empty()) std::cout << "  params: " << p.default_params.dump() << "\n";
  }
  std::cout << "default pipeline (compile):";
  for (const auto& name : passes::default_pipeline()) std::cout << " " << name;
  std::cout << "\n";
}

struct opt_options {
  std::string model, pass_list, output, data;
  int rarity = 1;
  bool print_after_all = false;
};

/// `lutc opt`: runs the listed passes and writes the IR as the native YAML.
int run_opt(const opt_options& o) {
  auto names = passes::parse_pass_list(o.pass_list);
  ir::Network net = frontend::read_model(o.model);
  net.check_invariants();
  net.compute_layers();
  passes::run_passes_params rp;
  rp.params["data_dont_cares"] = {{"data", o.data}, {"rarity", o.rarity}};
  rp.context.load_samples = [](const std::string& file, const ir::Network& n) { return frontend::read_dataset(file, n).inputs; };
  if (o.print_after_all)
    rp.after_pass = [](const std::string& pass, const ir::Network& n) {
      std::cout << "# IR after " << pass << "\n" << frontend::write_yaml_model(n) << std::flush;
    };
  passes::run_passes(net, names, rp);
  std::string text = frontend::write_yaml_model(net);
  if (o.output.empty() || o.output == "-") {
    if (!o.print_after_all) std::cout << text;
  } else {
    // Written beside the target and renamed, so a failed run leaves no half-written file.
    fs::path tmp = fs::path(o.output).concat(".tmp");
    util::write_file(tmp, text);
    fs::rename(tmp, o.output);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  lutc::util::kill_children_on_signal();
  CLI::App app{"lutc " LUTC_VERSION " — compile trained lookup-table networks into verified, minimal FPGA logic.\n"
               "Typical flow:  lutc compile MODEL -o OUT  →  lutc verify OUT  →  lutc synth OUT  →  lutc report OUT"};
  app.set_version_flag("--version", "lutc " LUTC_VERSION);
  app.require_subcommand(1);
  bool quiet = false, verbose = false;
  app.add_flag("-q,--quiet", quiet, "Print only results and errors");
  app.add_flag("-v,--verbose", verbose, "Print per-pass and per-table details");

  // compile
  auto* compile = app.add_subcommand("compile", "Compile a model (.yaml, .truth, .pla, LogicNets .v or directory) into Verilog and a LUT netlist in OUT/");
  std::string model, out;
  flow::compile_params cp;
  std::string engine = logic::engine_name(cp.engine);
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  compile->add_option("model", model,
                      "Model: native YAML (docs/model-format.md), IWLS .truth, Espresso .pla, or LogicNets-generated "
                      "Verilog (a .v file or the directory of the design)")->required();
  compile->add_option("-o,--output", out, "Output directory (written atomically: a failed run leaves none); required without --plan");
  compile->add_option("--lut-size,-K", cp.lut_size, "LUT inputs K of the target (4..6)")->capture_default_str()->check(CLI::Range(4, 6));
  compile->add_option("--pipeline", cp.pipeline, "Register after every N neuron layers (0 = combinational)")->capture_default_str()->check(CLI::NonNegativeNumber);
  compile->add_option("--stage-delay", cp.stage_delay,
                      "Pipeline by delay: register ranks so no stage is longer than D LUT levels, an adder counting "
                      "1 + ceil(bits/4)/4 (0 = off; instead of --pipeline)")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  compile->add_option("--target", cp.target, "RTL flavour: xilinx (LUT6 primitives with INIT) or generic (plain Verilog)")
      ->capture_default_str()->check(CLI::IsMember({"xilinx", "generic"}));
  compile->add_option("-j,--jobs", jobs, "Minimize tables on N threads")->capture_default_str()->check(CLI::PositiveNumber);
  compile->add_option("--engine", engine,
                      "Minimization engine: builtin, abc (berkeley-abc subprocess), portfolio (best of both), or auto "
                      "(default: builtin for tables of at most K inputs, portfolio for wider ones; ABC also joins netopt). "
                      "builtin keeps the whole compile free of ABC")
      ->capture_default_str()->check(CLI::IsMember({"auto", "builtin", "abc", "portfolio"}));
  compile->add_option("--mac", cp.mac,
                      "Dense and conv layers without their own `mac:`: auto (least estimated LUTs), mul, shift-add or lut-na "
                      "(docs/model-format.md#dense-layers)")
      ->capture_default_str();
  compile->add_option("--effort", cp.effort, "Minimization effort (0 = fastest; 2 also lets ABC re-synthesize whole networks of up to 8000 LUTs, not 1000)")->capture_default_str();
  compile->add_flag("!--no-cache", cp.use_cache, "Do not reuse minimized tables from the cache (~/.cache/lutc)");
  compile->add_option("--cache", cp.cache_dir, "Cache directory of minimized tables (default: $LUTC_CACHE_DIR or ~/.cache/lutc)");
  compile->add_option("--plan", cp.plan_dir,
                      "Do not minimize: write one job file per table not yet in the cache into DIR, and their list "
                      "DIR/jobs.txt, for `lutc minimize-job` on a batch engine; then compile again with --cache "
                      "(docs/cluster.md)");
  compile->add_flag("--lut-pairs", cp.lut_pairs,
                    "--target xilinx: put two LUTs that read at most 5 inputs together into one LUT6_2 (packing Vivado also does at placement)");
  compile->add_flag("--lut-savings", cp.estimate_pass_luts,
                    "Also estimate the LUTs every IR pass saves (report.json stages.lut_savings; minimizes every table after every pass, slower)");
  compile->add_flag("!--no-netopt", cp.netopt,
                    "Skip whole-network optimization after lowering (fanin reduction by joint reachability, absorption; docs/netopt.md)");
  compile->add_option("--care-data", cp.care_data, "Data set (.pla or .csv): table patterns it never shows become don't cares");
  compile->add_option("--passes", cp.passes,
                      "IR passes to run instead of the default pipeline, comma-separated (`lutc passes` lists them), e.g. "
                      "retable,fuse_sums,prune,share_tables,reachability,prune (fewer carry cells, more LUTs)");
  compile->add_option("--rarity", cp.rarity, "With --care-data: patterns seen fewer than R times are don't cares")->capture_default_str()->check(CLI::PositiveNumber);

  // verify
  auto* verify = app.add_subcommand("verify", "Simulate OUT's RTL in Verilator against the C++ software model, bit-exact");
  verify::verify_params vp;
  std::vector<std::string> data_files;
  verify->add_option("out", out, "Output directory of 'lutc compile'")->required();
  verify->add_option("--vectors", vp.vectors, "Random vectors when the input space exceeds 2^20 codes")->capture_default_str();
  verify->add_option("--seed", vp.seed, "Seed of the random vectors")->capture_default_str();
  verify->add_option("--data", data_files, "Also drive every sample of this data set (.pla/.csv); reports agreement and accuracy");
  verify->add_option("-j,--jobs", vp.jobs, "Parallel jobs: the Verilator build, the software model's threads and the simulator processes (one per job for the RTL alone, one per two jobs for the sliced form)")->capture_default_str();
  verify->add_option("--sim-form", vp.sim_form,
                     "What is simulated: 'rtl' = the emitted RTL (Verilator) on every vector; 'sliced' = a bit-sliced C++ form "
                     "of OUT/netlist.json (--sim-lanes vectors per evaluation, ~70x faster per vector than the RTL on 2.8k LUTs) on every vector plus the emitted RTL "
                     "on the first --rtl-vectors vectors and every --data sample, both compared with the model; "
                     "'auto' = sliced when OUT has a netlist.json and there are at least --sliced-from (and more than --rtl-vectors) vectors, else rtl")
      ->capture_default_str()->check(CLI::IsMember({"auto", "rtl", "sliced"}));
  verify->add_option("--rtl-vectors", vp.rtl_vectors,
                     "With the sliced form: the emitted RTL also simulates this many (the first) vectors")
      ->capture_default_str();
  verify->add_option("--sliced-from", vp.sliced_from,
                     "With --sim-form auto: the sliced form from this many random vectors on (near a cold build's break-even)")
      ->capture_default_str();
  verify->add_option("--sim-lanes", vp.lanes,
                     "Vectors per evaluation of the sliced form (a multiple of 64; 256 = one AVX2 register per signal)")
      ->capture_default_str()
      ->check(CLI::Validator(
          [](const std::string& v) {
            int lanes = 0;
            const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), lanes);
            const bool ok = ec == std::errc() && end == v.data() + v.size() && lanes > 0 && lanes % 64 == 0;
            return ok ? std::string() : "'" + v + "' is not a positive multiple of 64";
          },
          "MULTIPLE OF 64"));

  // minimize-job
  auto* job_cmd = app.add_subcommand("minimize-job",
                                     "Minimize one table planned by `lutc compile --plan` into a (shared) cache directory");
  std::string job_file;
  logic::minimize_job_params jp;
  std::string job_cache;
  job_cmd->add_option("job", job_file, "A job file (DIR/<key>.job) listed in DIR/jobs.txt")->required();
  job_cmd->add_option("--cache", job_cache,
                      "Cache directory to write the result into, the one `lutc compile --cache` reads "
                      "(default: $LUTC_CACHE_DIR or ~/.cache/lutc); writes are atomic, workers may share it");
  job_cmd->add_option("-j,--jobs", jp.threads, "Threads inside the table (the same result for any number)")
      ->capture_default_str()->check(CLI::PositiveNumber);
  job_cmd->footer("Example (GNU parallel, 8 at a time):  parallel -j 8 lutc -q minimize-job {} --cache CACHE :::: DIR/jobs.txt");

  // synth
  auto* synth = app.add_subcommand("synth", "Run Yosys on OUT's RTL and report LUTs, MUXF, carry, FF and depth");
  backend::synth_params sp;
  synth->add_option("out", out, "Output directory of 'lutc compile'")->required();
  synth->add_option("--target", sp.target, "xilinx (synth_xilinx, 7-series), xcup (synth_xilinx -family xcup, UltraScale+), generic (synth + abc -lut 6) or ice40 (synth_ice40)")
      ->capture_default_str()->check(CLI::IsMember({"xilinx", "xcup", "generic", "ice40"}));

  // eval
  auto* eval = app.add_subcommand("eval", "Run a model or a compiled OUT on a data set; with labels, print accuracy");
  std::string target, data;
  bool json_out = false;
  size_t max_rows = 20;
  eval->add_option("model_or_out", target, "A model (its software model) or an OUT directory of 'lutc compile' (the compiled netlist)")->required();
  eval->add_option("--data", data, "Data set: PLA, or CSV of input codes with optional label columns (docs/model-format.md)")->required();
  eval->add_flag("--json", json_out, "Print one JSON object ({\"samples\", \"accuracy\", ...})");
  eval->add_option("--rows", max_rows, "Rows of outputs printed without labels (0 = all)")->capture_default_str();

  // report
  auto* report_cmd = app.add_subcommand("report", "Write one self-contained HTML page (inline SVG) about one or several OUTs");
  std::vector<std::string> report_outs;
  std::string report_file;
  report::html_report_params hp;
  report_cmd->add_option("out", report_outs, "Output directories of 'lutc compile' (verify and synth add their numbers)")->required();
  report_cmd->add_option("-o,--output", report_file, "HTML file to write (default: OUT/report.html of the first OUT)");
  report_cmd->add_option("--title", hp.title, "Page title")->capture_default_str();
  bool report_markdown = false;
  report_cmd->add_flag("--markdown", report_markdown, "Print the headline numbers as a Markdown table instead of writing HTML");

  // passes, opt
  auto* passes_cmd = app.add_subcommand("passes", "List the IR passes `lutc opt` can run, with their help and params");
  auto* opt = app.add_subcommand("opt", "Run IR passes on a model and print the IR as native YAML (docs/passes.md)");
  opt_options oo;
  opt->add_option("model", oo.model, "Model (any format compile reads)")->required();
  opt->add_option("--passes", oo.pass_list, "Comma-separated passes to run in order (see `lutc passes`)")->required();
  opt->add_flag("--print-after-all", oo.print_after_all, "Print the IR after every pass, each after a '# IR after <pass>' line");
  opt->add_option("-o,--output", oo.output, "Write the final IR here (default: stdout, unless --print-after-all printed it)");
  opt->add_option("--data", oo.data, "Data set (.pla/.csv) for the data_dont_cares pass");
  opt->add_option("--rarity", oo.rarity, "data_dont_cares: rows seen fewer than R times become don't cares")
      ->capture_default_str()->check(CLI::PositiveNumber);

  CLI11_PARSE(app, argc, argv);
  log::set_level(quiet ? log::Level::quiet : verbose ? log::Level::verbose : log::Level::normal);

  try {
    if (*compile) {
      cp.jobs = jobs;
      cp.engine = flow::parse_engine(engine);
      if (out.empty() && cp.plan_dir.empty()) throw Diagnostic("compile: --output is required (except with --plan)");
      auto cs = flow::compile_model(model, out, cp);
      if (!cp.plan_dir.empty()) {
        std::cout << "planned " << model << ": " << cs.planned_jobs << " minimization job" << (cs.planned_jobs == 1 ? "" : "s")
                  << " in " << cs.job_list << "\n";
        return 0;
      }
      std::cout << "compiled " << model << " -> " << out << ": " << cs.luts << " LUTs, depth " << cs.depth << ", latency "
                << cs.latency << "\n";
      return 0;
    }
    if (*verify) {
      auto compiled = backend::CompiledDesign::open(out);
      ir::Network net = frontend::read_model(compiled.model_path().string());
      vp.data_files = data_files;
      auto vs = verify::verify_design(out, net, vp);
      record_verification(compiled, vs, vp);
      std::cout << vs.vectors << " vectors, " << vs.mismatches << " mismatches (" << (vs.exhaustive ? "exhaustive, " : "")
                << vs.compared_bits << " output bits compared)\n";
      if (vs.compared_bits == 0) log::warn("no output bit is in the care set of any vector: nothing was checked");
      for (const auto& a : vs.data)
        std::cout << "data " << a.file << ": " << a.labelled << " labelled samples, accuracy " << percent(a.rtl_accuracy)
                  << " in RTL simulation (Verilator), " << percent(a.model_accuracy) << " in the software model; same class on "
                  << a.labelled - a.class_mismatches << "/" << a.labelled << "\n";
      if (vs.mismatches) {
        std::cout << "first mismatch: " << vs.first_mismatch << "\n";
        return 1;
      }
      for (const auto& d : data_files) {
        bool classified = std::any_of(vs.data.begin(), vs.data.end(), [&](const auto& a) { return a.file == d; });
        if (classified) continue;  // its accuracy is printed above, from the simulation
        std::cout << "data " << d << ": ";
        run_eval_and_print(out, d, false, 0, false);
      }
      return 0;
    }
    if (*job_cmd) {
      jp.cache_dir = job_cache;
      flow::register_network_costs();
      auto js = logic::run_minimize_job(job_file, jp);
      std::cout << "job " << js.key << ": " << js.luts << " LUTs, depth " << js.depth << " ("
                << (js.already_solved ? "already in the cache" : js.engine_used + ", " + std::to_string(js.seconds) + " s") << ")\n";
      return 0;
    }
    if (*synth) {
      auto ss = backend::run_synth(out, sp);
      std::cout << "synth (" << sp.target << "): " << ss.luts << " LUTs, " << ss.muxf << " MUXF, " << ss.carry << " carry, "
                << ss.ff << " FF, depth " << ss.depth << " in " << ss.seconds << " s -> " << (fs::path(out) / "synth" / "report.md").string()
                << "\n";
      return 0;
    }
    if (*eval) return run_eval_and_print(target, data, json_out, max_rows);
    if (*report_cmd) {
      std::vector<fs::path> outs(report_outs.begin(), report_outs.end());
      if (report_markdown) {
        std::vector<report::report_input> designs;
        for (const auto& o : outs) designs.push_back(report::load_report_input(o));
        std::cout << report::markdown_report(designs);
        return 0;
      }
      fs::path file = report_file.empty() ? outs.front() / "report.html" : fs::path(report_file);
      auto rs = report::write_html_report(outs, file, hp);
      std::cout << "report: " << rs.designs << " design" << (rs.designs == 1 ? "" : "s") << ", " << rs.charts << " charts, "
                << rs.numbers << " numbers -> " << file.string() << "\n";
      return 0;
    }
    if (*passes_cmd) {
      print_passes();
      return 0;
    }
    if (*opt) return run_opt(oo);
  } catch (const Diagnostic& d) {
    std::cerr << d.what() << "\n";
    return 1;
  } catch (const logic::MinimizeError& e) {
    std::cerr << "internal error: " << e.what() << " (the netlist was not written)\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
