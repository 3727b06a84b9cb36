#include "frontend/pla_file.hpp"

#include <bit>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <sstream>

#include "util/diagnostic.hpp"
#include "util/log.hpp"

namespace lutc::frontend {
namespace detail {

namespace {
/// Larger .i/.o are never useful (a model reads at most 24 inputs, a data set has one column
/// per network input bit) and bounding them keeps every column count far from int overflow.
constexpr int kMaxColumns = 1 << 20;

int directive_number(const std::string& path, int line, int col, const std::string& directive, const std::string& arg) {
  int v = 0;
  auto [p, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), v);
  if (ec != std::errc() || p != arg.data() + arg.size() || v < 0)
    throw Diagnostic(path, line, col, directive + " needs a non-negative number, got '" + arg + "'");
  return v;
}
}  // namespace

PlaFile parse_pla_text(const std::string& path, const std::string& text) {
  PlaFile f;
  std::istringstream in(text);
  std::string raw;
  int line = 0;
  while (std::getline(in, raw)) {
    ++line;
    if (size_t hash = raw.find('#'); hash != std::string::npos) raw.resize(hash);
    std::istringstream words(raw);
    std::string first;
    if (!(words >> first)) continue;
    if (first[0] == '.') {
      std::vector<std::string> args;
      for (std::string w; words >> w;) args.push_back(w);
      auto one_arg = [&]() -> const std::string& {
        if (args.size() != 1) throw Diagnostic(path, line, 0, first + " needs exactly one argument");
        return args[0];
      };
      if (first == ".i" || first == ".o") {
        int& field = first == ".i" ? f.num_inputs : f.num_outputs;
        if (field >= 0) throw Diagnostic(path, line, 0, "repeated " + first);
        if (!f.rows.empty()) throw Diagnostic(path, line, 0, first + " after the first row");
        const std::string& arg = one_arg();
        int col = static_cast<int>(raw.find(arg, raw.find(first) + first.size())) + 1;
        field = directive_number(path, line, col, first, arg);
        (first == ".i" ? f.inputs_line : f.outputs_line) = line;
        if (field > kMaxColumns)
          throw Diagnostic(path, line, col, first + " " + arg + " is too large (at most " + std::to_string(kMaxColumns) + ")");
      } else if (first == ".p") {
        const std::string& arg = one_arg();
        f.declared_rows = directive_number(path, line, static_cast<int>(raw.find(arg, raw.find(first) + first.size())) + 1,
                                           first, arg);
      } else if (first == ".type") {
        f.type = one_arg();
        if (f.type != "f" && f.type != "fd" && f.type != "fr" && f.type != "fdr")
          throw Diagnostic(path, line, 0, "unsupported .type '" + f.type + "' (supported: f, fd, fr, fdr)");
      } else if (first == ".ilb") {
        f.input_labels = args;
      } else if (first == ".ob") {
        f.output_labels = args;
      } else if (first == ".e" || first == ".end") {
        break;
      } else {
        throw Diagnostic(path, line, 1, "unsupported PLA directive '" + first + "'");
      }
      continue;
    }
    if (f.num_inputs < 0) throw Diagnostic(path, line, 1, "row before .i");
    int outputs = std::max(f.num_outputs, 0);
    PlaRow row;
    row.line = line;
    for (size_t c = 0; c < raw.size(); ++c) {
      char ch = raw[c];
      if (std::isspace(static_cast<unsigned char>(ch))) continue;
      bool is_input = static_cast<int>(row.inputs.size()) < f.num_inputs;
      bool ok = is_input ? (ch == '0' || ch == '1' || ch == '-') : (ch == '0' || ch == '1' || ch == '-' || ch == '~');
      if (static_cast<int>(row.inputs.size() + row.outputs.size()) >= f.num_inputs + outputs)
        throw Diagnostic(path, line, static_cast<int>(c + 1),
                         "row has more than " + std::to_string(f.num_inputs) + " input and " + std::to_string(outputs) + " output columns");
      if (!ok)
        throw Diagnostic(path, line, static_cast<int>(c + 1),
                         std::string("bad character '") + ch + "' in " + (is_input ? "input" : "output") + " part (expected " +
                             (is_input ? "0, 1 or -" : "0, 1, - or ~") + ")");
      (is_input ? row.inputs : row.outputs).push_back(ch);
      row.columns.push_back(static_cast<int>(c + 1));
    }
    if (static_cast<int>(row.inputs.size()) != f.num_inputs || static_cast<int>(row.outputs.size()) != outputs)
      throw Diagnostic(path, line, 0,
                       "row has " + std::to_string(row.inputs.size() + row.outputs.size()) + " columns, expected " +
                           std::to_string(f.num_inputs) + " inputs + " + std::to_string(outputs) + " outputs");
    f.rows.push_back(std::move(row));
  }
  if (f.num_inputs < 0) throw Diagnostic(path, 0, 0, "missing .i");
  if (!f.input_labels.empty() && static_cast<int>(f.input_labels.size()) != f.num_inputs)
    throw Diagnostic(path, 0, 0, ".ilb names " + std::to_string(f.input_labels.size()) + " inputs but .i is " + std::to_string(f.num_inputs));
  if (!f.output_labels.empty() && static_cast<int>(f.output_labels.size()) != std::max(f.num_outputs, 0))
    throw Diagnostic(path, 0, 0, ".ob names " + std::to_string(f.output_labels.size()) + " outputs but .o is " + std::to_string(f.num_outputs));
  if (f.declared_rows >= 0 && static_cast<size_t>(f.declared_rows) != f.rows.size())
    log::warn(path + ": .p says " + std::to_string(f.declared_rows) + " rows but the file has " + std::to_string(f.rows.size()));
  return f;
}

}  // namespace detail

namespace {
constexpr int kMaxInputs = 24;
/// Bound on the word (or single-minterm) operations of cube expansion: a few seconds at most.
constexpr uint64_t kMaxExpansionWork = uint64_t{1} << 32;

/// Fixed-bit value and free-variable mask of an input cube (column k = variable k).
void cube_masks(const std::string& cube, uint64_t& fixed, uint64_t& free) {
  fixed = free = 0;
  for (size_t k = 0; k < cube.size(); ++k) {
    if (cube[k] == '1') fixed |= uint64_t{1} << k;
    else if (cube[k] == '-') free |= uint64_t{1} << k;
  }
}

bool cube_contains(const std::string& cube, uint64_t minterm) {
  for (size_t k = 0; k < cube.size(); ++k) {
    bool bit = (minterm >> k) & 1;
    if ((cube[k] == '1' && !bit) || (cube[k] == '0' && bit)) return false;
  }
  return true;
}

std::string minterm_text(uint64_t minterm, int vars) {
  std::string s;
  for (int k = 0; k < vars; ++k) s.push_back(((minterm >> k) & 1) ? '1' : '0');
  return s;
}
}  // namespace

ir::Network read_pla(const std::string& path, const std::string& text) {
  detail::PlaFile f = detail::parse_pla_text(path, text);
  const int n = f.num_inputs, m = f.num_outputs;
  if (n > kMaxInputs)
    throw Diagnostic(path, f.inputs_line, 0, ".i " + std::to_string(n) + " is too large (at most " + std::to_string(kMaxInputs) + " inputs)");
  if (n == 0) throw Diagnostic(path, f.inputs_line, 0, ".i 0: a model needs at least one input");
  if (m <= 0) throw Diagnostic(path, f.outputs_line, 0, "missing or zero .o");
  if (m > 64) throw Diagnostic(path, f.outputs_line, 0, ".o " + std::to_string(m) + " is too large (at most 64 outputs)");
  const bool has_off = f.type == "fr" || f.type == "fdr";
  const bool has_dc = f.type != "f";
  auto acts = [&](char ch) { return ch == '1' || (ch == '0' && has_off) || (ch == '-' && has_dc); };

  // A cube is expanded minterm by minterm when it has few dashes, else as a truth table, 64
  // minterms per word operation. The total work is bounded before any of it is done.
  const uint64_t words = logic::TruthTable(n).words.size();
  std::vector<bool> by_table(f.rows.size());
  uint64_t work = 0;
  for (size_t ri = 0; ri < f.rows.size(); ++ri) {
    const detail::PlaRow& row = f.rows[ri];
    uint64_t dashes = 0, active = 0;
    for (char ch : row.inputs) dashes += ch == '-';
    for (char ch : row.outputs) active += acts(ch);
    uint64_t by_minterm = (uint64_t{1} << dashes) * active;
    uint64_t by_words = words * (static_cast<uint64_t>(n) - dashes + 2 * active);
    by_table[ri] = by_words < by_minterm;
    work += std::min(by_minterm, by_words);
    if (work > kMaxExpansionWork)
      throw Diagnostic(path, row.line, 0,
                       "expanding the cubes up to this row takes more than " + std::to_string(kMaxExpansionWork) +
                           " operations: the PLA is too large for a model");
  }

  std::vector<logic::TruthTable> on(m, logic::TruthTable(n)), off(m, logic::TruthTable(n)), dc(m, logic::TruthTable(n));
  // Names the earlier row that gave minterm `minterm` the opposite value of output `j`.
  auto report_conflict = [&](size_t ri, int j, uint64_t minterm) {
    const detail::PlaRow& row = f.rows[ri];
    char ch = row.outputs[static_cast<size_t>(j)];
    for (size_t earlier = 0; earlier < ri; ++earlier) {
      const detail::PlaRow& e = f.rows[earlier];
      char other = e.outputs[static_cast<size_t>(j)];
      if ((other == '0' || other == '1') && other != ch && cube_contains(e.inputs, minterm))
        throw Diagnostic(path, row.line, 0,
                         "conflicting rows: output " + std::to_string(j) + " for input " + minterm_text(minterm, n) + " is " +
                             std::string(1, ch) + " here but " + std::string(1, other) + " at line " + std::to_string(e.line));
    }
    throw std::logic_error("read_pla: conflict without an earlier row");
  };
  // Adds `cube` to `into`, first checking it has no minterm of `against`.
  auto add_cube = [&](size_t ri, int j, const logic::TruthTable& cube, logic::TruthTable& into,
                      const logic::TruthTable* against) {
    for (size_t w = 0; w < cube.words.size(); ++w) {
      if (against)
        if (uint64_t clash = cube.words[w] & against->words[w])
          report_conflict(ri, j, w * 64 + static_cast<uint64_t>(std::countr_zero(clash)));
      into.words[w] |= cube.words[w];
    }
  };
  for (size_t ri = 0; ri < f.rows.size(); ++ri) {
    const detail::PlaRow& row = f.rows[ri];
    if (by_table[ri]) {
      logic::TruthTable cube = logic::const1(n);
      for (int k = 0; k < n; ++k)
        if (row.inputs[static_cast<size_t>(k)] != '-')
          cube = cube & (row.inputs[static_cast<size_t>(k)] == '1' ? logic::nth_var(n, k) : ~logic::nth_var(n, k));
      for (int j = 0; j < m; ++j) {
        char ch = row.outputs[static_cast<size_t>(j)];
        if (ch == '1') add_cube(ri, j, cube, on[j], &off[j]);
        else if (ch == '0' && has_off) add_cube(ri, j, cube, off[j], &on[j]);
        else if (ch == '-' && has_dc) add_cube(ri, j, cube, dc[j], nullptr);
      }
      continue;
    }
    uint64_t fixed, free;
    cube_masks(row.inputs, fixed, free);
    uint64_t sub = 0;
    do {  // every subset `sub` of the free variables
      uint64_t minterm = fixed | sub;
      for (int j = 0; j < m; ++j) {
        char ch = row.outputs[static_cast<size_t>(j)];
        if (ch == '1') {
          if (off[j].get(minterm)) report_conflict(ri, j, minterm);
          on[j].set(minterm, true);
        } else if (ch == '0' && has_off) {
          if (on[j].get(minterm)) report_conflict(ri, j, minterm);
          off[j].set(minterm, true);
        } else if (ch == '-' && has_dc) {
          dc[j].set(minterm, true);
        }
      }
      sub = (sub - free) & free;
    } while (sub != 0);
  }

  ir::Table t;
  t.index_bits = n;
  t.out_width = m;
  t.rows.assign(t.num_rows(), 0);
  bool all_care = true;
  for (int j = 0; j < m; ++j) {
    for (size_t w = 0; w < on[j].words.size(); ++w)
      for (uint64_t bits = on[j].words[w]; bits; bits &= bits - 1)
        t.rows[w * 64 + static_cast<uint64_t>(std::countr_zero(bits))] |= uint64_t{1} << j;
    logic::TruthTable care = has_off ? ((on[j] | off[j]) & ~dc[j]) : ~dc[j];
    if (!(care == logic::const1(n))) all_care = false;
    t.care.push_back(std::move(care));
  }
  if (all_care) t.care.clear();
  // A PLA's care set lists the minterms seen (IWLS learning from examples): a sample.
  else t.care_source = ir::CareSource::data_sample;
  ir::Network net = ir::single_table_network(std::filesystem::path(path).stem().string(), std::move(t));
  net.source_file = path;
  return net;
}

}  // namespace lutc::frontend
