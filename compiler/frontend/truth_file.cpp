#include "frontend/truth_file.hpp"

#include <filesystem>

#include "util/diagnostic.hpp"

namespace lutc::frontend {
namespace {
constexpr int kMaxVars = 24;
}  // namespace

ir::Network read_truth(const std::string& path, const std::string& text) {
  struct Line {
    std::string bits;
    int number;
  };
  std::vector<Line> lines;
  int number = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ++number;
    std::string s = text.substr(start, end - start);
    while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
    if (!s.empty()) {
      for (size_t c = 0; c < s.size(); ++c)
        if (s[c] != '0' && s[c] != '1')
          throw Diagnostic(path, number, static_cast<int>(c + 1), std::string("bad character '") + s[c] + "' (expected 0 or 1)");
      lines.push_back({std::move(s), number});
    }
    start = end + 1;
  }
  if (lines.empty()) throw Diagnostic(path, 0, 0, "empty truth table file");
  if (lines.size() > 64) throw Diagnostic(path, lines[64].number, 1, "more than 64 output lines");
  size_t len = lines[0].bits.size();
  if (len > (size_t{1} << kMaxVars))
    throw Diagnostic(path, lines[0].number, 1, "more than 2^" + std::to_string(kMaxVars) + " characters: at most " + std::to_string(kMaxVars) + " inputs are supported");
  if (len < 2)
    throw Diagnostic(path, lines[0].number, 1, "line has 1 character: a function needs at least one input (2 characters)");
  int vars = 0;
  while ((size_t{1} << vars) < len) ++vars;
  if ((size_t{1} << vars) != len)
    throw Diagnostic(path, lines[0].number, 1, "line has " + std::to_string(len) + " characters, which is not a power of two (2^inputs)");
  for (const auto& l : lines)
    if (l.bits.size() != len)
      throw Diagnostic(path, l.number, 1, "line has " + std::to_string(l.bits.size()) + " characters, expected " + std::to_string(len) +
                                              " like line " + std::to_string(lines[0].number));

  ir::Table t;
  t.index_bits = vars;
  t.out_width = static_cast<int>(lines.size());
  t.rows.assign(len, 0);
  for (size_t j = 0; j < lines.size(); ++j)
    for (size_t c = 0; c < len; ++c)
      if (lines[j].bits[c] == '1') t.rows[len - 1 - c] |= uint64_t{1} << j;
  ir::Network net = ir::single_table_network(std::filesystem::path(path).stem().string(), std::move(t));
  net.source_file = path;
  net.nodes[net.outputs[0].source.node].source_line = lines[0].number;
  return net;
}

}  // namespace lutc::frontend
