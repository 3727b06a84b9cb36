#!/usr/bin/env python3
"""Compares recorded reference outputs with `lutc eval --json` outputs, value by value.

Usage: tools/same_outputs.py WANT.csv[.gz] EVAL.json [--samples N]
WANT is a CSV with a header y0..y{m-1} (alkaid's CombLogic.predict outputs, as tools/ write
them); EVAL is `lutc eval OUT --data IN --json --rows 0`. Prints the number of differing values
(compared as float64) and exits 1 if any differ, or if the sample counts disagree.
"""
import argparse
import csv
import gzip
import json
import sys


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('want')
    p.add_argument('got')
    p.add_argument('--samples', type=int, help='expected number of samples')
    a = p.parse_args()
    f = gzip.open(a.want, 'rt') if a.want.endswith('.gz') else open(a.want)
    want = list(csv.reader(f))
    got = json.load(open(a.got))['outputs']
    if len(got) != len(want) - 1 or (a.samples is not None and len(got) != a.samples):
        expected = f', expected {a.samples}' if a.samples is not None else ''
        print(f'{a.got}: {len(got)} samples, {a.want} has {len(want) - 1}{expected}', file=sys.stderr)
        sys.exit(1)
    diff = sum(float(x) != y for row, out in zip(want[1:], got) for x, y in zip(row, out))
    values = sum(len(out) for out in got)
    print(f'{a.got}: {diff} differences from {a.want} in {values} values ({len(got)} samples)')
    sys.exit(1 if diff else 0)


if __name__ == '__main__':
    main()
