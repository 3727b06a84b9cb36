#pragma once
// Table-to-logic: turn a multi-output Boolean function with a care set into a K-LUT network.
//
// This header is the one entry point the rest of the compiler uses. Engines live in their own
// header/source pairs (`decompose`, `abc_engine`, ...); `minimize` dispatches, checks the result
// exactly on the care set, and throws `MinimizeError` if any engine produced a wrong network.
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "logic/lut_network.hpp"
#include "tt/truth_table.hpp"

namespace lutc::logic {

/// A multi-output function: output j is `on[j]` wherever `care[j]` is 1, free elsewhere.
struct MultiFunction {
  int num_vars = 0;
  std::vector<TruthTable> on;
  std::vector<TruthTable> care;  // same size as `on`; all-ones means fully specified
};

/// builtin: lutc's decomposition engine; abc: berkeley-abc as a subprocess; portfolio: both,
/// keep the better (ABC is skipped when builtin already meets `lut_count_lower_bound`);
/// automatic: a table of at most K inputs goes to builtin alone (one LUT per distinct output is
/// optimal); every wider table to the portfolio, so no table costs more than ABC's flow. With
/// sampled care sets the portfolio keeps the result that generalizes better instead.
enum class Engine { builtin, abc, portfolio, automatic };

struct minimize_params {
  int lut_size = 6;               // K, 4..6
  Engine engine = Engine::automatic;  // fewest LUTs for the time (docs/minimize.md)
  int effort = 1;                 // engine-specific search effort (0 = fastest)
  bool care_is_sample = false;    // the care set is data seen in training (not reachability): the
                                  // don't-care assignment should generalize, not only be small
  std::string abc_binary = "berkeley-abc";
  bool verbose = false;
  int threads = 1;                // threads inside one table (builtin trials; same result for any count)
  // What the portfolio minimizes (ties: depth); empty = LUTs. `cost_name` names it in cache keys
  // (lowering for Xilinx counts LUTs after MUXF7/MUXF8 mapping: backend/muxf_regions.hpp).
  std::function<size_t(const LutNetwork&)> network_cost;
  std::string cost_name;
};

/// `net`'s cost under `ps.network_cost` (its LUTs when none is set).
inline size_t network_cost_of(const minimize_params& ps, const LutNetwork& net) {
  return ps.network_cost ? ps.network_cost(net) : net.num_luts();
}

/// Network costs by name (minimize_params::cost_name), so a job solved in another process
/// (`lutc minimize-job`) picks as the compile that planned it: the CLI registers the backend's.
void register_network_cost(const std::string& name, std::function<size_t(const LutNetwork&)> cost);
/// The cost registered under `name`, or an empty function.
std::function<size_t(const LutNetwork&)> named_network_cost(const std::string& name);

struct minimize_stats {
  size_t luts = 0;
  int depth = 0;
  double seconds = 0;
  std::string engine_used;        // which engine's result was kept
};

class MinimizeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// "builtin", "abc" or "portfolio".
const char* engine_name(Engine e);

/// Minimizes `f` into a LUT network with f.num_vars primary inputs and f.on.size() outputs.
/// The result is verified against `f` on its care set; a wrong result throws MinimizeError.
LutNetwork minimize(const MultiFunction& f, const minimize_params& ps, minimize_stats* st = nullptr);

/// Exact check of `net` against `f` on the care set; on failure returns false and describes
/// the first wrong output and minterm in `why`.
bool check_on_care_set(const LutNetwork& net, const MultiFunction& f, std::string* why = nullptr);

}  // namespace lutc::logic
