#!/usr/bin/env python3
"""Bench (on demand): approximate lut-na (A-LUT-NA) on the trained digits MLP (examples/digits_dense).

For the exact model (compile --mac auto) and for each approximation of its first layer
(mac: lut-na, chunk_bits k, group g, approx_bits t; docs/model-format.md#dense-layers): the
held-out accuracy (`lutc eval` on test.csv: the software model, which `lutc verify` shows equal to
the RTL), the max and mean absolute error of the 10 outputs against the exact model on 2000 random
inputs (seed 7), and LUT / CARRY / depth from `lutc synth`. Prints a Markdown table.

Usage: python3 bench/mac_approx_digits.py [build-dir]
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
lutc = str(Path(sys.argv[1] if len(sys.argv) > 1 else root / 'build').resolve() / 'lutc')
example = root / 'examples' / 'digits_dense'
variants = [None, (2, 3, 0), (2, 3, 3), (2, 3, 4), (2, 3, 5), (1, 6, 0), (1, 6, 4), (1, 6, 5)]


def run(*args, timeout=3600):
    return subprocess.run([lutc, *args], check=True, capture_output=True, text=True, timeout=timeout).stdout


def outputs_real(model_text, codes):
    fmt = re.search(r'name: y0, source: o\.0, fixed: \{signed: true, int_bits: (-?\d+), frac_bits: (-?\d+)', model_text)
    bits, frac = int(fmt.group(1)) + int(fmt.group(2)), int(fmt.group(2))
    def real(c):
        return ((c - (1 << bits)) if c >> (bits - 1) else c) / 2.0 ** frac
    return [[real(row[f'y{j}']) for j in range(10)] for row in codes]


def main():
    text = (example / 'model.yaml').read_text()
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        os.environ['LUTC_CACHE_DIR'] = str(work / 'cache')
        rng = random.Random(7)
        rand = work / 'random.csv'
        rand.write_text(','.join(f'x{i}' for i in range(64)) + '\n' +
                        ''.join(','.join(str(rng.randrange(16) / 8) for _ in range(64)) + '\n' for _ in range(2000)))
        print('| first layer | accuracy (held out) | max abs error | mean abs error | LUT | CARRY | depth |')
        print('|---|---|---|---|---|---|---|')
        exact = None
        for v in variants:
            model = work / f'm{len(str(v))}_{v and "_".join(map(str, v))}.yaml'
            t = text
            if v:
                k, g, a = v
                approx = f'      approx_bits: {a}\n' if a else ''
                t = t.replace('      activation: relu\n',
                              f'      activation: relu\n      mac: lut-na\n      chunk_bits: {k}\n      group: {g}\n' + approx, 1)
            model.write_text(t)
            acc = json.loads(run('eval', str(model), '--data', str(example / 'test.csv'), '--json'))['class_accuracy']
            values = outputs_real(t, json.loads(run('eval', str(model), '--data', str(rand), '--json'))['outputs'])
            if exact is None:
                exact = values
            errors = [abs(a - b) for ra, rb in zip(values, exact) for a, b in zip(ra, rb)]
            out = work / ('o' + model.stem)
            run('-q', 'compile', str(model), '-o', str(out), '-j', '2')
            run('-q', 'synth', str(out))
            s = json.loads((out / 'synth' / 'report.json').read_text())
            chosen = json.loads((out / 'report.json').read_text())['stages']['read']['dense'][0]
            label = (f'lut-na k={v[0]} g={v[1]} ' + (f'approx_bits={v[2]}' if v[2] else 'exact') if v else
                     f'exact (auto: {chosen["strategy"]})')
            print(f'| {label} | {100 * acc:.2f}% | {max(errors):g} | {sum(errors) / len(errors):.4f} | '
                  f'{s["luts"]} | {s["carry"]} | {s["depth"]} |', flush=True)


if __name__ == '__main__':
    main()
