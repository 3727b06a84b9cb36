#!/usr/bin/env python3
"""Writes lutc's LUT netlist (OUT/netlist.json) as BLIF, one .names per LUT, so ABC can
re-synthesize exactly what lutc emitted (benches measure what re-synthesis would still save).
Only netlists without adder cells (table networks).

    netlist_to_blif.py OUT/netlist.json OUT.blif
"""
import json
import sys


def main(netlist_path, out_path):
    d = json.load(open(netlist_path))
    if d.get("cells"):
        sys.exit("netlist_to_blif: netlists with adder cells are not supported")
    npi = d["num_pis"]

    def name(s):
        return "c0" if s == 0 else "c1" if s == 1 else f"pi{s - 2}" if s < 2 + npi else f"n{s}"

    out = [".model top", ".inputs " + " ".join(f"pi{i}" for i in range(npi)),
           ".outputs " + " ".join(f"po{i}" for i in range(len(d["pos"]))), ".names c0", ".names c1", "1"]
    for i, lut in enumerate(d["luts"]):
        fanins, init = lut["fanins"], int(lut["init"], 16)
        out.append(".names " + " ".join(name(f) for f in fanins) + " " + name(2 + npi + i))
        for r in range(1 << len(fanins)):
            if (init >> r) & 1:
                out.append("".join(str((r >> j) & 1) for j in range(len(fanins))) + " 1")
    for i, p in enumerate(d["pos"]):
        out += [f".names {name(p)} po{i}", "1 1"]
    out.append(".end")
    with open(out_path, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
