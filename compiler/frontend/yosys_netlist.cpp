#include "frontend/yosys_netlist.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "util/diagnostic.hpp"
#include "util/fs.hpp"
#include "util/process.hpp"

namespace lutc::frontend {
namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;  // keeps Yosys's port order

std::string YosysNetlist::net_name(uint32_t net) const {
  if (net <= 1) return net ? "1'b1" : "1'b0";
  auto it = names.find(net);
  return it == names.end() ? "an internal net" : it->second;
}

void YosysNetlist::fail(const SourceLoc& loc, const std::string& message) const {
  throw Diagnostic(loc.file.empty() ? origin : loc.file, loc.line, loc.col, message);
}

uint64_t yosys_binary_value(const std::string& s) {
  uint64_t v = 0;
  for (char c : s) v = (v << 1) | (c == '1' ? 1 : 0);
  return v;
}

namespace detail {
namespace {  // internal linkage: other frontends have their own detail helpers

// Yosys warnings that are errors here: deep recursion (on 5,000 nested {} Yosys spins for
// minutes, on 200k unary minus signs it crashes), out-of-range selects and port width
// mismatches (Yosys would read x or pad, silently changing the function).
constexpr const char* kFatalWarnings = "Deep recursion|out of bounds|Resizing cell port";

struct Context {
  const std::map<std::string, std::string>* user_paths = nullptr;
  std::string origin;

  std::string user_file(const std::string& yosys_path) const {
    auto it = user_paths->find(yosys_path);
    return it == user_paths->end() ? yosys_path : it->second;
  }
  /// Yosys `src` attributes read "file:line.col-line.col", joined by '|' through hierarchy.
  SourceLoc loc(const Json& attributes) const {
    SourceLoc l;
    if (!attributes.is_object() || !attributes.contains("src")) return l;
    std::string src = attributes["src"].get<std::string>();
    src = src.substr(0, src.find('|'));
    size_t colon = src.rfind(':');
    if (colon == std::string::npos) return l;
    l.file = user_file(src.substr(0, colon));
    if (std::sscanf(src.c_str() + colon + 1, "%d.%d", &l.line, &l.col) < 1) l.line = l.col = 0;
    return l;
  }
  [[noreturn]] void fail(const SourceLoc& l, const std::string& message) const {
    throw Diagnostic(l.file.empty() ? origin : l.file, l.line, l.col, message);
  }
};

/// A private temporary directory, removed with everything in it.
struct ScratchDir {
  fs::path path;
  ScratchDir() {
    std::string pattern = (fs::temp_directory_path() / "lutc-yosys-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw Diagnostic("cannot create a temporary directory in " + fs::temp_directory_path().string());
    path = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
};

/// The first Yosys error as one Diagnostic; "FILE:LINE: ERROR: msg" keeps its location.
[[noreturn]] void yosys_error(const Context& ctx, const util::ProcessResult& r, int timeout) {
  if (r.exit_code == 124 || r.exit_code == 128 + 9)
    throw Diagnostic(ctx.origin, 0, 0, "yosys failed: no result after " + std::to_string(timeout) + " s (timeout)");
  size_t pos = r.output.find("ERROR:");
  if (pos == std::string::npos) {
    std::string how = r.exit_code > 128 ? "signal " + std::to_string(r.exit_code - 128) : "exit code " + std::to_string(r.exit_code);
    std::string last = r.output.substr(0, r.output.find_last_not_of(" \n") + 1);
    last = last.substr(last.rfind('\n') + 1);
    throw Diagnostic(ctx.origin, 0, 0, "yosys failed (" + how + ")" + (last.empty() ? "" : ": " + last));
  }
  size_t start = r.output.rfind('\n', pos);
  start = start == std::string::npos ? 0 : start + 1;
  size_t end = r.output.find("\n\n", pos);  // a message may continue on the next lines
  std::string line = r.output.substr(start, end == std::string::npos ? std::string::npos : end - start);
  std::replace(line.begin(), line.end(), '\n', ' ');
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
  // Either "t.v:2: ERROR: msg" or "ERROR: msg" (msg possibly starting with "t.v:2: ").
  const size_t err = line.find("ERROR: ");
  std::string before = line.substr(0, err), message = line.substr(err + 7);
  std::string located = before.empty() ? message : before;
  size_t sep = located.find(": ");
  if (sep != std::string::npos) {
    std::string head = located.substr(0, sep);
    size_t colon = head.rfind(':');
    bool digits = colon != std::string::npos && colon + 1 < head.size() && colon + 10 > head.size() &&
                  std::all_of(head.begin() + static_cast<long>(colon) + 1, head.end(),
                              [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
    if (digits)
      throw Diagnostic(ctx.user_file(head.substr(0, colon)), std::stoi(head.substr(colon + 1)), 0,
                       before.empty() ? located.substr(sep + 2) : message);
  }
  throw Diagnostic(ctx.origin, 0, 0, "yosys failed: " + message);
}

Json run_yosys(const Context& ctx, const std::vector<std::string>& files, const fs::path& cwd, const ScratchDir& scratch,
               const yosys_params& ps, double& seconds) {
  std::string script;
  auto quoted = [](const std::string& s) {
    if (s.find('"') != std::string::npos) throw Diagnostic(s, 0, 0, "file names with '\"' are not supported");
    return "\"" + s + "\"";
  };
  for (const auto& f : files) script += "read_verilog -noautowire " + quoted(f) + "\n";
  if (std::any_of(ps.top.begin(), ps.top.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)) || c == '"'; }))
    throw Diagnostic(ctx.origin, 0, 0, "bad top module name '" + ps.top + "'");
  script += "hierarchy -check" + (ps.top.empty() ? std::string() : " -top " + ps.top) + "\n";
  script += "proc\nopt_dff\nopt_clean\nwrite_json " + quoted((scratch.path / "design.json").string()) + "\n";
  util::write_file(scratch.path / "read.ys", script);
  auto t0 = std::chrono::steady_clock::now();
  // coreutils timeout: the Yosys run may not hang lutc (util::run_process has no timeout yet).
  auto r = util::run_process({"timeout", "-k", "5", std::to_string(ps.timeout_seconds), ps.yosys, "-q", "-e",
                              kFatalWarnings, "-s", (scratch.path / "read.ys").string()},
                             cwd);
  seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (r.exit_code != 0) yosys_error(ctx, r, ps.timeout_seconds);
  try {
    return Json::parse(util::read_file(scratch.path / "design.json"));
  } catch (const Json::exception& e) {
    throw Diagnostic(ctx.origin, 0, 0, std::string("yosys wrote unreadable JSON: ") + e.what());
  }
}

std::string display_name(const std::string& module, const Json& m) {
  if (m.contains("attributes") && m["attributes"].contains("hdlname")) {
    std::string h = m["attributes"]["hdlname"].get<std::string>();
    return !h.empty() && h[0] == '\\' ? h.substr(1) : h;
  }
  return module;
}

std::string json_text(const Json& j) { return j.is_string() ? j.get<std::string>() : j.dump(); }

class Flattener {
 public:
  Flattener(const Context& ctx, const Json& modules, YosysNetlist& out) : ctx_(ctx), modules_(modules), out_(out) {}

  /// Instantiates `module` under `path`; returns its ports' nets.
  std::map<std::string, std::vector<uint32_t>> instantiate(const std::string& module, const std::string& path,
                                                            std::vector<std::string>& stack) {
    const Json& m = modules_[module];
    std::unordered_map<int64_t, uint32_t> local;
    auto bits_of = [&](const Json& list) {
      std::vector<uint32_t> out;
      for (const auto& b : list) {
        if (b.is_string()) {
          out.push_back(b.get<std::string>() == "1" ? kNet1 : kNet0);
          continue;
        }
        auto [it, fresh] = local.try_emplace(b.get<int64_t>(), 0);
        if (fresh) it->second = fresh_net();
        out.push_back(it->second);
      }
      return out;
    };
    auto qualified = [&](const std::string& name) { return path.empty() ? name : path + "." + name; };
    for (const auto& [name, n] : m["netnames"].items()) {
      if (n.value("hide_name", 0) != 0) continue;
      auto bits = bits_of(n["bits"]);
      for (size_t i = 0; i < bits.size(); ++i)
        names_.push_back({bits[i], qualified(name) + (bits.size() > 1 ? "[" + std::to_string(i) + "]" : "")});
    }
    if (m.contains("memories"))
      for (const auto& [memid, mem] : m["memories"].items())
        out_.memories[YosysNetlist::memory_key(path, memid)] =
            YosysMemory{mem.value("start_offset", int64_t{0}), mem.value("size", int64_t{0}), ctx_.loc(mem["attributes"])};
    // Cells in source order (Yosys writes them sorted by name), so tables keep the order of the Verilog.
    std::vector<std::pair<SourceLoc, std::string>> order;
    for (const auto& [name, c] : m["cells"].items()) order.push_back({ctx_.loc(c["attributes"]), name});
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
      return std::tie(a.first.file, a.first.line, a.first.col) < std::tie(b.first.file, b.first.line, b.first.col);
    });
    const std::string shown = display_name(module, m);
    for (const auto& [loc, name] : order) {
      const Json& c = m["cells"][name];
      const std::string type = c["type"].get<std::string>();
      if (!modules_.contains(type)) {
        if (type.empty() || type[0] != '$') ctx_.fail(loc, "module '" + type + "' (instance '" + name + "') is not defined");
        YosysCell cell{type, name, path, shown, {}, {}, {}, loc};
        for (const auto& [k, v] : c["parameters"].items()) cell.params[k] = json_text(v);
        for (const auto& [k, v] : c["port_directions"].items()) cell.is_output[k] = v == "output";
        for (const auto& [port, list] : c["connections"].items()) cell.conns[port] = bits_of(list);
        out_.cells.push_back(std::move(cell));
        continue;
      }
      if (std::find(stack.begin(), stack.end(), type) != stack.end()) ctx_.fail(loc, "module '" + type + "' instantiates itself");
      stack.push_back(type);
      auto ports = instantiate(type, qualified(name), stack);
      stack.pop_back();
      const Json& child = modules_[type];
      for (const auto& [port, list] : c["connections"].items()) {
        auto outer = bits_of(list);
        auto it = ports.find(port);
        if (it == ports.end()) ctx_.fail(loc, "module '" + display_name(type, child) + "' has no port '" + port + "'");
        for (size_t i = 0; i < std::min(outer.size(), it->second.size()); ++i) unite(outer[i], it->second[i], loc);
        if (child["ports"][port]["direction"] == "output")
          out_.instance_ports.push_back({qualified(name), display_name(type, child), port, it->second, loc});
      }
    }
    std::map<std::string, std::vector<uint32_t>> ports;
    for (const auto& [name, p] : m["ports"].items()) ports[name] = bits_of(p["bits"]);
    return ports;
  }

  /// Replaces every net id by its representative and records the names.
  void finish() {
    auto root = [&](std::vector<uint32_t>& bits) {
      for (auto& b : bits) b = find(b);
    };
    for (auto& c : out_.cells)
      for (auto& [port, bits] : c.conns) root(bits);
    for (auto& p : out_.instance_ports) root(p.bits);
    for (auto& p : out_.ports) root(p.bits);
    for (const auto& [net, name] : names_) out_.names.emplace(find(net), name);
    out_.num_nets = parent_.size();
  }

 private:
  uint32_t find(uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  uint32_t fresh_net() {
    parent_.push_back(static_cast<uint32_t>(parent_.size()));
    return parent_.back();
  }
  void unite(uint32_t a, uint32_t b, const SourceLoc& loc) {
    a = find(a);
    b = find(b);
    if (a == b) return;
    if (a <= kNet1 && b <= kNet1) ctx_.fail(loc, "a port connection ties constant 0 to constant 1");
    parent_[std::max(a, b)] = std::min(a, b);  // constants stay representatives
  }

  const Context& ctx_;
  const Json& modules_;
  YosysNetlist& out_;
  std::vector<uint32_t> parent_ = {kNet0, kNet1};
  std::vector<std::pair<uint32_t, std::string>> names_;
};

/// The top: given, or among the modules of `top_file` ("" = all) the one no module instantiates.
std::string choose_top(const Context& ctx, const Json& modules, const std::string& top, const std::string& top_file) {
  if (!top.empty()) {
    if (!modules.contains(top)) throw Diagnostic(ctx.origin, 0, 0, "top module '" + top + "' is not defined");
    return top;
  }
  std::set<std::string> instantiated;
  for (const auto& [name, m] : modules.items())
    for (const auto& [cname, c] : m["cells"].items()) {
      std::string type = c["type"].get<std::string>();
      if (modules.contains(type)) instantiated.insert(display_name(type, modules[type]));
    }
  std::vector<std::string> in_file, roots;
  for (const auto& [name, m] : modules.items()) {
    if (name[0] == '$') continue;  // derived (parameterized) copies
    if (top_file.empty() || ctx.loc(m["attributes"]).file == top_file) in_file.push_back(name);
  }
  if (!top_file.empty() && in_file.size() == 1) return in_file[0];
  for (const auto& name : in_file)
    if (!instantiated.count(name)) roots.push_back(name);
  if (roots.size() == 1) return roots[0];
  const std::string where = top_file.empty() ? ctx.origin : top_file;
  if (in_file.empty()) throw Diagnostic(where, 0, 0, "no module is defined");
  if (roots.empty()) throw Diagnostic(where, 0, 0, "every module is instantiated by another one; there is no top module");
  std::string names;
  for (const auto& n : roots) names += (names.empty() ? "" : ", ") + n;
  throw Diagnostic(where, 0, 0, "several modules are instantiated by no other (" + names + "); " +
                                    (top_file.empty() ? "give the top module's .v file instead of the directory"
                                                      : "put the top module in a file of its own"));
}

}  // namespace
}  // namespace detail

YosysNetlist read_yosys_netlist(const std::vector<VerilogSource>& sources, bool on_disk, const std::string& top_file,
                                const std::string& origin, const yosys_params& ps) {
  if (sources.empty()) throw Diagnostic(origin, 0, 0, "no Verilog sources");
  detail::ScratchDir scratch;
  std::map<std::string, std::string> user_paths;  // as Yosys names the file -> as the user does
  std::vector<std::string> files;
  for (size_t i = 0; i < sources.size(); ++i) {
    std::string name = on_disk ? sources[i].path : "f" + std::to_string(i) + ".v";
    if (!on_disk) util::write_file(scratch.path / name, sources[i].text);
    user_paths[name] = sources[i].path;
    files.push_back(name);
  }
  detail::Context ctx{&user_paths, origin};
  YosysNetlist out;
  out.origin = origin;
  out.files = sources.size();
  Json design = detail::run_yosys(ctx, files, on_disk ? fs::path() : scratch.path, scratch, ps, out.yosys_seconds);
  const Json& modules = design["modules"];
  std::set<std::string> written;
  for (const auto& [name, m] : modules.items()) written.insert(detail::display_name(name, m));
  out.modules = written.size();
  const std::string top = detail::choose_top(ctx, modules, ps.top, top_file);
  const Json& m = modules[top];
  out.top = detail::display_name(top, m);
  out.top_loc = ctx.loc(m["attributes"]);
  detail::Flattener flat(ctx, modules, out);
  std::vector<std::string> stack{top};
  auto ports = flat.instantiate(top, "", stack);
  for (const auto& [name, p] : m["ports"].items()) {
    std::string dir = p["direction"].get<std::string>();
    SourceLoc loc = m["netnames"].contains(name) ? ctx.loc(m["netnames"][name]["attributes"]) : out.top_loc;
    if (dir == "inout") ctx.fail(loc, "inout port '" + name + "' is not supported");
    out.ports.push_back(YosysPort{name, dir == "input", ports[name], loc});
  }
  flat.finish();
  return out;
}

}  // namespace lutc::frontend
