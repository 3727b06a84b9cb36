#!/usr/bin/env python3
"""Traces a trained HGQ2 Keras model into ALIR v4 JSON (alkaid's IR), the input of `lutc compile`.

The trace is the one the HGQ-LUT-AE reproduction flow uses: alkaid's `trace_model` with
HWConfig(1, -1, -1) and solver_options {'hard_dc': 2}, then the combinational `trace` (with
alkaid's optimization passes). Re-tracing the shared jsc_hlf models reproduces their model.json
byte for byte.

Usage: tools/keras_to_alir.py MODEL.keras -o MODEL.json[.gz]
Runs in the venv of tools/setup_python.sh (re-executes itself there).
"""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import alkaid_bridge as bridge  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog='Output ending in .gz is gzip-compressed. Written atomically.')
    parser.add_argument('model', help='trained Keras 3 model (.keras) with HGQ2 layers')
    parser.add_argument('-o', '--output', required=True, help='ALIR JSON to write (.json or .json.gz)')
    args = parser.parse_args()
    if Path(args.model).suffix not in ('.keras', '.h5'):
        raise bridge.BridgeError(f'{args.model}: expected a Keras model (.keras)')
    if not bridge.is_alir_path(args.output):
        raise bridge.BridgeError(f'{args.output}: the output must end in .json or .json.gz')
    bridge.ensure_venv()
    logic = bridge.load_logic(args.model)
    save_alir(logic, args.output)
    n_tables = len(logic.lookup_tables or ())
    print(f'{args.output}: {logic.shape[0]} inputs, {logic.shape[1]} outputs, {len(logic.ops)} ops, '
          f'{n_tables} lookup tables', file=sys.stderr)


def save_alir(logic, output):
    """CombLogic.save to a temporary sibling, renamed into place (no partial output on error)."""
    import os

    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    suffix = '.json.gz' if str(output).endswith('.gz') else '.json'
    tmp = output.with_name(f'.{output.name}.tmp{os.getpid()}{suffix}')
    try:
        logic.save(tmp)
        os.replace(tmp, output)
    finally:
        if tmp.exists():
            tmp.unlink()


if __name__ == '__main__':
    bridge.run_main(main)
