#!/usr/bin/env bash
# A longer fuzzing run: every reader for SECONDS (default 600) seconds.
exec bash "$(dirname "$0")/../tools/fuzz.sh" "${1:-600}"
