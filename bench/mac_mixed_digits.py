#!/usr/bin/env python3
"""Bench (on demand): mixed precision on the trained digits models (examples/digits_dense, the
MLP, and examples/digits_cnn, the CNN): tools/search_mixed_precision.py picks per-layer lut-na
chunk sizes and approximations under a 1% accuracy budget on a calibration set (600 training
samples, never the held-out split); the exact model (`compile --mac auto`) and the mixed one are
each compiled, verified in Verilator against their software model (`lutc verify --data test.csv`:
random vectors plus the held-out samples), synthesized (`lutc synth`), and compared: held-out
accuracy (`lutc eval`), max and mean absolute error of the 10 outputs (real units) against the
exact model on 2000 random inputs (seed 7), LUT / CARRY / depth. Prints a Markdown table.

Usage: python3 bench/mac_mixed_digits.py [build-dir] [--budget 0.01]
"""
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

root = Path(__file__).resolve().parent.parent
args = [a for a in sys.argv[1:] if not a.startswith('--')]
budget = sys.argv[sys.argv.index('--budget') + 1] if '--budget' in sys.argv else '0.01'
if budget in args:
    args.remove(budget)
lutc = str(Path(args[0] if args else root / 'build').resolve() / 'lutc')
models = ['digits_dense', 'digits_cnn']


def run(*cmd, timeout=7200):
    return subprocess.run(list(cmd), check=True, capture_output=True, text=True, timeout=timeout).stdout


def outputs_real(model_text, codes):
    fmt = re.search(r'name: y0, source: o\.0, fixed: \{signed: true, int_bits: (-?\d+), frac_bits: (-?\d+)', model_text)
    bits, frac = int(fmt.group(1)) + int(fmt.group(2)), int(fmt.group(2))

    def real(c):
        return ((c - (1 << bits)) if c >> (bits - 1) else c) / 2.0 ** frac
    return [[real(row[f'y{j}']) for j in range(10)] for row in codes]


def main():
    python = run('bash', str(root / 'tools' / 'setup_python.sh')).strip().splitlines()[-1]
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        os.environ['LUTC_CACHE_DIR'] = str(work / 'cache')
        rng = random.Random(7)
        rand = work / 'random.csv'
        rand.write_text(','.join(f'x{i}' for i in range(64)) + '\n' +
                        ''.join(','.join(str(rng.randrange(16) / 8) for _ in range(64)) + '\n' for _ in range(2000)))
        print(f'budget {budget}; lutc {lutc}')
        print()
        print('| model | layers | calibration accuracy | held-out accuracy | max abs error | mean abs error | LUT | CARRY | depth | '
              'verify (vectors, mismatches; RTL accuracy) |')
        print('|---|---|---|---|---|---|---|---|---|---|')
        for name in models:
            example = root / 'examples' / name
            exact_text = (example / 'model.yaml').read_text()
            mixed = work / f'{name}_mixed.yaml'
            found = json.loads(run(python, str(root / 'tools' / 'search_mixed_precision.py'), str(example / 'model.yaml'), '-o',
                                   str(mixed), '--lutc', lutc, '--budget', budget))
            exact_values = None
            for label, path in (('exact (auto)', example / 'model.yaml'), ('mixed', mixed)):
                text = path.read_text()
                acc = json.loads(run(lutc, 'eval', str(path), '--data', str(example / 'test.csv'), '--json'))['class_accuracy']
                values = outputs_real(text, json.loads(run(lutc, 'eval', str(path), '--data', str(rand), '--json'))['outputs'])
                exact_values = exact_values or values
                errors = [abs(a - b) for ra, rb in zip(values, exact_values) for a, b in zip(ra, rb)]
                out = work / f'o_{name}_{label.split()[0]}'
                run(lutc, '-q', 'compile', str(path), '-o', str(out), '-j', '2')
                ver = run(lutc, 'verify', str(out), '--vectors', '2000', '--data', str(example / 'test.csv'))
                vm = re.search(r'^(\d+) vectors, (\d+) mismatches', ver, flags=re.M)
                am = re.search(r'([\d.]+)% in RTL simulation', ver)
                run(lutc, '-q', 'synth', str(out))
                s = json.loads((out / 'synth' / 'report.json').read_text())
                dense = json.loads((out / 'report.json').read_text())['stages']['read']['dense']
                layers = ', '.join(f'{d["layer"]}: {d["strategy"]}' + (f' k={d["chunk_bits"]} t={d["approx_bits"]}' if d['strategy'] == 'lut-na' else '')
                                   for d in dense)
                calib = found['calibration_accuracy_exact'] if label.startswith('exact') else found['calibration_accuracy']
                print(f'| {name} {label} | {layers} | {100 * calib:.2f}% | {100 * acc:.2f}% | {max(errors):g} | '
                      f'{sum(errors) / len(errors):.4f} | {s["luts"]} | {s["carry"]} | {s["depth"]} | '
                      f'{vm.group(1)}, {vm.group(2)}; {am.group(1) if am else "?"}% |', flush=True)


if __name__ == '__main__':
    main()
