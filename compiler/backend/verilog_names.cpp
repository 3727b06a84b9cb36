#include "backend/verilog_names.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "util/log.hpp"

namespace lutc::backend {

const std::vector<std::string_view>& systemverilog_keywords() {
  static const std::vector<std::string_view> words = {
      "accept_on", "alias", "always", "always_comb", "always_ff", "always_latch", "and", "assert", "assign",
      "assume", "automatic", "before", "begin", "bind", "bins", "binsof", "bit", "break", "buf", "bufif0",
      "bufif1", "byte", "case", "casex", "casez", "cell", "chandle", "checker", "class", "clocking", "cmos",
      "config", "const", "constraint", "context", "continue", "cover", "covergroup", "coverpoint", "cross",
      "deassign", "default", "defparam", "design", "disable", "dist", "do", "edge", "else", "end", "endcase",
      "endchecker", "endclass", "endclocking", "endconfig", "endfunction", "endgenerate", "endgroup",
      "endinterface", "endmodule", "endpackage", "endprimitive", "endprogram", "endproperty", "endsequence",
      "endspecify", "endtable", "endtask", "enum", "event", "eventually", "expect", "export", "extends",
      "extern", "final", "first_match", "for", "force", "foreach", "forever", "fork", "forkjoin", "function",
      "generate", "genvar", "global", "highz0", "highz1", "if", "iff", "ifnone", "ignore_bins",
      "illegal_bins", "implements", "implies", "import", "incdir", "include", "initial", "inout", "input",
      "inside", "instance", "int", "integer", "interconnect", "interface", "intersect", "join", "join_any",
      "join_none", "large", "let", "liblist", "library", "local", "localparam", "logic", "longint",
      "macromodule", "matches", "medium", "modport", "module", "nand", "negedge", "nettype", "new", "nexttime",
      "nmos", "nor", "noshowcancelled", "not", "notif0", "notif1", "null", "or", "output", "package",
      "packed", "parameter", "pmos", "posedge", "primitive", "priority", "program", "property", "protected",
      "pull0", "pull1", "pulldown", "pullup", "pulsestyle_ondetect", "pulsestyle_onevent", "pure", "rand",
      "randc", "randcase", "randsequence", "rcmos", "real", "realtime", "ref", "reg", "reject_on", "release",
      "repeat", "restrict", "return", "rnmos", "rpmos", "rtran", "rtranif0", "rtranif1", "s_always",
      "s_eventually", "s_nexttime", "s_until", "s_until_with", "scalared", "sequence", "shortint",
      "shortreal", "showcancelled", "signed", "small", "soft", "solve", "specify", "specparam", "static",
      "string", "strong", "strong0", "strong1", "struct", "super", "supply0", "supply1", "sync_accept_on",
      "sync_reject_on", "table", "tagged", "task", "this", "throughout", "time", "timeprecision", "timeunit",
      "tran", "tranif0", "tranif1", "tri", "tri0", "tri1", "triand", "trior", "trireg", "type", "typedef",
      "union", "unique", "unique0", "unsigned", "until", "until_with", "untyped", "use", "uwire", "var",
      "vectored", "virtual", "void", "wait", "wait_order", "wand", "weak", "weak0", "weak1", "while",
      "wildcard", "wire", "with", "within", "wor", "xnor", "xor"};
  return words;
}

namespace detail {

/// Names the RTL, the LUT models, Yosys' Xilinx cell library and the verify harness use.
const std::vector<std::string_view>& cell_and_harness_names() {
  static const std::vector<std::string_view> words = {
      "LUT1", "LUT2", "LUT3", "LUT4", "LUT5", "LUT6", "LUT6_2", "CARRY4", "CARRY8", "MUXF7", "MUXF8", "MUXF9",
      "FDRE", "FDSE", "FDCE", "FDPE", "LDCE", "LDPE", "BUFG", "IBUF", "OBUF", "SRL16E", "SRLC32E", "RAM32X1D",
      "RAM64X1D", "DSP48E1", "DSP48E2", "RAMB18E1", "RAMB36E1", "VCC", "GND", "INV",
      "lut_models", "lutc_sim_top", "clk", "in_bits", "out_bits"};
  return words;
}

/// C++ keywords and names Verilator's generated C++ cannot take (it warns SYMRSVDWORD).
const std::vector<std::string_view>& cpp_keywords() {
  static const std::vector<std::string_view> words = {
      "alignas", "alignof", "asm", "auto", "bool", "catch", "char", "char8_t", "char16_t", "char32_t",
      "co_await", "co_return", "co_yield", "compl", "concept", "consteval", "constexpr", "constinit",
      "const_cast", "decltype", "delete", "double", "dynamic_cast", "explicit", "false", "float", "friend",
      "goto", "inline", "long", "mutable", "namespace", "noexcept", "nullptr", "operator", "private",
      "public", "register", "reinterpret_cast", "requires", "short", "sizeof", "static_assert",
      "static_cast", "switch", "template", "thread_local", "throw", "true", "try", "typeid", "typename",
      "unsigned", "using", "volatile", "wchar_t", "and_eq", "bitand", "bitor", "not_eq", "or_eq", "xor_eq",
      "NULL", "errno", "main", "stdin", "stdout", "stderr", "signed"};
  return words;
}

}  // namespace detail

bool is_reserved_verilog_name(std::string_view name) {
  static const std::unordered_set<std::string_view> all = [] {
    std::unordered_set<std::string_view> s;
    for (const auto* list : {&systemverilog_keywords(), &detail::cell_and_harness_names(), &detail::cpp_keywords()})
      s.insert(list->begin(), list->end());
    return s;
  }();
  return all.count(name) > 0;
}

std::string verilog_identifier(const std::string& name, std::vector<std::string>& taken, const std::string& what) {
  std::string s;
  for (char c : name) s.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '_' ? c : '_');
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) s = "p_" + s;
  if (is_reserved_verilog_name(s)) {
    std::string reserved = s;
    s += "_";
    std::string base = s;
    for (int i = 1; std::find(taken.begin(), taken.end(), s) != taken.end(); ++i) s = base + std::to_string(i);
    log::warn((what.empty() ? std::string("name") : what) + " '" + name + "' is named '" + s +
              "' in the RTL ('" + reserved + "' is reserved in SystemVerilog or by the emitted design)");
  }
  std::string base = s;
  for (int i = 1; std::find(taken.begin(), taken.end(), s) != taken.end(); ++i) s = base + "_" + std::to_string(i);
  taken.push_back(s);
  return s;
}

}  // namespace lutc::backend
