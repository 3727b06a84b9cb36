#!/usr/bin/env python3
"""Writes a native lutc model (tables reading whole named values, as tools/make_network.py makes
them) as LogicNets-style Verilog: one module per neuron holding its table as a `case` ROM, and a
top module wiring them. This is the form the LogicNets flow hands to synthesis, so benches can
compare lutc with Yosys on the same network.

    network_to_case_rom.py MODEL.yaml OUT.v
"""
import sys

import yaml


def main(model_path, out_path):
    model = yaml.safe_load(open(model_path))
    width = {i["name"]: i["width"] for i in model["inputs"]}
    lines = []
    for node in model["nodes"]:
        bits = sum(width[x] for x in node["inputs"])
        w = node["width"]
        width[node["name"]] = w
        value = int(node["table"].replace(" ", "").replace("\n", ""), 16)
        lines.append(f"module rom_{node['name']} (input [{bits - 1}:0] x, output reg [{w - 1}:0] y);")
        lines.append("  always @* case (x)")
        for r in range(1 << bits):
            lines.append(f"    {bits}'d{r}: y = {w}'d{(value >> (r * w)) & ((1 << w) - 1)};")
        lines.append("  endcase")
        lines.append("endmodule")
    ports = [f"input [{i['width'] - 1}:0] {i['name']}" for i in model["inputs"]]
    ports += [f"output [{width[o['source']] - 1}:0] {o['name']}" for o in model["outputs"]]
    lines.append(f"module {model.get('name', 'top')} ({', '.join(ports)});")
    for node in model["nodes"]:
        lines.append(f"  wire [{node['width'] - 1}:0] {node['name']};")
        # Operand 0 in the least significant index bits: it goes last in the concatenation.
        index = "{" + ", ".join(reversed(node["inputs"])) + "}"
        lines.append(f"  rom_{node['name']} u_{node['name']} (.x({index}), .y({node['name']}));")
    for o in model["outputs"]:
        lines.append(f"  assign {o['name']} = {o['source']};")
    lines.append("endmodule")
    with open(out_path, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
