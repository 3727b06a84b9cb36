# The Xilinx-target RTL with its behavioural LUT models also simulates in Icarus Verilog (not only
# Verilator): every input code of the example, compared with the software model.
model=$LUTC_SOURCE_DIR/examples/tiny_mlp.yaml
"$LUTC" -q compile "$model" -o out
top=$(json_get out/report.json design.top)
python3 - "$top" <<'PY'
import json, sys
top = sys.argv[1]
d = json.load(open("out/report.json"))["design"]
ins, outs = d["inputs"], d["outputs"]
total = sum(p["width"] for p in ins)
lines = ["`timescale 1ns/1ps", "module tb;"]
lines += [f"  reg [{p['width']-1}:0] {p['name']};" for p in ins]
lines += [f"  wire [{p['width']-1}:0] {p['name']};" for p in outs]
conn = ", ".join(f".{p['name']}({p['name']})" for p in ins + outs)
lines += [f"  {top} dut({conn});", "  integer code;", "  initial begin",
          f"    for (code = 0; code < {1 << total}; code = code + 1) begin"]
shift = 0
for p in ins:
    lines.append(f"      {p['name']} = code >> {shift};")
    shift += p["width"]
lines.append("      #1;")
lines.append('      $display("%0d' + " %0d" * len(outs) + '", code, ' + ", ".join(p["name"] for p in outs) + ");")
lines += ["    end", "    $finish;", "  end", "endmodule"]
open("tb.v", "w").write("\n".join(lines) + "\n")
with open("codes.csv", "w") as f:
    f.write(",".join(p["name"] for p in ins) + "\n")
    for code in range(1 << total):
        vals, s = [], 0
        for p in ins:
            vals.append(hex((code >> s) & ((1 << p["width"]) - 1)))
            s += p["width"]
        f.write(",".join(vals) + "\n")
PY
files=$(python3 -c 'import json; d=json.load(open("out/report.json"))["design"]; print(" ".join("out/" + f for f in d["rtl_files"]))')
iverilog -g2005 -o sim.vvp $files tb.v
vvp -n sim.vvp > icarus.txt
"$LUTC" eval "$model" --data codes.csv --json --rows 0 > model.json
python3 - <<'PY'
import json
outs = [p["name"] for p in json.load(open("out/report.json"))["design"]["outputs"]]
model = json.load(open("model.json"))["outputs"]
sim = [l.split() for l in open("icarus.txt") if l.strip() and l.split()[0].isdigit()]
assert len(sim) == len(model) == 256, (len(sim), len(model))
bad = [(int(r[0]), r[1:], m) for r, m in zip(sim, model) if [int(v) for v in r[1:]] != [m[o] for o in outs]]
print(f"{len(sim)} vectors, {len(bad)} mismatches (Icarus)")
assert not bad, bad[:3]
PY
