# A hand-written Verilog design (not LogicNets-generated) read through Yosys: a small case ROM
# (Yosys keeps it as $pmux logic), a 64-entry case ROM (Yosys infers $memrd/$meminit) and
# arithmetic glue. The ORIGINAL RTL is simulated in Verilator against lutc's model of it
# (exhaustively: 2^8 input codes), then the compiled design is verified too. An unsupported
# construct is one error line and leaves no output.
mkdir -p rtl
cat > rtl/top.v <<'EOF'
module sel3 (input [2:0] a, output reg [1:0] y);
  always @* case (a)
    3'd0: y = 2'd1;
    3'd5: y = 2'd3;
    3'd6, 3'd7: y = 2'd2;
    default: y = 2'd0;
  endcase
endmodule
module rom6 (input [5:0] a, output reg [3:0] y);
  always @* case (a)
EOF
python3 - >> rtl/top.v <<'PY'
for a in range(64):
    print("    6'd%d: y = 4'd%d;" % (a, (a * 7 + 3) % 13))
PY
cat >> rtl/top.v <<'EOF'
  endcase
endmodule
module top (input [2:0] a, input [2:0] b, input [1:0] c, output [1:0] p, output [3:0] q);
  sel3 s (.a(a), .y(p));
  rom6 g (.a({b + {1'b0, c}, p[0], c[1:0]} ^ 6'd5), .y(q));
endmodule
EOF

"$LUTC" compile rtl/top.v -o out
[ "$(json_get out/report.json design.top)" = top ]

# The original RTL against the model: a verify directory whose design is the hand-written file.
mkdir -p orig/rtl
cp rtl/top.v orig/rtl/
cp out/model.yaml orig/
python3 - <<'PY'
import json
d = json.load(open("out/report.json"))["design"]
d.update({"top": "top", "target": "generic", "pipeline": 0, "latency": 0, "rtl_files": ["rtl/top.v"]})
d.pop("sim_only_files", None)
json.dump({"design": d}, open("orig/report.json", "w"), indent=1)
PY
"$LUTC" verify orig | tee orig.txt
grep -Eq '^256 vectors, 0 mismatches' orig.txt
"$LUTC" verify out | grep -Eq '^256 vectors, 0 mismatches'

# Unsupported: a division. One line FILE:LINE:COL: error, non-zero exit, no output directory.
printf 'module m (input [3:0] a, input [3:0] b, output [3:0] y);\n  assign y = a / b;\nendmodule\n' > div.v
set +e
"$LUTC" compile div.v -o bad > err.txt 2>&1
code=$?
set -e
cat err.txt
[ "$code" -ne 0 ]
[ "$(wc -l < err.txt)" -eq 1 ]
grep -q '^div.v:2:14: error: unsupported construct (Yosys cell \$div' err.txt
[ ! -e bad ]
