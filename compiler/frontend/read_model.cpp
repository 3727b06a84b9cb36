#include "frontend/read_model.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "frontend/alir_json.hpp"
#include "frontend/pla_file.hpp"
#include "frontend/truth_file.hpp"
#include "frontend/verilog_rom.hpp"
#include "frontend/yaml_model.hpp"
#include "util/diagnostic.hpp"
#include "util/fs.hpp"

namespace lutc::frontend {

ir::Network read_model(const std::string& path, const mac_params& mac, mac_stats* stats) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".v" || std::filesystem::is_directory(path)) return read_verilog(path);
  if (is_alir_path(path)) return read_alir(path);
  if (ext != ".yaml" && ext != ".yml" && ext != ".truth" && ext != ".pla")
    throw Diagnostic(path, 0, 0, "unknown model file type '" + ext +
                                       "' (expected .yaml, .yml, .truth, .pla, ALIR .json/.json.gz, or Verilog: a .v file or a directory of them)");
  std::string text = util::read_file(path);
  if (ext == ".truth") return read_truth(path, text);
  if (ext == ".pla") return read_pla(path, text);
  return read_yaml_model(path, text, mac, stats);
}

}  // namespace lutc::frontend
