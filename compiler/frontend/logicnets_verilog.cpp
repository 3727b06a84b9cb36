#include "frontend/logicnets_verilog.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <numeric>
#include <optional>
#include <queue>
#include <set>

#include "util/diagnostic.hpp"
#include "util/fs.hpp"
#include "util/log.hpp"

namespace lutc::frontend {
namespace fs = std::filesystem;

namespace detail {
namespace {  // internal linkage: other frontends have their own detail helpers

constexpr int kMaxTableIndexBits = 24;  // as the native format
constexpr int kMaxSignalBits = 1 << 20; // guards against absurd ranges

// ---------------------------------------------------------------------------------------------
// Source locations and diagnostics

struct Loc {
  int file = 0;
  int line = 0;
  int col = 0;
};

/// Knows the source paths, so that every error can name FILE:LINE:COL.
struct Context {
  const std::vector<VerilogSource>* sources = nullptr;
  [[noreturn]] void fail(const Loc& loc, const std::string& message) const {
    throw Diagnostic((*sources)[static_cast<size_t>(loc.file)].path, loc.line, loc.col, message);
  }
  std::string where(const Loc& loc) const {
    return (*sources)[static_cast<size_t>(loc.file)].path + ":" + std::to_string(loc.line);
  }
};

// ---------------------------------------------------------------------------------------------
// Lexer

struct Literal {
  int width = -1;            // -1: unsized
  char base = 'd';
  std::string digits;        // lower case, underscores removed
  bool xz = false;           // has x, z or ? digits
  uint64_t value = 0;        // x/z digits read as 0
};

enum class Tok { ident, number, punct, end };

struct Token {
  Tok kind = Tok::end;
  std::string text;
  Loc loc;
  Literal lit;
};

const std::set<std::string>& reserved_words() {
  static const std::set<std::string> words = {
      "module", "endmodule", "input", "output", "inout", "wire", "reg", "parameter", "localparam", "assign",
      "always", "begin", "end", "if", "else", "case", "casez", "casex", "endcase", "default", "posedge",
      "negedge", "or", "signed", "unsigned", "integer", "initial", "generate", "endgenerate", "genvar",
      "function", "endfunction", "task", "endtask", "for", "while", "repeat", "forever", "fork", "join",
      "wait", "disable", "real", "time", "tri", "tri0", "tri1", "supply0", "supply1", "wand", "wor", "triand",
      "trior", "defparam", "specify", "endspecify", "primitive", "endprimitive", "table", "endtable",
      "always_ff", "always_comb", "always_latch", "logic", "automatic", "event", "force", "release",
      "deassign", "and", "nand", "nor", "xor", "xnor", "not", "buf", "bufif0", "bufif1", "notif0", "notif1",
      "pullup", "pulldown", "macromodule", "config", "endconfig", "library", "bit", "byte", "int"};
  return words;
}

bool is_reserved(const std::string& word) { return reserved_words().count(word) > 0; }

class Lexer {
 public:
  Lexer(const Context& ctx, int file, const std::string& text) : ctx_(ctx), file_(file), s_(text) {}

  std::vector<Token> run() {
    std::vector<Token> out;
    for (;;) {
      skip_space_and_comments();
      Token t;
      t.loc = here();
      if (i_ >= s_.size()) {
        out.push_back(t);
        return out;
      }
      char c = s_[i_];
      if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
        t.kind = Tok::ident;
        while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) t.text += take();
      } else if (std::isdigit(static_cast<unsigned char>(c)) || c == '\'') {
        t.kind = Tok::number;
        t.lit = number(t.loc, t.text);
      } else if (c == '\\') {
        ctx_.fail(t.loc, "escaped identifiers are not supported");
      } else if (c == '"') {
        ctx_.fail(t.loc, "strings are not supported here");
      } else {
        t.kind = Tok::punct;
        static const char* const two[] = {"<=", "==", "!=", ">=", "&&", "||", "+:", "-:", "**", "<<", ">>"};
        for (const char* p : two)
          if (s_.compare(i_, 2, p) == 0) t.text = p;
        if (t.text.empty()) {
          if (std::string("()[]{},;:.#=@*!~+-/&|^<>?%").find(c) == std::string::npos)
            ctx_.fail(t.loc, std::string("unexpected character '") + c + "'");
          t.text = std::string(1, c);
        }
        for (size_t k = 0; k < t.text.size(); ++k) take();
      }
      out.push_back(std::move(t));
    }
  }

 private:
  Loc here() const { return Loc{file_, line_, col_}; }
  char take() {
    char c = s_[i_++];
    if (c == '\n') {
      ++line_;
      col_ = 1;
    } else {
      ++col_;
    }
    return c;
  }

  void skip_space_and_comments() {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (std::isspace(static_cast<unsigned char>(c))) {
        take();
      } else if (s_.compare(i_, 2, "//") == 0) {
        while (i_ < s_.size() && s_[i_] != '\n') take();
      } else if (s_.compare(i_, 2, "/*") == 0) {
        Loc start = here();
        size_t end = s_.find("*/", i_ + 2);
        if (end == std::string::npos) ctx_.fail(start, "unterminated comment");
        while (i_ < end + 2) take();
      } else if (s_.compare(i_, 2, "(*") == 0 && !attribute_is_star_paren()) {
        // (* attribute *): synthesis hints such as rom_style; they do not change the function.
        Loc start = here();
        size_t end = s_.find("*)", i_ + 2);
        if (end == std::string::npos) ctx_.fail(start, "unterminated attribute '(*'");
        while (i_ < end + 2) take();
      } else if (c == '`') {
        Loc start = here();
        std::string name;
        take();
        while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) name += take();
        if (name != "timescale") ctx_.fail(start, "compiler directive '`" + name + "' is not supported");
        while (i_ < s_.size() && s_[i_] != '\n') take();
      } else {
        return;
      }
    }
  }

  /// `@(*)`: the `(*` there opens a parenthesized star, not an attribute.
  bool attribute_is_star_paren() const {
    size_t k = i_ + 2;
    while (k < s_.size() && std::isspace(static_cast<unsigned char>(s_[k]))) ++k;
    return k < s_.size() && s_[k] == ')';
  }

  /// A decimal number or a (sized or unsized) based literal such as 8'b0101_1100.
  Literal number(const Loc& loc, std::string& text) {
    Literal lit;
    std::string size;
    while (i_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) {
      char c = take();
      text += c;
      if (c != '_') size += c;
    }
    if (i_ >= s_.size() || s_[i_] != '\'') {
      lit.base = 'd';
      lit.digits = size;
      lit.value = digits_value(loc, lit, text);
      return lit;
    }
    text += take();  // '
    if (!size.empty()) {
      if (size.size() > 6 || std::stoi(size) == 0) ctx_.fail(loc, "bad literal size in '" + text + "'");
      lit.width = std::stoi(size);
    }
    if (i_ < s_.size() && (s_[i_] == 's' || s_[i_] == 'S')) ctx_.fail(loc, "signed literals are not supported");
    if (i_ >= s_.size() || std::string("bBoOdDhH").find(s_[i_]) == std::string::npos)
      ctx_.fail(loc, "expected a base (b, o, d or h) after ' in '" + text + "'");
    lit.base = static_cast<char>(std::tolower(static_cast<unsigned char>(s_[i_])));
    text += take();
    while (i_ < s_.size() && (std::isxdigit(static_cast<unsigned char>(s_[i_])) || std::string("xXzZ?_").find(s_[i_]) != std::string::npos)) {
      char c = take();
      text += c;
      if (c != '_') lit.digits += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (lit.digits.empty()) ctx_.fail(loc, "literal '" + text + "' has no digits");
    if (lit.width > 64) ctx_.fail(loc, "literals wider than 64 bits are not supported ('" + text + "')");
    lit.value = digits_value(loc, lit, text);
    if (lit.width >= 0 && lit.width < 64 && (lit.value >> lit.width) != 0)
      ctx_.fail(loc, "literal '" + text + "' does not fit in " + std::to_string(lit.width) + " bits");
    return lit;
  }

  uint64_t digits_value(const Loc& loc, Literal& lit, const std::string& text) {
    int bits_per_digit = lit.base == 'b' ? 1 : lit.base == 'o' ? 3 : lit.base == 'h' ? 4 : 0;
    uint64_t v = 0;
    for (char c : lit.digits) {
      int d;
      if (c == 'x' || c == 'z' || c == '?') {
        lit.xz = true;
        d = 0;
      } else {
        d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : c - 'a' + 10;
      }
      int radix = bits_per_digit ? 1 << bits_per_digit : 10;
      if (d >= radix) ctx_.fail(loc, std::string("bad digit '") + c + "' in literal '" + text + "'");
      if (bits_per_digit) {
        if (v >> (64 - bits_per_digit)) ctx_.fail(loc, "literal '" + text + "' is wider than 64 bits");
        v = (v << bits_per_digit) | static_cast<uint64_t>(d);
      } else {
        if (v > (~uint64_t{0} - static_cast<uint64_t>(d)) / 10) ctx_.fail(loc, "literal '" + text + "' is wider than 64 bits");
        v = v * 10 + static_cast<uint64_t>(d);
      }
    }
    return v;
  }

  const Context& ctx_;
  int file_;
  const std::string& s_;
  size_t i_ = 0;
  int line_ = 1, col_ = 1;
};

// ---------------------------------------------------------------------------------------------
// Syntax tree

struct Expr {
  enum class Kind { ident, number, select, concat, unary, binary } kind = Kind::ident;
  Loc loc;
  std::string name;          // ident; select: the signal
  Literal lit;               // number
  std::string text;          // number: as written
  std::string op;            // unary / binary operator
  bool part = false;         // select: [msb:lsb] rather than [index]
  std::vector<Expr> args;    // select: msb[, lsb]; concat: elements, MSB first; unary: 1; binary: 2
};

/// Canonical text of an expression (to compare assignment targets).
std::string expr_text(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::ident: return e.name;
    case Expr::Kind::number: return e.text;
    case Expr::Kind::select:
      return e.name + "[" + expr_text(e.args[0]) + (e.part ? ":" + expr_text(e.args[1]) : "") + "]";
    case Expr::Kind::concat: {
      std::string s = "{";
      for (size_t i = 0; i < e.args.size(); ++i) s += (i ? "," : "") + expr_text(e.args[i]);
      return s + "}";
    }
    case Expr::Kind::unary: return e.op + expr_text(e.args[0]);
    case Expr::Kind::binary: return "(" + expr_text(e.args[0]) + e.op + expr_text(e.args[1]) + ")";
  }
  return "";
}

/// Identifiers an expression reads as signals (select indices are constants and not included).
void signal_names(const Expr& e, std::set<std::string>& out) {
  if (e.kind == Expr::Kind::ident || e.kind == Expr::Kind::select) out.insert(e.name);
  if (e.kind == Expr::Kind::concat || e.kind == Expr::Kind::unary || e.kind == Expr::Kind::binary)
    for (const auto& a : e.args) signal_names(a, out);
}

struct CaseItemAst;
struct Stmt {
  enum class Kind { block, if_, case_, assign } kind = Kind::block;
  Loc loc;
  std::vector<Stmt> body;          // block: statements; if: then [, else]
  Expr cond;                       // if: condition; case: selector
  std::vector<CaseItemAst> items;  // case
  Expr lhs, rhs;                   // assign
  bool nonblocking = false;
};
struct CaseItemAst {
  std::vector<Expr> labels;
  bool is_default = false;
  Loc loc;
  std::vector<Stmt> body;  // exactly one statement
};

struct Range {
  bool present = false;
  Expr msb, lsb;
};

enum class SigKind { input, output, wire, reg };

struct SignalDecl {
  std::string name;
  SigKind kind = SigKind::wire;
  bool is_port = false;
  bool is_reg = false;  // reg or output reg: may be assigned in always blocks
  Range range;
  Loc loc;
};

struct ParamDecl {
  std::string name;
  Expr value;
  bool local = false;
  Loc loc;
};

struct Connection {
  std::string port;
  bool has_expr = false;
  Expr expr;
  Loc loc;
};

struct ParamOverride {
  std::string name;  // empty: positional
  Expr value;
  Loc loc;
};

struct InstanceAst {
  std::string module, name;
  std::vector<ParamOverride> params;
  std::vector<Connection> conns;
  Loc loc;
};

struct AssignAst {
  Expr lhs, rhs;
  Loc loc;
};

/// A combinational `always` block that is one `case` statement assigning constants to one target.
struct RomItem {
  std::vector<Expr> labels;
  bool is_default = false;
  Expr value;
  Loc loc;
};
struct RomAst {
  Expr selector, target;
  std::vector<RomItem> items;
  Loc loc;
};

/// A clocked `always` block that is a register `q <= d` (with an optional synchronous reset).
struct RegisterAst {
  Expr q, d;
  std::string clock, reset;  // reset: "" when there is none
  Loc loc;
};

struct ModuleAst {
  std::string name;
  Loc loc;
  std::vector<ParamDecl> params;
  std::vector<SignalDecl> signals;  // ports first, in port order
  std::map<std::string, size_t> signal_index;
  std::vector<InstanceAst> instances;
  std::vector<AssignAst> assigns;   // `assign` and wire initializers
  std::vector<RomAst> roms;
  std::vector<RegisterAst> registers;
};

// ---------------------------------------------------------------------------------------------
// Parser

class Parser {
 public:
  Parser(const Context& ctx, std::vector<Token> tokens) : ctx_(ctx), t_(std::move(tokens)) {}

  std::vector<ModuleAst> parse_file() {
    std::vector<ModuleAst> modules;
    while (peek().kind != Tok::end) {
      if (!is_word("module")) unsupported(peek(), "expected 'module'");
      next();
      modules.push_back(parse_module());
    }
    return modules;
  }

 private:
  // -- token helpers
  const Token& peek(size_t ahead = 0) const { return t_[std::min(p_ + ahead, t_.size() - 1)]; }
  const Token& next() {
    const Token& t = t_[p_];
    if (p_ + 1 < t_.size()) ++p_;
    return t;
  }
  bool is_punct(const char* text, size_t ahead = 0) const {
    return peek(ahead).kind == Tok::punct && peek(ahead).text == text;
  }
  bool is_word(const char* word, size_t ahead = 0) const {
    return peek(ahead).kind == Tok::ident && peek(ahead).text == word;
  }
  static std::string describe(const Token& t) {
    if (t.kind == Tok::end) return "end of file";
    return "'" + t.text + "'";
  }
  void expect(const char* punct) {
    if (!is_punct(punct)) ctx_.fail(peek().loc, std::string("expected '") + punct + "' but found " + describe(peek()));
    next();
  }
  void expect_word(const char* word) {
    if (!is_word(word)) ctx_.fail(peek().loc, std::string("expected '") + word + "' but found " + describe(peek()));
    next();
  }
  /// An identifier that is not a keyword.
  std::string expect_name(const char* what) {
    const Token& t = peek();
    if (t.kind != Tok::ident) ctx_.fail(t.loc, std::string("expected ") + what + " but found " + describe(t));
    if (is_reserved(t.text)) unsupported(t, std::string("expected ") + what);
    next();
    return t.text;
  }
  /// Errors on a token outside the accepted family, naming the construct when it is a keyword.
  [[noreturn]] void unsupported(const Token& t, const std::string& context) const {
    if (t.kind == Tok::ident && is_reserved(t.text))
      ctx_.fail(t.loc, "unsupported construct '" + t.text + "' (" + context +
                           "; lutc reads LogicNets-generated Verilog, docs/model-format.md)");
    ctx_.fail(t.loc, context + " but found " + describe(t));
  }

  // -- modules
  ModuleAst parse_module() {
    ModuleAst m;
    m.loc = peek().loc;
    m.name = expect_name("a module name");
    if (is_punct("#")) {
      next();
      expect("(");
      parse_param_list(m, false, ")");
    }
    if (is_punct("(")) {
      next();
      if (is_punct(")")) {
        next();
      } else {
        parse_port_list(m);
      }
    }
    expect(";");
    while (!is_word("endmodule")) {
      if (peek().kind == Tok::end) ctx_.fail(m.loc, "module '" + m.name + "' has no 'endmodule'");
      parse_item(m);
    }
    next();
    return m;
  }

  void add_param(ModuleAst& m, ParamDecl pd) {
    for (const auto& q : m.params)
      if (q.name == pd.name) ctx_.fail(pd.loc, "parameter '" + pd.name + "' is already declared at " + ctx_.where(q.loc));
    if (m.signal_index.count(pd.name)) ctx_.fail(pd.loc, "'" + pd.name + "' is already declared as a signal");
    m.params.push_back(std::move(pd));
  }

  void add_signal(ModuleAst& m, SignalDecl d) {
    auto it = m.signal_index.find(d.name);
    if (it != m.signal_index.end())
      ctx_.fail(d.loc, "'" + d.name + "' is already declared at " + ctx_.where(m.signals[it->second].loc));
    for (const auto& q : m.params)
      if (q.name == d.name) ctx_.fail(d.loc, "'" + d.name + "' is already declared as a parameter");
    m.signal_index[d.name] = m.signals.size();
    m.signals.push_back(std::move(d));
  }

  Range parse_optional_range() {
    Range r;
    if (!is_punct("[")) return r;
    next();
    r.present = true;
    r.msb = parse_expr();
    expect(":");
    r.lsb = parse_expr();
    expect("]");
    return r;
  }

  /// ANSI port list: `input [7:0] a, b, output reg [1:0] y`.
  void parse_port_list(ModuleAst& m) {
    bool have_dir = false;
    SignalDecl proto;
    for (;;) {
      const Token& t = peek();
      if (is_word("input") || is_word("output")) {
        proto = SignalDecl{};
        proto.kind = t.text == "input" ? SigKind::input : SigKind::output;
        proto.is_port = true;
        next();
        if (is_word("wire")) {
          next();
        } else if (is_word("reg")) {
          if (proto.kind == SigKind::input) ctx_.fail(peek().loc, "an input cannot be a reg");
          proto.is_reg = true;
          next();
        }
        if (is_word("signed")) unsupported(peek(), "signed ports are not supported");
        proto.range = parse_optional_range();
        have_dir = true;
      } else if (is_word("inout")) {
        unsupported(t, "inout ports are not supported");
      } else if (!have_dir || t.kind != Tok::ident || is_reserved(t.text)) {
        unsupported(t, "expected a port declaration such as 'input [7:0] M0' (non-ANSI port lists are not supported)");
      }
      SignalDecl d = proto;
      d.loc = peek().loc;
      d.name = expect_name("a port name");
      add_signal(m, std::move(d));
      if (is_punct(",")) {
        next();
        continue;
      }
      expect(")");
      return;
    }
  }

  void parse_item(ModuleAst& m) {
    const Token& t = peek();
    if (t.kind != Tok::ident) ctx_.fail(t.loc, "expected a module item but found " + describe(t));
    if (t.text == "wire" || t.text == "reg") return parse_net_decl(m);
    if (t.text == "assign") return parse_assign(m);
    if (t.text == "always") return parse_always(m);
    if (t.text == "parameter" || t.text == "localparam") return parse_param_item(m);
    if (t.text == "input" || t.text == "output" || t.text == "inout")
      unsupported(t, "port declarations belong in the module header (ANSI style)");
    if (!is_reserved(t.text) && (peek(1).kind == Tok::ident || (peek(1).kind == Tok::punct && peek(1).text == "#")))
      return parse_instances(m);
    unsupported(t, "expected a declaration, 'assign', 'always' or a module instance");
  }

  void parse_net_decl(ModuleAst& m) {
    bool is_reg = peek().text == "reg";
    next();
    if (is_word("signed")) unsupported(peek(), "signed nets are not supported");
    Range range = parse_optional_range();
    for (;;) {
      SignalDecl d;
      d.kind = is_reg ? SigKind::reg : SigKind::wire;
      d.is_reg = is_reg;
      d.range = range;
      d.loc = peek().loc;
      d.name = expect_name(is_reg ? "a reg name" : "a wire name");
      if (is_punct("[")) ctx_.fail(peek().loc, "arrays are not supported");
      std::string name = d.name;
      Loc loc = d.loc;
      add_signal(m, std::move(d));
      if (is_punct("=")) {
        Loc eq = peek().loc;
        next();
        Expr init = parse_expr();
        // A reg's initial value only matters before the first evaluation: the ROM always
        // assigns it (unlisted codes read as 0), so it is ignored.
        if (!is_reg) {
          Expr lhs;
          lhs.kind = Expr::Kind::ident;
          lhs.name = name;
          lhs.loc = loc;
          m.assigns.push_back(AssignAst{std::move(lhs), std::move(init), eq});
        }
      }
      if (is_punct(",")) {
        next();
        continue;
      }
      expect(";");
      return;
    }
  }

  void parse_assign(ModuleAst& m) {
    next();
    if (is_punct("#")) ctx_.fail(peek().loc, "delays are not supported");
    for (;;) {
      AssignAst a;
      a.loc = peek().loc;
      a.lhs = parse_expr();
      expect("=");
      a.rhs = parse_expr();
      m.assigns.push_back(std::move(a));
      if (is_punct(",")) {
        next();
        continue;
      }
      expect(";");
      return;
    }
  }

  void parse_param_item(ModuleAst& m) {
    bool local = peek().text == "localparam";
    next();
    parse_param_list(m, local, ";");
  }

  /// `NAME = EXPR, ...` up to `end`, as in `#(parameter W = 8, ...)` or `parameter W = 8, ...;`.
  void parse_param_list(ModuleAst& m, bool local, const char* end) {
    for (;;) {
      if (!local && std::string(end) == ")" && is_word("parameter")) next();
      if (is_word("integer") || is_word("signed") || is_punct("[")) unsupported(peek(), "parameter types are not supported");
      ParamDecl pd;
      pd.local = local;
      pd.loc = peek().loc;
      pd.name = expect_name("a parameter name");
      expect("=");
      pd.value = parse_expr();
      add_param(m, std::move(pd));
      if (!is_punct(",")) break;
      next();
    }
    expect(end);
  }

  void parse_instances(ModuleAst& m) {
    Loc mod_loc = peek().loc;
    std::string module = next().text;
    std::vector<ParamOverride> params;
    if (is_punct("#")) {
      next();
      expect("(");
      if (!is_punct(")")) {
        for (;;) {
          ParamOverride po;
          po.loc = peek().loc;
          if (is_punct(".")) {
            next();
            po.name = expect_name("a parameter name");
            expect("(");
            po.value = parse_expr();
            expect(")");
          } else {
            po.value = parse_expr();
          }
          if (!params.empty() && params.front().name.empty() != po.name.empty())
            ctx_.fail(po.loc, "mixed named and positional parameter assignments");
          params.push_back(std::move(po));
          if (is_punct(",")) {
            next();
            continue;
          }
          break;
        }
      }
      expect(")");
    }
    for (;;) {
      InstanceAst inst;
      inst.module = module;
      inst.params = params;
      inst.loc = mod_loc;
      inst.name = expect_name("an instance name");
      if (is_punct("[")) ctx_.fail(peek().loc, "instance arrays are not supported");
      expect("(");
      if (!is_punct(")")) {
        for (;;) {
          Connection c;
          c.loc = peek().loc;
          if (!is_punct("."))
            ctx_.fail(peek().loc, "expected a named port connection '.port(signal)' (positional connections are not supported)");
          next();
          c.port = expect_name("a port name");
          for (const auto& other : inst.conns)
            if (other.port == c.port) ctx_.fail(c.loc, "port '" + c.port + "' is connected twice");
          expect("(");
          if (!is_punct(")")) {
            c.has_expr = true;
            c.expr = parse_expr();
          }
          expect(")");
          inst.conns.push_back(std::move(c));
          if (is_punct(",")) {
            next();
            continue;
          }
          break;
        }
      }
      expect(")");
      m.instances.push_back(std::move(inst));
      if (is_punct(",")) {
        next();
        mod_loc = peek().loc;
        continue;
      }
      expect(";");
      return;
    }
  }

  // -- always blocks
  void parse_always(ModuleAst& m) {
    Loc loc = peek().loc;
    next();
    expect("@");
    bool star = false;
    std::vector<std::string> names;
    std::vector<std::pair<std::string, Loc>> edges;
    if (is_punct("*")) {
      next();
      star = true;
    } else {
      expect("(");
      if (is_punct("*")) {
        next();
        star = true;
      } else {
        for (;;) {
          Loc eloc = peek().loc;
          if (is_word("negedge")) unsupported(peek(), "only 'posedge' clocks are supported");
          bool edge = is_word("posedge");
          if (edge) next();
          std::string name = expect_name("a signal in the sensitivity list");
          if (edge) edges.push_back({name, eloc});
          else names.push_back(name);
          if (is_punct(",") || is_word("or")) {
            next();
            continue;
          }
          break;
        }
      }
      expect(")");
    }
    Stmt body = parse_stmt();
    if (!edges.empty()) {
      if (edges.size() != 1 || !names.empty())
        ctx_.fail(loc, "a clocked always block must be sensitive to exactly one 'posedge' clock (asynchronous resets are not supported)");
      m.registers.push_back(classify_register(body, edges[0].first, loc));
    } else {
      m.roms.push_back(classify_rom(body, star, names, loc));
    }
  }

  Stmt parse_stmt() {
    const Token& t = peek();
    Stmt s;
    s.loc = t.loc;
    if (is_word("begin")) {
      next();
      if (is_punct(":")) ctx_.fail(peek().loc, "named blocks are not supported");
      s.kind = Stmt::Kind::block;
      while (!is_word("end")) {
        if (peek().kind == Tok::end) ctx_.fail(s.loc, "'begin' without 'end'");
        s.body.push_back(parse_stmt());
      }
      next();
      return s;
    }
    if (is_word("if")) {
      next();
      s.kind = Stmt::Kind::if_;
      expect("(");
      s.cond = parse_expr();
      expect(")");
      s.body.push_back(parse_stmt());
      if (is_word("else")) {
        next();
        s.body.push_back(parse_stmt());
      }
      return s;
    }
    if (is_word("case")) {
      next();
      s.kind = Stmt::Kind::case_;
      expect("(");
      s.cond = parse_expr();
      expect(")");
      while (!is_word("endcase")) {
        if (peek().kind == Tok::end) ctx_.fail(s.loc, "'case' without 'endcase'");
        CaseItemAst item;
        item.loc = peek().loc;
        if (is_word("default")) {
          next();
          item.is_default = true;
          if (is_punct(":")) next();
        } else {
          for (;;) {
            item.labels.push_back(parse_expr());
            if (is_punct(",")) {
              next();
              continue;
            }
            break;
          }
          expect(":");
        }
        item.body.push_back(parse_stmt());
        s.items.push_back(std::move(item));
      }
      next();
      return s;
    }
    if (t.kind == Tok::ident && is_reserved(t.text)) unsupported(t, "unsupported statement");
    if (t.kind != Tok::ident && !is_punct("{")) ctx_.fail(t.loc, "expected a statement but found " + describe(t));
    s.kind = Stmt::Kind::assign;
    s.lhs = parse_primary();
    if (is_punct("<=")) {
      s.nonblocking = true;
    } else if (!is_punct("=")) {
      ctx_.fail(peek().loc, "expected '=' or '<=' but found " + describe(peek()));
    }
    next();
    if (is_punct("#")) ctx_.fail(peek().loc, "delays are not supported");
    s.rhs = parse_expr();
    expect(";");
    return s;
  }

  /// A block holding one statement is that statement.
  static const Stmt& unwrap(const Stmt& s) {
    const Stmt* p = &s;
    while (p->kind == Stmt::Kind::block && p->body.size() == 1) p = &p->body[0];
    return *p;
  }

  RomAst classify_rom(const Stmt& body, bool star, const std::vector<std::string>& sensitivity, const Loc& loc) {
    const Stmt& s = unwrap(body);
    if (s.kind != Stmt::Kind::case_)
      ctx_.fail(s.loc, "a combinational always block must hold exactly one 'case' statement (a neuron's ROM)");
    if (s.items.empty()) ctx_.fail(s.loc, "empty case statement");
    RomAst rom;
    rom.loc = s.loc;
    rom.selector = s.cond;
    bool have_default = false;
    for (const auto& item : s.items) {
      const Stmt& a = unwrap(item.body[0]);
      if (a.kind != Stmt::Kind::assign)
        ctx_.fail(a.loc, "every case item must be one assignment 'target = constant;'");
      if (rom.items.empty()) {
        rom.target = a.lhs;
      } else if (expr_text(a.lhs) != expr_text(rom.target)) {
        ctx_.fail(a.lhs.loc, "every case item must assign the same target ('" + expr_text(rom.target) + "', line " +
                                 std::to_string(rom.target.loc.line) + ")");
      }
      if (item.is_default) {
        if (have_default) ctx_.fail(item.loc, "more than one 'default' item");
        have_default = true;
      }
      rom.items.push_back(RomItem{item.labels, item.is_default, a.rhs, item.loc});
    }
    if (!star) {
      std::set<std::string> read;
      signal_names(rom.selector, read);
      for (const auto& name : read)
        if (std::find(sensitivity.begin(), sensitivity.end(), name) == sensitivity.end())
          ctx_.fail(loc, "incomplete sensitivity list: the case reads '" + name + "' but the list does not name it");
    }
    return rom;
  }

  RegisterAst classify_register(const Stmt& body, const std::string& clock, const Loc& loc) {
    const char* shape = "a clocked always block must be a register: 'q <= d;' or 'if (rst) q <= 0; else q <= d;'";
    RegisterAst reg;
    reg.loc = loc;
    reg.clock = clock;
    const Stmt& s = unwrap(body);
    auto check_assign = [&](const Stmt& a) {
      if (a.kind != Stmt::Kind::assign) ctx_.fail(a.loc, shape);
      if (!a.nonblocking) ctx_.fail(a.loc, "use '<=' for registers in a clocked always block");
    };
    if (s.kind == Stmt::Kind::assign) {
      check_assign(s);
      if (s.rhs.kind == Expr::Kind::number) ctx_.fail(s.rhs.loc, "a register that always loads a constant is not supported");
      reg.q = s.lhs;
      reg.d = s.rhs;
      return reg;
    }
    if (s.kind != Stmt::Kind::if_) ctx_.fail(s.loc, shape);
    const Expr* c = &s.cond;
    if (c->kind == Expr::Kind::unary && (c->op == "!" || c->op == "~")) c = &c->args[0];
    if (c->kind != Expr::Kind::ident) ctx_.fail(s.cond.loc, "a register's reset condition must be 'rst', '!rst' or '~rst'");
    reg.reset = c->name;
    if (s.body.size() != 2) ctx_.fail(s.loc, "a register with a reset needs an 'else' branch that loads the data");
    const Stmt& a = unwrap(s.body[0]);
    const Stmt& b = unwrap(s.body[1]);
    check_assign(a);
    check_assign(b);
    if (expr_text(a.lhs) != expr_text(b.lhs)) ctx_.fail(b.loc, "both branches must assign the same register");
    bool a_const = a.rhs.kind == Expr::Kind::number, b_const = b.rhs.kind == Expr::Kind::number;
    if (a_const == b_const) ctx_.fail(s.loc, "exactly one branch must load a constant (the reset value)");
    reg.q = a.lhs;
    reg.d = a_const ? b.rhs : a.rhs;
    return reg;
  }

  // -- expressions
  Expr parse_expr() {
    Expr left = parse_term();
    while (is_punct("+") || is_punct("-")) left = binary(std::move(left), &Parser::parse_term);
    return left;
  }
  Expr parse_term() {
    Expr left = parse_unary();
    while (is_punct("*") || is_punct("/")) left = binary(std::move(left), &Parser::parse_unary);
    return left;
  }
  Expr binary(Expr left, Expr (Parser::*operand)()) {
    Expr e;
    e.kind = Expr::Kind::binary;
    e.loc = peek().loc;
    e.op = next().text;
    e.args.push_back(std::move(left));
    e.args.push_back((this->*operand)());
    return e;
  }
  Expr parse_unary() {
    if (is_punct("!") || is_punct("~") || is_punct("-")) {
      Expr e;
      e.kind = Expr::Kind::unary;
      e.loc = peek().loc;
      e.op = next().text;
      e.args.push_back(parse_unary());
      return e;
    }
    return parse_primary();
  }
  Expr parse_primary() {
    const Token& t = peek();
    Expr e;
    e.loc = t.loc;
    if (t.kind == Tok::number) {
      e.kind = Expr::Kind::number;
      e.lit = t.lit;
      e.text = t.text;
      next();
      return e;
    }
    if (is_punct("(")) {
      next();
      Expr inner = parse_expr();
      expect(")");
      return inner;
    }
    if (is_punct("{")) {
      next();
      e.kind = Expr::Kind::concat;
      for (;;) {
        e.args.push_back(parse_expr());
        if (is_punct("{")) ctx_.fail(peek().loc, "replication '{n{...}}' is not supported");
        if (is_punct(",")) {
          next();
          continue;
        }
        break;
      }
      expect("}");
      return e;
    }
    if (t.kind != Tok::ident) ctx_.fail(t.loc, "expected an expression but found " + describe(t));
    if (is_reserved(t.text)) unsupported(t, "expected an expression");
    e.kind = Expr::Kind::ident;
    e.name = next().text;
    if (is_punct("[")) {
      next();
      e.kind = Expr::Kind::select;
      e.args.push_back(parse_expr());
      if (is_punct("+:") || is_punct("-:")) ctx_.fail(peek().loc, "indexed part selects are not supported");
      if (is_punct(":")) {
        next();
        e.part = true;
        e.args.push_back(parse_expr());
      }
      expect("]");
    }
    return e;
  }

  const Context& ctx_;
  std::vector<Token> t_;
  size_t p_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Elaboration: flatten the hierarchy into bits joined by a union-find; registers are wires.

struct Driver {
  enum class Kind { input, rom, constant } kind = Kind::input;
  int index = 0;  // input: top port index; rom: rom index; constant: value
  int bit = 0;
  Loc loc;
};

struct SignalInst {
  std::vector<uint32_t> bits;  // bits[i] is index lsb + i
  int msb = 0, lsb = 0;
  const SignalDecl* decl = nullptr;
};

struct Scope {
  std::string path;  // instance path from the top, '.'-separated ("" for the top)
  const ModuleAst* module = nullptr;
  std::map<std::string, int64_t> params;
  std::map<std::string, SignalInst> signals;
};

struct RomInst {
  std::string module, path, target_name;
  std::vector<uint32_t> selector, target;
  std::vector<uint64_t> rows;
  Loc loc;
};

class Elaborator {
 public:
  Elaborator(const Context& ctx, const std::map<std::string, const ModuleAst*>& modules) : ctx_(ctx), modules_(modules) {}

  /// Elaborates `top` and returns its scope (ports drive or read the flattened design).
  Scope elaborate_top(const ModuleAst& top) {
    std::vector<std::string> stack;
    Scope scope = elaborate(top, "", nullptr, {}, stack);
    for (size_t p = 0; p < top.signals.size(); ++p) {
      const SignalDecl& d = top.signals[p];
      if (!d.is_port || d.kind != SigKind::input) continue;
      const SignalInst& s = scope.signals.at(d.name);
      for (size_t b = 0; b < s.bits.size(); ++b)
        drivers_.push_back({s.bits[b], Driver{Driver::Kind::input, static_cast<int>(p), static_cast<int>(b), d.loc}});
    }
    return scope;
  }

  uint32_t find(uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }

  /// Root -> its one driver; two drivers on one net are an error.
  std::map<uint32_t, Driver> resolve_drivers() {
    std::map<uint32_t, Driver> out;
    std::map<uint32_t, uint32_t> first_bit;
    for (const auto& [bit, drv] : drivers_) {
      uint32_t r = find(bit);
      auto [it, fresh] = out.emplace(r, drv);
      if (!fresh)
        ctx_.fail(drv.loc, "'" + bit_names_[bit] + "' has two drivers (the other is '" + bit_names_[first_bit[r]] +
                               "', " + ctx_.where(it->second.loc) + ")");
      first_bit[r] = bit;
    }
    return out;
  }

  std::set<uint32_t> control_roots() {
    std::set<uint32_t> out;
    for (uint32_t b : control_bits_) out.insert(find(b));
    return out;
  }

  const std::string& bit_name(uint32_t bit) const { return bit_names_[bit]; }
  std::vector<RomInst>& roms() { return roms_; }
  size_t register_instances = 0, register_bits = 0;

 private:
  uint32_t new_bit(std::string name) {
    parent_.push_back(static_cast<uint32_t>(parent_.size()));
    bit_names_.push_back(std::move(name));
    return parent_.back();
  }
  void unite(uint32_t a, uint32_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }
  static std::string qualified(const std::string& path, const std::string& name) {
    return path.empty() ? name : path + "." + name;
  }

  int64_t eval_const(const Expr& e, const std::map<std::string, int64_t>& params) const {
    switch (e.kind) {
      case Expr::Kind::number:
        if (e.lit.xz) ctx_.fail(e.loc, "x/z digits are not allowed in a constant");
        if (e.lit.value > static_cast<uint64_t>(INT32_MAX)) ctx_.fail(e.loc, "constant '" + e.text + "' is too large");
        return static_cast<int64_t>(e.lit.value);
      case Expr::Kind::ident: {
        auto it = params.find(e.name);
        if (it == params.end()) ctx_.fail(e.loc, "'" + e.name + "' is not a parameter (a constant is expected here)");
        return it->second;
      }
      case Expr::Kind::unary:
        if (e.op != "-") break;
        return -eval_const(e.args[0], params);
      case Expr::Kind::binary: {
        int64_t a = eval_const(e.args[0], params), b = eval_const(e.args[1], params);
        int64_t r = 0;
        if (e.op == "+") r = a + b;
        else if (e.op == "-") r = a - b;
        else if (e.op == "*") r = a * b;
        else {
          if (b == 0) ctx_.fail(e.loc, "division by zero");
          r = a / b;
        }
        if (r > INT32_MAX || r < INT32_MIN) ctx_.fail(e.loc, "constant expression out of range");
        return r;
      }
      default: break;
    }
    ctx_.fail(e.loc, "'" + expr_text(e) + "' is not a constant expression");
  }

  /// The bits an expression names, least significant first.
  std::vector<uint32_t> bits_of(const Expr& e, Scope& scope) {
    switch (e.kind) {
      case Expr::Kind::ident:
      case Expr::Kind::select: {
        if (scope.params.count(e.name)) ctx_.fail(e.loc, "parameter '" + e.name + "' used as a signal");
        auto it = scope.signals.find(e.name);
        if (it == scope.signals.end())
          ctx_.fail(e.loc, "unknown signal '" + e.name + "' in module '" + scope.module->name + "' (implicit nets are not supported)");
        const SignalInst& s = it->second;
        if (e.kind == Expr::Kind::ident) return s.bits;
        auto range_text = [&] { return "[" + std::to_string(s.msb) + ":" + std::to_string(s.lsb) + "]"; };
        int64_t hi = eval_const(e.args[0], scope.params);
        int64_t lo = e.part ? eval_const(e.args[1], scope.params) : hi;
        if (e.part && hi < lo)
          ctx_.fail(e.loc, "part select '" + expr_text(e) + "' must be [msb:lsb] with msb >= lsb");
        if (lo < s.lsb || hi > s.msb)
          ctx_.fail(e.loc, "'" + expr_text(e) + "' is out of the range " + range_text() + " of '" + e.name + "'");
        return std::vector<uint32_t>(s.bits.begin() + (lo - s.lsb), s.bits.begin() + (hi - s.lsb + 1));
      }
      case Expr::Kind::concat: {
        std::vector<uint32_t> out;
        for (auto it = e.args.rbegin(); it != e.args.rend(); ++it) {
          auto part = bits_of(*it, scope);
          out.insert(out.end(), part.begin(), part.end());
        }
        return out;
      }
      case Expr::Kind::number: {
        if (e.lit.width < 0) ctx_.fail(e.loc, "unsized constant '" + e.text + "' in a connection (write it sized, as 1'b0)");
        if (e.lit.xz) ctx_.fail(e.loc, "x/z digits in '" + e.text + "' are not supported");
        std::vector<uint32_t> out;
        for (int b = 0; b < e.lit.width; ++b) {
          uint32_t bit = new_bit(qualified(scope.path, e.text) + "[" + std::to_string(b) + "]");
          int value = b < 64 ? static_cast<int>((e.lit.value >> b) & 1) : 0;
          drivers_.push_back({bit, Driver{Driver::Kind::constant, value, b, e.loc}});
          out.push_back(bit);
        }
        return out;
      }
      default: break;
    }
    ctx_.fail(e.loc, "operator '" + e.op + "' is not supported here (only signals, bit/part selects and {...})");
  }

  void connect(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b, const Loc& loc, const std::string& what) {
    if (a.size() != b.size())
      ctx_.fail(loc, "width mismatch: " + what + " (" + std::to_string(a.size()) + " vs " + std::to_string(b.size()) + " bits)");
    for (size_t i = 0; i < a.size(); ++i) unite(a[i], b[i]);
  }

  static bool is_lvalue(const Expr& e) {
    if (e.kind == Expr::Kind::ident || e.kind == Expr::Kind::select) return true;
    if (e.kind != Expr::Kind::concat) return false;
    return std::all_of(e.args.begin(), e.args.end(), is_lvalue);
  }

  /// A literal that must be sized exactly `width` bits, without x/z (case labels and ROM values).
  uint64_t sized_literal(const Expr& e, int width, const char* what) const {
    if (e.kind != Expr::Kind::number)
      ctx_.fail(e.loc, std::string("bad ") + what + " '" + expr_text(e) + "': expected a sized literal such as " +
                           std::to_string(width) + "'b0...");
    if (e.lit.width < 0)
      ctx_.fail(e.loc, std::string("bad ") + what + " '" + e.text + "': it must be sized (" + std::to_string(width) + "'b...)");
    if (e.lit.width != width)
      ctx_.fail(e.loc, std::string("bad ") + what + " '" + e.text + "': it is " + std::to_string(e.lit.width) +
                           " bits, expected " + std::to_string(width));
    if (e.lit.xz) ctx_.fail(e.loc, std::string("bad ") + what + " '" + e.text + "': x, z and ? digits are not supported");
    return e.lit.value;
  }

  Scope elaborate(const ModuleAst& m, const std::string& path, const Scope* parent, const std::vector<ParamOverride>& overrides,
                  std::vector<std::string>& stack) {
    Scope scope;
    scope.path = path;
    scope.module = &m;

    // Parameters: overrides are evaluated in the parent, defaults in this module (in order).
    std::vector<const ParamDecl*> overridable;
    for (const auto& p : m.params)
      if (!p.local) overridable.push_back(&p);
    std::map<std::string, const ParamOverride*> given;
    for (size_t i = 0; i < overrides.size(); ++i) {
      const ParamOverride& o = overrides[i];
      std::string name = o.name;
      if (name.empty()) {
        if (i >= overridable.size()) ctx_.fail(o.loc, "module '" + m.name + "' has only " + std::to_string(overridable.size()) + " parameters");
        name = overridable[i]->name;
      } else {
        auto it = std::find_if(m.params.begin(), m.params.end(), [&](const ParamDecl& p) { return p.name == name; });
        if (it == m.params.end()) ctx_.fail(o.loc, "module '" + m.name + "' has no parameter '" + name + "'");
        if (it->local) ctx_.fail(o.loc, "'" + name + "' is a localparam of '" + m.name + "' and cannot be overridden");
      }
      given[name] = &o;
    }
    for (const auto& p : m.params) {
      auto it = given.find(p.name);
      scope.params[p.name] = it != given.end() ? eval_const(it->second->value, parent->params) : eval_const(p.value, scope.params);
    }

    // Signals.
    for (const auto& d : m.signals) {
      SignalInst s;
      s.decl = &d;
      if (d.range.present) {
        int64_t msb = eval_const(d.range.msb, scope.params), lsb = eval_const(d.range.lsb, scope.params);
        if (msb < lsb) ctx_.fail(d.loc, "range [" + std::to_string(msb) + ":" + std::to_string(lsb) + "] of '" + d.name +
                                            "' is ascending; only [msb:lsb] with msb >= lsb is supported");
        if (lsb < 0) ctx_.fail(d.loc, "negative bit index in the range of '" + d.name + "'");
        if (msb - lsb + 1 > kMaxSignalBits) ctx_.fail(d.loc, "'" + d.name + "' is too wide");
        s.msb = static_cast<int>(msb);
        s.lsb = static_cast<int>(lsb);
      }
      for (int i = s.lsb; i <= s.msb; ++i)
        s.bits.push_back(new_bit(qualified(path, d.name) + (d.range.present ? "[" + std::to_string(i) + "]" : "")));
      scope.signals[d.name] = std::move(s);
    }

    for (const auto& a : m.assigns) {
      if (!is_lvalue(a.lhs)) ctx_.fail(a.lhs.loc, "cannot assign to '" + expr_text(a.lhs) + "'");
      auto lhs = bits_of(a.lhs, scope);
      auto rhs = bits_of(a.rhs, scope);
      connect(lhs, rhs, a.loc, "'" + expr_text(a.lhs) + "' = '" + expr_text(a.rhs) + "'");
    }

    for (const auto& inst : m.instances) {
      auto it = modules_.find(inst.module);
      if (it == modules_.end()) ctx_.fail(inst.loc, "unknown module '" + inst.module + "' (no .v file defines it)");
      const ModuleAst& child = *it->second;
      if (std::find(stack.begin(), stack.end(), child.name) != stack.end() || child.name == m.name) {
        std::string chain;
        for (const auto& s : stack) chain += s + " -> ";
        ctx_.fail(inst.loc, "module '" + child.name + "' instantiates itself (" + chain + m.name + " -> " + child.name + ")");
      }
      stack.push_back(m.name);
      Scope sub = elaborate(child, qualified(path, inst.name), &scope, inst.params, stack);
      stack.pop_back();
      for (const auto& c : inst.conns) {
        auto port = sub.signals.find(c.port);
        if (port == sub.signals.end() || !port->second.decl->is_port)
          ctx_.fail(c.loc, "module '" + child.name + "' has no port '" + c.port + "'");
        if (!c.has_expr) continue;
        if (port->second.decl->kind == SigKind::output && !is_lvalue(c.expr))
          ctx_.fail(c.expr.loc, "output port '" + c.port + "' must connect to a signal");
        connect(port->second.bits, bits_of(c.expr, scope), c.loc,
                "port '" + c.port + "' of '" + child.name + "' (instance '" + inst.name + "') and '" + expr_text(c.expr) + "'");
      }
    }

    for (const auto& r : m.roms) elaborate_rom(r, scope);

    for (const auto& r : m.registers) {
      if (!is_lvalue(r.q)) ctx_.fail(r.q.loc, "cannot assign to '" + expr_text(r.q) + "'");
      require_reg(r.q, scope);
      auto q = bits_of(r.q, scope);
      auto d = bits_of(r.d, scope);
      connect(q, d, r.loc, "register '" + expr_text(r.q) + "' <= '" + expr_text(r.d) + "'");
      ++register_instances;
      register_bits += q.size();
      for (const std::string* name : {&r.clock, &r.reset}) {
        if (name->empty()) continue;
        auto it = scope.signals.find(*name);
        if (it == scope.signals.end()) ctx_.fail(r.loc, "unknown signal '" + *name + "' in module '" + m.name + "'");
        for (uint32_t b : it->second.bits) control_bits_.push_back(b);
      }
    }
    return scope;
  }

  void require_reg(const Expr& target, const Scope& scope) const {
    std::set<std::string> names;
    signal_names(target, names);
    for (const auto& n : names) {
      auto it = scope.signals.find(n);
      if (it != scope.signals.end() && !it->second.decl->is_reg)
        ctx_.fail(target.loc, "'" + n + "' is assigned in an always block but is not declared 'reg'");
    }
  }

  void elaborate_rom(const RomAst& r, Scope& scope) {
    RomInst rom;
    rom.module = scope.module->name;
    rom.path = scope.path;
    rom.loc = r.loc;
    if (!is_lvalue(r.target)) ctx_.fail(r.target.loc, "cannot assign to '" + expr_text(r.target) + "'");
    require_reg(r.target, scope);
    rom.target_name = r.target.kind == Expr::Kind::concat ? "rom" : r.target.name;
    rom.selector = bits_of(r.selector, scope);
    rom.target = bits_of(r.target, scope);
    const int sel_width = static_cast<int>(rom.selector.size());
    const int out_width = static_cast<int>(rom.target.size());
    if (sel_width > kMaxTableIndexBits)
      ctx_.fail(r.selector.loc, "case selector '" + expr_text(r.selector) + "' is " + std::to_string(sel_width) +
                                    " bits; at most " + std::to_string(kMaxTableIndexBits) + " are supported");
    if (out_width > 64) ctx_.fail(r.target.loc, "case target '" + expr_text(r.target) + "' is wider than 64 bits");
    const uint64_t rows = uint64_t{1} << sel_width;
    rom.rows.assign(rows, 0);
    std::vector<char> set(rows, 0);
    std::map<uint64_t, int> first_line;
    const RomItem* fallback = nullptr;
    for (const auto& item : r.items) {
      if (item.is_default) {
        fallback = &item;
        continue;
      }
      uint64_t value = sized_literal(item.value, out_width, "case value");
      for (const auto& label : item.labels) {
        uint64_t code = sized_literal(label, sel_width, "case label");
        if (set[code]) {
          // Verilog takes the first matching item; a repeated label is dead code.
          log::warn(ctx_.where(label.loc) + ": case label '" + label.text + "' repeats line " +
                    std::to_string(first_line[code]) + "; the first item wins");
          continue;
        }
        set[code] = 1;
        first_line[code] = label.loc.line;
        rom.rows[code] = value;
      }
    }
    if (fallback) {
      uint64_t value = sized_literal(fallback->value, out_width, "case value");
      for (uint64_t code = 0; code < rows; ++code)
        if (!set[code]) rom.rows[code] = value;
    } else if (first_line.size() < rows) {
      // In Verilog the target would keep its previous value (a latch); a ROM reads 0 there.
      log::warn(ctx_.where(r.loc) + ": the case lists " + std::to_string(first_line.size()) + " of " + std::to_string(rows) +
                " codes and has no default; the others read as 0");
    }
    const int index = static_cast<int>(roms_.size());
    for (int b = 0; b < out_width; ++b)
      drivers_.push_back({rom.target[static_cast<size_t>(b)], Driver{Driver::Kind::rom, index, b, r.loc}});
    roms_.push_back(std::move(rom));
  }

  const Context& ctx_;
  const std::map<std::string, const ModuleAst*>& modules_;
  std::vector<uint32_t> parent_;
  std::vector<std::string> bit_names_;
  std::vector<std::pair<uint32_t, Driver>> drivers_;
  std::vector<uint32_t> control_bits_;
  std::vector<RomInst> roms_;
};

// ---------------------------------------------------------------------------------------------
// Building the IR

/// Largest divisor of `g` that is at most 64 (an IR value holds at most 64 bits).
int chunk_width(int g) {
  for (int c = std::min(g, 64); c > 1; --c)
    if (g % c == 0) return c;
  return 1;
}

/// Node ids of ROMs in data-flow order (ties by elaboration order); a cycle is an error.
std::vector<size_t> rom_order(const Context& ctx, Elaborator& el, const std::map<uint32_t, Driver>& drivers) {
  auto& roms = el.roms();
  std::vector<std::set<size_t>> readers(roms.size());
  std::vector<size_t> pending(roms.size(), 0);
  for (size_t r = 0; r < roms.size(); ++r) {
    std::set<size_t> sources;
    for (uint32_t bit : roms[r].selector) {
      auto it = drivers.find(el.find(bit));
      if (it != drivers.end() && it->second.kind == Driver::Kind::rom) sources.insert(static_cast<size_t>(it->second.index));
    }
    for (size_t s : sources) readers[s].insert(r);
    pending[r] = sources.size();
  }
  std::priority_queue<size_t, std::vector<size_t>, std::greater<>> ready;
  for (size_t r = 0; r < roms.size(); ++r)
    if (pending[r] == 0) ready.push(r);
  std::vector<size_t> order;
  while (!ready.empty()) {
    size_t r = ready.top();
    ready.pop();
    order.push_back(r);
    for (size_t q : readers[r])
      if (--pending[q] == 0) ready.push(q);
  }
  if (order.size() != roms.size()) {
    std::string names;
    size_t first = roms.size();
    for (size_t r = 0; r < roms.size(); ++r)
      if (pending[r] > 0) {
        if (first == roms.size()) first = r;
        names += (names.empty() ? "" : ", ") + (roms[r].path.empty() ? roms[r].module : roms[r].path);
      }
    ctx.fail(roms[first].loc, "combinational cycle through " + names +
                                   " (registers are read as wires, so a feedback register also forms a cycle)");
  }
  return order;
}

ir::Network build_network(const Context& ctx, const ModuleAst& top, Elaborator& el, Scope& scope, logicnets_stats& st) {
  std::map<uint32_t, Driver> drivers = el.resolve_drivers();
  std::set<uint32_t> control = el.control_roots();
  auto& roms = el.roms();
  auto driver_of = [&](uint32_t bit) -> const Driver* {
    auto it = drivers.find(el.find(bit));
    return it == drivers.end() ? nullptr : &it->second;
  };

  // Every data read: the ROM selectors and the top's output ports.
  std::vector<const SignalDecl*> outputs;
  for (const auto& d : top.signals)
    if (d.is_port && d.kind == SigKind::output) outputs.push_back(&d);
  std::vector<const std::vector<uint32_t>*> reads;
  for (const auto& r : roms) reads.push_back(&r.selector);
  for (const auto* d : outputs) reads.push_back(&scope.signals.at(d->name).bits);

  ir::Network net;
  net.name = top.name;

  // Input ports: cut at every boundary of a run of consecutive port bits that something reads,
  // then into equal pieces of the gcd of those boundaries (adjacent features read together by
  // one neuron still become separate ports), at most 64 bits each.
  struct InputChunks {
    int chunk = 0;
    std::vector<ir::NodeId> nodes;
  };
  std::map<int, InputChunks> input_chunks;  // by top port index
  std::vector<std::vector<int>> boundaries(top.signals.size());
  std::vector<std::vector<char>> data_read(top.signals.size());
  for (size_t p = 0; p < top.signals.size(); ++p) data_read[p].assign(scope.signals.at(top.signals[p].name).bits.size(), 0);
  for (const auto* read : reads) {
    int run_port = -1, run_start = 0, run_last = 0;
    auto close = [&] {
      if (run_port < 0) return;
      boundaries[static_cast<size_t>(run_port)].push_back(run_start);
      boundaries[static_cast<size_t>(run_port)].push_back(run_last + 1);
      run_port = -1;
    };
    for (uint32_t bit : *read) {
      const Driver* d = driver_of(bit);
      if (!d || d->kind != Driver::Kind::input) {
        close();
        continue;
      }
      data_read[static_cast<size_t>(d->index)][static_cast<size_t>(d->bit)] = 1;
      if (d->index == run_port && d->bit == run_last + 1) {
        run_last = d->bit;
        continue;
      }
      close();
      run_port = d->index;
      run_start = run_last = d->bit;
    }
    close();
  }
  for (size_t p = 0; p < top.signals.size(); ++p) {
    const SignalDecl& d = top.signals[p];
    if (!d.is_port || d.kind != SigKind::input) continue;
    const auto& bits = scope.signals.at(d.name).bits;
    const int width = static_cast<int>(bits.size());
    bool any_control = false, any_data = false;
    for (size_t b = 0; b < bits.size(); ++b) {
      any_control |= control.count(el.find(bits[b])) > 0;
      any_data |= data_read[p][b] != 0;
    }
    if (any_control && any_data)
      ctx.fail(d.loc, "input '" + d.name + "' is used both as a register clock/reset and as data");
    if (any_control) {
      st.dropped_inputs.push_back(d.name);
      continue;
    }
    int g = width;
    for (int b : boundaries[p]) g = std::gcd(g, b);
    InputChunks ic;
    ic.chunk = chunk_width(g);
    const int count = width / ic.chunk;
    for (int k = 0; k < count; ++k) {
      std::string name = count == 1 ? d.name : d.name + "_" + std::to_string(k);
      if (net.find(name) >= 0) ctx.fail(d.loc, "input port name '" + name + "' is used twice");
      ic.nodes.push_back(net.add_input(name, ic.chunk));
      net.nodes.back().source_line = d.loc.line;
    }
    input_chunks[static_cast<int>(p)] = std::move(ic);
  }

  // One table per ROM, in data-flow order.
  std::map<std::string, int> roms_per_module;
  for (const auto& r : roms) ++roms_per_module[r.module];
  std::vector<ir::NodeId> rom_node(roms.size(), 0);
  std::vector<char> rom_done(roms.size(), 0);
  auto operand_bit = [&](uint32_t bit, const std::string& reader, const Loc& loc) -> std::pair<ir::NodeId, int> {
    const Driver* d = driver_of(bit);
    if (!d) ctx.fail(loc, reader + " reads '" + el.bit_name(bit) + "', which nothing drives");
    switch (d->kind) {
      case Driver::Kind::input: {
        const InputChunks& ic = input_chunks.at(d->index);
        return {ic.nodes[static_cast<size_t>(d->bit / ic.chunk)], d->bit % ic.chunk};
      }
      case Driver::Kind::rom:
        if (!rom_done[static_cast<size_t>(d->index)]) break;  // cannot happen in data-flow order
        return {rom_node[static_cast<size_t>(d->index)], d->bit};
      case Driver::Kind::constant:
        ctx.fail(loc, reader + " reads the constant bit '" + el.bit_name(bit) + "'; constant inputs are not supported");
    }
    ctx.fail(loc, "internal error: " + reader + " reads a neuron that is not built yet");
  };
  auto operands_of = [&](const std::vector<uint32_t>& bits, const std::string& reader, const Loc& loc) {
    std::vector<ir::Operand> ops;
    for (uint32_t bit : bits) {
      auto [node, off] = operand_bit(bit, reader, loc);
      if (!ops.empty() && ops.back().node == node && ops.back().lo + ops.back().width == off) {
        ++ops.back().width;
      } else {
        ops.push_back(ir::Operand{node, off, 1});
      }
    }
    return ops;
  };
  for (size_t r : rom_order(ctx, el, drivers)) {
    RomInst& rom = roms[r];
    std::string name = roms_per_module[rom.module] == 1 ? rom.module
                                                        : (rom.path.empty() ? rom.target_name : rom.path + "." + rom.target_name);
    if (net.find(name) >= 0) ctx.fail(rom.loc, "neuron name '" + name + "' is used twice");
    auto ops = operands_of(rom.selector, "neuron '" + name + "'", rom.loc);
    rom_node[r] = net.add_table(name, std::move(ops), static_cast<int>(rom.target.size()), std::move(rom.rows));
    net.nodes.back().source_line = rom.loc.line;
    rom_done[r] = 1;
  }

  // Output ports: one port per run of consecutive bits of one node.
  for (const auto* d : outputs) {
    auto ops = operands_of(scope.signals.at(d->name).bits, "output '" + d->name + "'", d->loc);
    for (size_t k = 0; k < ops.size(); ++k) {
      std::string name = ops.size() == 1 ? d->name : d->name + "_" + std::to_string(k);
      bool taken = std::any_of(net.outputs.begin(), net.outputs.end(), [&](const ir::OutputPort& o) { return o.name == name; });
      int same = net.find(name);
      if (taken || (same >= 0 && net.nodes[static_cast<size_t>(same)].kind() == ir::NodeKind::input))
        ctx.fail(d->loc, "output port name '" + name + "' is already a port name");
      net.outputs.push_back(ir::OutputPort{name, ops[k], std::nullopt});
    }
  }
  if (net.outputs.empty()) ctx.fail(top.loc, "module '" + top.name + "' has no outputs");
  st.neurons = roms.size();
  st.register_instances = el.register_instances;
  st.register_bits = el.register_bits;
  return net;
}

/// The top module: given by name, or chosen among the modules of `top_file` (-1: of all files)
/// as the one module that no module instantiates.
const ModuleAst& choose_top(const Context& ctx, const std::vector<ModuleAst>& modules,
                            const std::map<std::string, const ModuleAst*>& by_name, const std::string& top, int top_file) {
  if (!top.empty()) {
    auto it = by_name.find(top);
    if (it == by_name.end()) throw Diagnostic("top module '" + top + "' is not defined");
    return *it->second;
  }
  std::set<std::string> instantiated;
  for (const auto& m : modules)
    for (const auto& inst : m.instances)
      if (inst.module != m.name) instantiated.insert(inst.module);
  std::vector<const ModuleAst*> in_file, roots;
  for (const auto& m : modules)
    if (top_file < 0 || m.loc.file == top_file) in_file.push_back(&m);
  if (top_file >= 0 && in_file.size() == 1) return *in_file[0];
  for (const auto* m : in_file)
    if (!instantiated.count(m->name)) roots.push_back(m);
  if (roots.size() == 1) return *roots[0];
  const std::string& origin = (*ctx.sources)[static_cast<size_t>(std::max(top_file, 0))].path;
  if (in_file.empty()) throw Diagnostic(origin, 0, 0, "no module is defined");
  if (roots.empty()) throw Diagnostic(origin, 0, 0, "every module is instantiated by another one; there is no top module");
  std::string names;
  for (const auto* m : roots) names += (names.empty() ? "" : ", ") + m->name;
  throw Diagnostic(top_file >= 0 ? origin : fs::path(origin).parent_path().string(), 0, 0,
                   "several modules are instantiated by no other (" + names +
                       "); give the top module's .v file instead of the directory");
}

ir::Network read_sources(const std::vector<VerilogSource>& sources, const std::string& top, int top_file,
                         logicnets_stats* stats_out) {
  if (sources.empty()) throw Diagnostic("no Verilog sources");
  Context ctx{&sources};
  std::vector<ModuleAst> modules;
  for (size_t f = 0; f < sources.size(); ++f) {
    Lexer lexer(ctx, static_cast<int>(f), sources[f].text);
    Parser parser(ctx, lexer.run());
    for (auto& m : parser.parse_file()) modules.push_back(std::move(m));
  }
  std::map<std::string, const ModuleAst*> by_name;
  for (const auto& m : modules) {
    auto [it, fresh] = by_name.emplace(m.name, &m);
    if (!fresh) ctx.fail(m.loc, "module '" + m.name + "' is already defined at " + ctx.where(it->second->loc));
  }
  const ModuleAst& top_module = choose_top(ctx, modules, by_name, top, top_file);
  logicnets_stats st;
  st.top = top_module.name;
  st.files = sources.size();
  st.modules = modules.size();
  Elaborator el(ctx, by_name);
  Scope scope = el.elaborate_top(top_module);
  ir::Network net = build_network(ctx, top_module, el, scope, st);
  net.source_file = sources[static_cast<size_t>(top_module.loc.file)].path;

  std::string dropped;
  for (const auto& d : st.dropped_inputs) dropped += (dropped.empty() ? "" : ", ") + d;
  auto count = [](size_t n, const char* what) { return std::to_string(n) + " " + what + (n == 1 ? "" : "s"); };
  log::info("logicnets: top '" + st.top + "' (" + count(st.modules, "module") + " in " + count(st.files, "file") +
            "): " + count(st.neurons, "neuron") + ", " + count(net.inputs.size(), "input port") + ", " +
            count(net.outputs.size(), "output port"));
  if (st.register_instances > 0)
    log::info("logicnets: read " + count(st.register_instances, "register") + " (" + std::to_string(st.register_bits) +
              " bits) as wires" + (dropped.empty() ? "" : " and dropped clock/reset inputs " + dropped) +
              "; use --pipeline N to register the compiled design");
  if (stats_out) *stats_out = std::move(st);
  return net;
}

}  // namespace
}  // namespace detail

ir::Network read_logicnets_sources(const std::vector<VerilogSource>& sources, const std::string& top, logicnets_stats* stats) {
  return detail::read_sources(sources, top, -1, stats);
}

ir::Network read_logicnets(const std::string& path, logicnets_stats* stats) {
  std::error_code ec;
  fs::path given(path);
  if (!fs::exists(given, ec)) throw Diagnostic(path, 0, 0, "no such file or directory");
  const bool is_dir = fs::is_directory(given, ec);
  fs::path dir = is_dir ? given : given.parent_path();
  if (dir.empty()) dir = ".";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".v") files.push_back(entry.path());
  if (ec) throw Diagnostic(dir.string(), 0, 0, "cannot list the directory: " + ec.message());
  std::sort(files.begin(), files.end());
  if (files.empty()) throw Diagnostic(path, 0, 0, "no .v files in the directory");
  std::vector<VerilogSource> sources;
  int top_file = -1;
  for (const auto& f : files) {
    if (!is_dir && f.filename() == given.filename()) top_file = static_cast<int>(sources.size());
    sources.push_back(VerilogSource{f.string(), util::read_file(f)});
  }
  if (!is_dir && top_file < 0) throw Diagnostic(path, 0, 0, "not a .v file");
  ir::Network net = detail::read_sources(sources, "", top_file, stats);
  net.source_file = path;
  return net;
}

}  // namespace lutc::frontend
