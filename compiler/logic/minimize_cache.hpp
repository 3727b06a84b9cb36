#pragma once
// A content-addressed on-disk cache of minimization results.
//
// Key: hash of (engine version, engine, effort, lut_size, the tables and care sets). Value: the
// serialized LutNetwork in util::cache_dir()/"minimize"/<hash>, written atomically (temporary
// file + rename). A cached network is re-checked on the care set before use, so a corrupt or
// colliding entry is recomputed, never returned. No shared mutable state: safe on many threads.
#include <filesystem>
#include <optional>
#include <string>

#include "logic/minimize.hpp"

namespace lutc::logic {

/// Version of the engines' output; part of the key, bump when results change.
const char* minimize_engine_version();

/// The cache key (16 hex digits) of `f` under `ps`.
std::string minimize_cache_key(const MultiFunction& f, const minimize_params& ps);

/// Text serialization of a LUT network (with the engine that produced it).
std::string serialize_network(const LutNetwork& net, const std::string& engine);
/// Parses `serialize_network` output; returns nothing on any syntax or structure error.
std::optional<LutNetwork> deserialize_network(const std::string& text, std::string* engine = nullptr);

/// The default directory of minimization results: util::cache_dir()/"minimize".
std::filesystem::path default_minimize_cache_dir();

/// The cached network of `f` under `ps` in `dir` (default_minimize_cache_dir() when empty), if
/// an entry exists, parses, fits K and is right on the care set; sets st's luts, depth, engine.
std::optional<LutNetwork> lookup_cached(const MultiFunction& f, const minimize_params& ps, minimize_stats* st = nullptr,
                                        const std::filesystem::path& dir = {});

/// Stores `net` (made by `engine`) as the entry of `f` under `ps` in `dir`, atomically; a cache
/// that cannot be written is not an error (returns false).
bool store_cached(const MultiFunction& f, const minimize_params& ps, const LutNetwork& net, const std::string& engine,
                  const std::filesystem::path& dir = {});

/// `minimize` through the cache in `dir` (default util::cache_dir()/"minimize"); sets *hit.
LutNetwork minimize_cached(const MultiFunction& f, const minimize_params& ps, minimize_stats* st = nullptr,
                           bool* hit = nullptr, const std::filesystem::path& dir = {});

}  // namespace lutc::logic
