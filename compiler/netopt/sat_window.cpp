#include "netopt/sat_window.hpp"

#include <algorithm>

#include "netopt/lut_cnf.hpp"

namespace lutc::netopt {

using logic::LutNetwork;
using logic::Signal;

sat_window collect_window(const LutNetwork& net, const std::vector<backend::ArithCell>& cells, const std::vector<Signal>& roots,
                      size_t max_luts) {
  return WindowCollector(net, cells).collect(roots, max_luts);
}

WindowCollector::WindowCollector(const LutNetwork& net, const std::vector<backend::ArithCell>& cells)
    : net_(net), cells_(cells), pi_cell_(net.num_pis(), -1), seen_(net.num_signals(), 0), cell_seen_(cells.size(), 0) {
  for (size_t c = 0; c < cells.size(); ++c)
    for (int j = 0; j < cells[c].width; ++j) pi_cell_[cells[c].first_pi + static_cast<uint32_t>(j)] = static_cast<int>(c);
}

sat_window WindowCollector::collect(const std::vector<Signal>& roots, size_t max_luts, size_t max_cells) {
  ++stamp_;
  sat_window w;
  std::vector<Signal> frontier, next;
  // A LUT joins the next level; a cell's output joins the window with its cell, whose operand
  // bits join the next level in turn.
  auto visit = [&](Signal s, std::vector<Signal>& into) {
    std::vector<Signal> stack{s};
    while (!stack.empty()) {
      Signal x = stack.back();
      stack.pop_back();
      if (seen_[x] == stamp_) continue;
      seen_[x] = stamp_;
      if (net_.is_lut(x)) {
        into.push_back(x);
      } else if (net_.is_pi(x) && pi_cell_[x - 2] >= 0 && cell_seen_[pi_cell_[x - 2]] != stamp_) {
        if (max_cells && w.cells.size() >= max_cells) {
          w.cut = true;
          continue;
        }
        const int c = pi_cell_[x - 2];
        cell_seen_[c] = stamp_;
        w.cells.push_back(static_cast<uint32_t>(c));
        for (const auto& t : cells_[c].terms)
          for (Signal b : t.bits) stack.push_back(b);
      }
    }
  };
  for (Signal r : roots) visit(r, frontier);
  while (!frontier.empty()) {
    if (max_luts && w.luts.size() + frontier.size() > max_luts) {
      frontier.resize(max_luts - w.luts.size());
      w.cut = true;
    }
    w.luts.insert(w.luts.end(), frontier.begin(), frontier.end());
    if (w.cut) break;
    next.clear();
    for (Signal x : frontier)
      for (Signal f : net_.lut(x).fanins) visit(f, next);
    frontier.swap(next);
  }
  std::sort(w.luts.begin(), w.luts.end());
  std::sort(w.cells.begin(), w.cells.end());
  return w;
}

WindowCnf::WindowCnf(std::vector<int>& var) : var_(var) {
  sat_.add_clause({-of(LutNetwork::const0)});
  sat_.add_clause({of(LutNetwork::const1)});
}

WindowCnf::~WindowCnf() {
  for (Signal s : used_) var_[s] = 0;
}

int WindowCnf::of(Signal s) {
  if (!var_[s]) {
    var_[s] = sat_.new_var();
    used_.push_back(s);
  }
  return var_[s];
}

void WindowCnf::encode(const LutNetwork& net, const std::vector<backend::ArithCell>& cells, const sat_window& w) {
  std::vector<int> fv;
  for (Signal x : w.luts) {
    const logic::Lut& l = net.lut(x);
    fv.clear();
    for (Signal f : l.fanins) fv.push_back(of(f));
    encode_lut(sat_, l.init, fv, of(x));
  }
  if (w.cells.empty()) return;
  std::vector<backend::ArithCell> in_window;
  for (uint32_t c : w.cells) {
    in_window.push_back(cells[c]);
    for (const auto& t : cells[c].terms)
      for (Signal b : t.bits) of(b);
    for (int j = 0; j < cells[c].width; ++j) of(net.pi(cells[c].first_pi + static_cast<uint32_t>(j)));
  }
  encode_cells(sat_, in_window, var_);
}

}  // namespace lutc::netopt
