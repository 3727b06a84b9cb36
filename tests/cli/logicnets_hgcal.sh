# labels: tools slow
# A LogicNets-generated design (hgcal_quant2: 128 input bits, 32 + 16 case-ROM neurons, registers
# between layers) read straight from its Verilog: it compiles, verifies with 0 mismatches, Yosys
# counts the LUTs lutc reports, and -- the check that the frontend read the design right -- the
# ORIGINAL LogicNets RTL simulated in Verilator agrees with lutc's software model of it.
design=$LUTC_SHARED_DATA/logicnets_hgcal_quant2

"$LUTC" compile "$design" -o out -j 2
[ "$(json_get out/report.json design.top)" = logicnet ]
[ "$(json_get out/report.json design.inputs.0.name)" = M0_0 ]
[ "$(json_get out/report.json design.inputs.63.name)" = M0_63 ]
[ "$(json_get out/report.json design.outputs.15.name)" = M2_15 ]
"$LUTC" verify out --vectors 20000 | tee verify.txt
grep -Eq '^20000 vectors, 0 mismatches' verify.txt
"$LUTC" -q synth out
luts=$(json_get out/report.json luts)
[ "$luts" = "$(json_get out/synth/report.json luts)" ]
echo "lutc: $luts LUTs, depth $(json_get out/report.json depth) (Vivado on the original RTL: 121 LUT, 155 FF; Yosys: 117 LUT + 74 MUXF)"
readme_guard hgcal.luts "$luts"

# The registers LogicNets put between layers come back with --pipeline.
"$LUTC" compile "$design" -o piped --pipeline 1 -j 2
[ "$(json_get piped/report.json latency)" = 2 ]
"$LUTC" verify piped --vectors 20000 | grep -Eq '^20000 vectors, 0 mismatches'
"$LUTC" -q synth piped
[ "$(json_get piped/synth/report.json luts)" = "$(json_get piped/report.json luts)" ]
echo "lutc --pipeline 1: $(json_get piped/synth/report.json luts) LUTs, $(json_get piped/synth/report.json ff) FF"
[ "$(json_get piped/synth/report.json ff)" -gt 0 ]

# The original RTL against lutc's model: a verify directory whose design is LogicNets' own files
# plus a wrapper giving them lutc's ports (M0_k = M0[2k+1:2k], M2_k = M2[2k+1:2k], rst low).
# LogicNets registers the inputs (myreg before layer0) and layer0's outputs (before layer1):
# two rising edges from input to output, outputs combinational from the second register.
make_orig() {  # make_orig DIR: DIR/rtl holds the original files
  cp out/model.yaml "$1/"
  python3 - "$1" <<'PY'
import json, os, sys
d = sys.argv[1]
ins = ["M0_%d" % k for k in range(64)]
outs = ["M2_%d" % k for k in range(16)]
v = ["module logicnet_orig (input clk, %s, %s);" % (", ".join("input [1:0] " + n for n in ins),
                                                  ", ".join("output [1:0] " + n for n in outs)),
     "  wire [31:0] m2;",
     "  logicnet dut (.M0({%s}), .clk(clk), .rst(1'b0), .M2(m2));" % ", ".join(reversed(ins))]
v += ["  assign M2_%d = m2[%d:%d];" % (k, 2 * k + 1, 2 * k) for k in range(16)]
v.append("endmodule")
open(os.path.join(d, "rtl", "logicnet_orig.v"), "w").write("\n".join(v) + "\n")
files = sorted("rtl/" + f for f in os.listdir(os.path.join(d, "rtl")) if f.endswith(".v"))
design = {"top": "logicnet_orig", "target": "generic", "lut_size": 6, "pipeline": 1, "latency": 2,
          "inputs": [{"name": n, "width": 2} for n in ins], "outputs": [{"name": n, "width": 2} for n in outs],
          "rtl_files": files}
json.dump({"design": design}, open(os.path.join(d, "report.json"), "w"), indent=1)
PY
}
mkdir -p orig/rtl
cp "$design"/*.v orig/rtl/
chmod u+w orig/rtl/*.v  # the shared data is read-only
make_orig orig
"$LUTC" verify orig --vectors 20000 | tee orig.txt
grep -Eq '^20000 vectors, 0 mismatches' orig.txt

# It can fail: one case item of one neuron changed in the original RTL (layer1_N0 drives M2_0;
# its all-zero code is frequent because 7 layer0 neurons are constant 0) must give mismatches.
mkdir -p bad/rtl
cp "$design"/*.v bad/rtl/
chmod u+w bad/rtl/*.v
python3 - bad/rtl/layer1_N0.v <<'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
m = re.search(r"8'b00000000: M1r = 2'b([01]{2});", text)
assert m, "no item for code 0 in " + path
flipped = "".join("1" if c == "0" else "0" for c in m.group(1))
open(path, "w").write(text[:m.start(1)] + flipped + text[m.end(1):])
print("layer1_N0, code 0: 2'b%s -> 2'b%s" % (m.group(1), flipped))
PY
make_orig bad
set +e
"$LUTC" verify bad --vectors 20000 > bad.txt 2>&1
code=$?
set -e
cat bad.txt
[ "$code" -ne 0 ]
grep -Eq '^20000 vectors, [1-9][0-9]* mismatches' bad.txt
grep -q 'M2_0\[' bad.txt
