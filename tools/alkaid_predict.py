#!/usr/bin/env python3
"""alkaid's bit-exact reference outputs (CombLogic.predict, its C++ interpreter) for an ALIR model.

Input CSV: a header naming x0..x{n-1} (real values; each is quantized exactly as the model's input
ops do; other columns such as `label` are ignored). Output CSV: header y0..y{m-1}, one row per
sample, exact values (float64 shortest round-trip text; every output is a binary fraction).

Usage:
  tools/alkaid_predict.py MODEL.json[.gz]|MODEL.keras --data X.csv[.gz] -o Y.csv[.gz]
  tools/alkaid_predict.py MODEL.json --random N [--seed S] --inputs X.csv -o Y.csv
Random inputs: each input uniform over the grid of the quantizer(s) that read it (union of their
ranges, finest step), clipped to +-16; an input nothing reads gets standard normal values.
Runs in the venv of tools/setup_python.sh (re-executes itself there).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import alkaid_bridge as bridge  # noqa: E402


def main():
    parser = bridge.argument_parser(__doc__)
    parser.add_argument('model', help='ALIR model (.json, .json.gz) or Keras model (.keras, traced first)')
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument('--data', metavar='X.csv', help='input samples (header x0..x{n-1})')
    source.add_argument('--random', metavar='N', type=int, help='generate N random in-range inputs')
    parser.add_argument('--seed', type=int, default=7, help='seed of --random (default 7)')
    parser.add_argument('--inputs', metavar='X.csv', help='with --random: where to write the inputs (required)')
    parser.add_argument('-o', '--output', required=True, metavar='Y.csv', help='outputs y0..y{m-1} to write')
    args = parser.parse_args()
    if args.random is not None:
        if args.random < 0:
            parser.error('--random N needs N >= 0')
        if not args.inputs:
            parser.error('--random needs --inputs X.csv (where the generated inputs go)')
    elif args.inputs:
        parser.error('--inputs is only for --random')
    bridge.ensure_venv()
    logic = bridge.load_logic(args.model)
    n_in, n_out = logic.shape
    if args.random is not None:
        x = bridge.random_inputs(logic, args.random, args.seed)
    else:
        x, _ = bridge.read_csv(args.data, n_in)
    y = bridge.predict(logic, x)
    if args.random is not None:
        bridge.write_csv(args.inputs, [f'x{i}' for i in range(n_in)], x)
    bridge.write_csv(args.output, [f'y{i}' for i in range(n_out)], y)
    print(f'{args.output}: {len(y)} samples, {n_in} inputs -> {n_out} outputs', file=sys.stderr)


if __name__ == '__main__':
    bridge.run_main(main)
