#!/usr/bin/env python3
"""alkaid's own Verilog for an ALIR or Keras model: the reference design lutc is compared with.

Usage: tools/alkaid_verilog.py MODEL.json[.gz]|MODEL.keras -o DIR [--latency-cutoff -1|N]

--latency-cutoff -1 (default) writes combinational logic; N > 0 lets alkaid place pipeline
registers so no stage exceeds N of its delay units (HGQ-LUT-AE uses 2). DIR receives alkaid's
project (src/*.v, src/static/*.v, ...) plus `alkaid_verilog.json`: the top module, the Verilog files
to synthesize, latency (cycles) and register bits. DIR is replaced as a whole (written atomically)
if it is empty or an earlier output of this tool; any other existing DIR is an error.
Runs in the venv of tools/setup_python.sh (re-executes itself there).
"""
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import alkaid_bridge as bridge  # noqa: E402


def main():
    parser = bridge.argument_parser(__doc__)
    parser.add_argument('model', help='ALIR model (.json, .json.gz) or Keras model (.keras, traced first)')
    parser.add_argument('-o', '--output', required=True, metavar='DIR', help='project directory to write')
    parser.add_argument('--latency-cutoff', type=float, default=-1,
                        help='-1: combinational (default); N > 0: pipeline stages of at most N delay units')
    parser.add_argument('--name', default='model', help='top module name (default: model)')
    parser.add_argument('--clock-period', type=float, default=5.0, help='ns, for alkaid\'s timing constraints only')
    args = parser.parse_args()
    if args.latency_cutoff == 0 or (args.latency_cutoff < 0 and args.latency_cutoff != -1):
        parser.error('--latency-cutoff must be -1 (combinational) or positive')
    if not args.name.isidentifier():
        parser.error(f'--name {args.name!r} is not a Verilog identifier')
    bridge.ensure_venv()
    logic = bridge.load_logic(args.model)
    write_project(logic, Path(args.output), args.name, args.latency_cutoff, args.clock_period)


def write_project(logic, out, name, latency_cutoff, clock_period):
    from alkaid.codegen import RTLModel

    out = out.resolve()
    # DIR is replaced whole, so only an empty directory or an earlier output of this tool may be.
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / 'alkaid_verilog.json').exists())):
        raise bridge.BridgeError(f'{out}: exists and is not an earlier alkaid_verilog.py output; not replacing it')
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f'.{out.name}.', dir=out.parent))
    try:
        model = RTLModel(logic, tmp, name, flavor='verilog', latency_cutoff=latency_cutoff,
                         print_latency=False, clock_period=clock_period)
        model.write()
        files = sorted(str(p.relative_to(tmp)) for p in (tmp / 'src').rglob('*.v')
                       if not p.name.endswith('_wrapper.v'))
        latency = model.latency
        summary = {
            'top': name,
            'verilog': files,
            'latency_cutoff': latency_cutoff,
            'latency_cycles': int(latency) if latency is not None else None,
            'register_bits': int(model.reg_bits),
            'inputs': int(logic.shape[0]),
            'outputs': int(logic.shape[1]),
        }
        (tmp / 'alkaid_verilog.json').write_text(json.dumps(summary, indent=1) + '\n')
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    print(f'{out}: top {name}, {len(files)} Verilog files, latency {summary["latency_cycles"]} cycles, '
          f'{summary["register_bits"]} register bits', file=sys.stderr)


if __name__ == '__main__':
    bridge.run_main(main)
