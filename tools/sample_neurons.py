#!/usr/bin/env python3
"""Writes every K-th neuron of a native lutc model (tables reading whole named values, as
tools/make_network.py and tools/train_logicnets.py make them) as its own one-table model, so a
bench can put a sample of a network's neurons through flows too slow for the whole network
(Yosys on 16-bit case ROMs: about a CPU minute per neuron).

    sample_neurons.py MODEL.yaml OUT_DIR --every K [--first F]

Neurons are taken in node order: F, F + K, F + 2K, ... Each goes to OUT_DIR/NAME.yaml with the
neuron's operands as primary inputs (same names and widths) and its value as output `y`. Prints
the chosen names, one per line.
"""
import argparse
import os
import sys

import yaml


def one_table_model(model, node):
    width = {i["name"]: i["width"] for i in model["inputs"]}
    width.update({n["name"]: n["width"] for n in model["nodes"]})
    if len(set(node["inputs"])) != len(node["inputs"]):
        sys.exit(f"sample_neurons: {node['name']} reads an operand twice; not supported")
    return {
        "format": model["format"],
        "name": "neuron_" + node["name"],
        "inputs": [{"name": x, "width": width[x]} for x in node["inputs"]],
        "nodes": [{"name": node["name"], "inputs": list(node["inputs"]), "width": node["width"], "table": node["table"]}],
        "outputs": [{"name": "y", "source": node["name"]}],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model")
    ap.add_argument("out_dir")
    ap.add_argument("--every", type=int, required=True, help="take every K-th neuron in node order")
    ap.add_argument("--first", type=int, default=0, help="index of the first neuron taken (default 0)")
    a = ap.parse_args()
    if a.every < 1 or a.first < 0:
        sys.exit("sample_neurons: --every must be >= 1 and --first >= 0")
    model = yaml.safe_load(open(a.model))
    os.makedirs(a.out_dir, exist_ok=True)
    for node in model["nodes"][a.first :: a.every]:
        path = os.path.join(a.out_dir, node["name"] + ".yaml")
        with open(path + ".tmp", "w") as f:
            yaml.safe_dump(one_table_model(model, node), f, sort_keys=False, width=1 << 20)
        os.replace(path + ".tmp", path)
        print(node["name"])


if __name__ == "__main__":
    main()
