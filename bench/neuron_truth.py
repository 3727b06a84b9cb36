#!/usr/bin/env python3
"""Writes one LogicNets-style neuron table as an IWLS .truth file, for the table-width bench.

The neuron is made exactly as tools/make_network.py makes its neurons (`fanin` operands of `bits`
bits, random weights and bias, `bits`-bit ReLU), so its index width is fanin x bits. One line per
output bit, most significant minterm first.

Usage: python3 bench/neuron_truth.py --fanin 4 --bits 4 --seed 1 -o n16.truth
"""
import argparse
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from make_network import neuron_rows  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fanin", type=int, required=True)
    ap.add_argument("--bits", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    weights = [rng.uniform(-1, 1) for _ in range(a.fanin)]
    bias = rng.uniform(-0.5, 1.0)
    scale = (1 << a.bits) / (0.5 * a.fanin * ((1 << a.bits) - 1))
    rows = neuron_rows(a.fanin, a.bits, weights, bias, scale)
    with open(a.output, "w") as f:
        for b in range(a.bits):
            f.write("".join("1" if (rows[m] >> b) & 1 else "0" for m in range(len(rows) - 1, -1, -1)) + "\n")


if __name__ == "__main__":
    main()
