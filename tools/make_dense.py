#!/usr/bin/env python3
"""A random constant-weight dense layer in lutc's native YAML, and alkaid's CMVM design of it.

Usage: tools/make_dense.py --inputs N --outputs M --weight-bits W --act-bits A [--seed S]
                           [--density D] [--signed] -o LAYER.yaml [--alkaid DIR]

Weights are uniform integers in [-(2^(W-1) - 1), 2^(W-1) - 1] (a weight is 0 with probability
1 - D), activations A-bit integers (unsigned unless --signed); the output y_j = sum_i w_ji x_i is
exact (wide enough never to overflow), so the layer is a plain constant matrix-vector product.
With --alkaid DIR, alkaid's CMVM solution of the same matrix (alkaid.trace: inputs quantized to
the same A-bit grid, `x @ W` solved by cmvm with hard_dc=2 as the HGQ flow does) is written as
alkaid's own Verilog project (tools/alkaid_verilog.py's layout). Needs numpy; --alkaid needs the
venv of tools/setup_python.sh (the tool re-executes itself there).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import alkaid_bridge as bridge  # noqa: E402


def fixed_text(is_signed, int_bits, frac_bits, rounding='truncate', overflow='wrap'):
    return (f'{{signed: {"true" if is_signed else "false"}, int_bits: {int_bits}, frac_bits: {frac_bits}, '
            f'rounding: {rounding}, overflow: {overflow}}}')


def dense_yaml(name, layer_name, input_names, input_fixed, weights, output_fixed, *, weight_frac_bits=0, bias=None,
               bias_frac_bits=None, relu=False, mac=None, extra=''):
    """The `nodes:` entry of one dense layer (weights: [outputs][inputs] integers)."""
    lines = [f'  - name: {layer_name}', '    dense:', f'      inputs: [{", ".join(input_names)}]', '      weights:']
    lines += ['        - [' + ', '.join(str(int(w)) for w in row) + ']' for row in weights]
    if weight_frac_bits:
        lines.append(f'      weight_frac_bits: {weight_frac_bits}')
    if bias is not None:
        lines.append('      bias: [' + ', '.join(str(int(b)) for b in bias) + ']')
        if bias_frac_bits is not None:
            lines.append(f'      bias_frac_bits: {bias_frac_bits}')
    lines.append(f'      activation: {"relu" if relu else "none"}')
    lines.append(f'      output: {output_fixed}')
    if mac:
        lines.append(f'      mac: {mac}')
    return '\n'.join(lines) + '\n' + extra


def signed_bits(lo, hi):
    """Bits of a two's complement integer holding [lo, hi]."""
    return 1 + max(int(hi).bit_length(), int(-lo - 1).bit_length() if lo < 0 else 0)


def random_layer(n, m, wbits, abits, seed, density, is_signed):
    import numpy as np

    rng = np.random.default_rng(seed)
    top = 2 ** (wbits - 1) - 1 if wbits > 1 else 1
    w = rng.integers(-top, top + 1, size=(m, n))
    w[rng.random((m, n)) >= density] = 0
    return w


def layer_model(w, abits, is_signed, name):
    m, n = w.shape
    xlo, xhi = (-(2 ** (abits - 1)), 2 ** (abits - 1) - 1) if is_signed else (0, 2 ** abits - 1)
    lo = min(int(sum(min(wv * xlo, wv * xhi) for wv in row)) for row in w)
    hi = max(int(sum(max(wv * xlo, wv * xhi) for wv in row)) for row in w)
    out_bits = signed_bits(min(lo, -1), max(hi, 1))
    names = [f'x{i}' for i in range(n)]
    text = f'format: lutc-model/v1\nname: {name}\ninputs:\n'
    text += ''.join(f'  - {{name: {x}, width: {abits}, fixed: {fixed_text(is_signed, abits, 0)}}}\n' for x in names)
    text += 'nodes:\n' + dense_yaml(name + '_l', 'd', names, None, w, fixed_text(True, out_bits, 0))
    text += 'outputs:\n' + ''.join(f'  - {{name: y{j}, source: d.{j}}}\n' for j in range(m))
    return text


def alkaid_cmvm(w, abits, is_signed, out_dir, name):
    import numpy as np
    from alkaid.trace import FVArrayInput, HWConfig, trace
    from alkaid_verilog import write_project

    n = w.shape[1]
    inp = FVArrayInput(n, hwconf=HWConfig(1, -1, -1), solver_options={'hard_dc': 2})
    x = inp.quantize(k=1 if is_signed else 0, i=abits - 1 if is_signed else abits, f=0)
    y = x @ np.asarray(w, dtype=np.float64).T
    logic = trace(inp, y)
    # alkaid's design must compute exactly this matrix product (its C++ interpreter on random inputs).
    rng = np.random.default_rng(1)
    lo, hi = (-(2 ** (abits - 1)), 2 ** (abits - 1)) if is_signed else (0, 2 ** abits)
    xs = rng.integers(lo, hi, size=(256, n)).astype(np.float64)
    if not np.array_equal(logic.predict(xs), xs @ np.asarray(w, dtype=np.float64).T):
        raise bridge.BridgeError('alkaid CMVM result differs from the matrix product')
    write_project(logic, Path(out_dir), name, -1, 5.0)


def main():
    parser = bridge.argument_parser(__doc__)
    parser.add_argument('--inputs', type=int, required=True)
    parser.add_argument('--outputs', type=int, required=True)
    parser.add_argument('--weight-bits', type=int, required=True)
    parser.add_argument('--act-bits', type=int, required=True)
    parser.add_argument('--seed', type=int, default=2026)
    parser.add_argument('--density', type=float, default=1.0, help='fraction of nonzero weights (default 1)')
    parser.add_argument('--signed', action='store_true', help='signed activations')
    parser.add_argument('--name', default='dense')
    parser.add_argument('-o', '--output', required=True)
    parser.add_argument('--alkaid', metavar='DIR')
    args = parser.parse_args()
    if args.alkaid:
        bridge.ensure_venv()
    w = random_layer(args.inputs, args.outputs, args.weight_bits, args.act_bits, args.seed, args.density, args.signed)
    text = layer_model(w, args.act_bits, args.signed, args.name)
    bridge.write_atomic(args.output, lambda f: f.write(text))
    if args.alkaid:
        alkaid_cmvm(w, args.act_bits, args.signed, args.alkaid, args.name)


if __name__ == '__main__':
    bridge.run_main(main)
