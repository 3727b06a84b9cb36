#include "passes/pass_registry.hpp"

#include "util/diagnostic.hpp"

namespace lutc::passes {
namespace {

using nlohmann::json;

/// Params of one run: the defaults, overridden field by field by `given`.
template <class Params>
Params params_from(const json& given) {
  json merged = Params{};
  if (given.is_object()) merged.update(given);
  try {
    return merged.get<Params>();
  } catch (const json::exception& e) {
    throw Diagnostic(std::string("bad pass parameter: ") + e.what());
  }
}

std::vector<Pass> make_registry() {
  std::vector<Pass> r;
  r.push_back({"retable",
               "turn arithmetic reading at most `lut_inputs` bits into tables, and re-index tables by their cone's "
               "leaves when that is narrower (or stays within `lut_inputs` bits)",
               json(retable_params{}), [](ir::Network& net, const json& p, const pass_context& ctx) {
                 return json(retable(net, params_from<retable_params>(p), ctx.costs));
               }});
  r.push_back({"fuse_sums",
               "fuse adder trees into multi-operand sums (one carry chain each): an exact adder, negation or quantizer "
               "read only by a sum becomes part of it",
               json(fuse_sums_params{}), [](ir::Network& net, const json& p, const pass_context&) {
                 return json(fuse_sums(net, params_from<fuse_sums_params>(p)));
               }});
  r.push_back({"narrow_bits",
               "give adders, quantizers, relus and tables read only by arithmetic the narrowest format holding every "
               "value they can take (interval and zero-LSB analysis): constant high bits and zero low bits leave carry chains",
               json(narrow_bits_params{}), [](ir::Network& net, const json& p, const pass_context&) {
                 return json(narrow_bits(net, params_from<narrow_bits_params>(p)));
               }});
  r.push_back({"prune",
               "remove what cannot change a known output: empty operands, constants (folded into readers), unused "
               "index bits, unread output bits, dead nodes",
               json(prune_params{}), [](ir::Network& net, const json& p, const pass_context&) {
                 return json(prune(net, params_from<prune_params>(p)));
               }});
  r.push_back({"share_tables", "merge nodes that compute the same thing from the same operands",
               json(share_tables_params{}), [](ir::Network& net, const json& p, const pass_context&) {
                 return json(share_tables(net, params_from<share_tables_params>(p)));
               }});
  r.push_back({"reachability", "make table rows no input code can reach don't cares (care_source: reachability)",
               json(reachability_params{}), [](ir::Network& net, const json& p, const pass_context&) {
                 return json(reachability(net, params_from<reachability_params>(p)));
               }});
  json ddc = data_dont_cares_params{};
  ddc["data"] = "";
  r.push_back({"data_dont_cares",
               "make table rows a data set reads fewer than `rarity` times don't cares (care_source: data_sample); "
               "needs `data` (lutc opt --data FILE)",
               ddc, [](ir::Network& net, const json& p, const pass_context& ctx) {
                 const sample_loader& load = ctx.load_samples;
                 std::string file = p.is_object() ? p.value("data", std::string()) : std::string();
                 if (file.empty()) throw Diagnostic("pass data_dont_cares needs a data set (lutc opt --data FILE)");
                 if (!load) throw std::logic_error("data_dont_cares: no sample loader given");
                 json rest = p;
                 rest.erase("data");
                 return json(data_dont_cares(net, load(file, net), params_from<data_dont_cares_params>(rest)));
               }});
  return r;
}

std::string valid_names() {
  std::string s;
  for (const auto& p : pass_registry()) s += (s.empty() ? "" : ", ") + p.name;
  return s;
}

}  // namespace

const std::vector<Pass>& pass_registry() {
  static const std::vector<Pass> registry = make_registry();
  return registry;
}

const Pass& find_pass(const std::string& name) {
  for (const auto& p : pass_registry())
    if (p.name == name) return p;
  throw Diagnostic("unknown pass '" + name + "' (valid passes: " + valid_names() + ")");
}

std::vector<std::string> parse_pass_list(const std::string& list) {
  std::vector<std::string> names;
  size_t start = 0;
  while (true) {
    size_t comma = list.find(',', start);
    std::string name = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (name.empty()) throw Diagnostic("empty pass name in '" + list + "' (valid passes: " + valid_names() + ")");
    names.push_back(find_pass(name).name);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return names;
}

const std::vector<std::string>& default_pipeline() {
  static const std::vector<std::string> pipeline = {"retable", "prune", "share_tables", "reachability", "prune"};
  return pipeline;
}

std::vector<pass_run> run_passes(ir::Network& net, const std::vector<std::string>& names, const run_passes_params& ps) {
  std::vector<pass_run> runs;
  for (const auto& name : names) {
    const Pass& pass = find_pass(name);
    json params = ps.params.is_object() && ps.params.contains(name) ? ps.params[name] : json::object();
    runs.push_back({name, pass.run(net, params, ps.context)});
    net.check_invariants();
    if (ps.after_pass) ps.after_pass(name, net);
  }
  return runs;
}

}  // namespace lutc::passes
