#!/usr/bin/env python3
"""A random constant-weight dense layer in lutc's native YAML, and alkaid's CMVM design of it.

Usage: tools/make_dense.py --inputs N --outputs M --weight-bits W --act-bits A [--seed S]
                           [--density D] [--signed] -o LAYER.yaml [--alkaid DIR]
       tools/make_dense.py --conv HxWxCkKHxKWoCOUTsSpP --weight-bits W --act-bits A ... (a 2-D conv
                           layer, e.g. 6x6x2k3x3o4s1p1; HxC / kK for 1-D; --inputs/--outputs unused)

Weights are uniform integers in [-(2^(W-1) - 1), 2^(W-1) - 1] (a weight is 0 with probability
1 - D), activations A-bit integers (unsigned unless --signed); the output y_j = sum_i w_ji x_i is
exact (wide enough never to overflow), so the layer is a plain constant matrix-vector product
(a conv layer: one such product per output position, over its receptive field; zero padding).
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


def conv_fields(shape, kernel, stride, padding):
    """Per output position (row-major), the (input element, weight column) pairs of its receptive
    field inside the input, as compiler/frontend/conv_lowering.cpp orders them."""
    import itertools

    dims, ch = len(kernel), shape[-1]
    out = [(shape[d] + 2 * padding[d] - kernel[d]) // stride[d] + 1 for d in range(dims)]
    fields = []
    for pos in itertools.product(*[range(o) for o in out]):
        field = []
        for tap, ks in enumerate(itertools.product(*[range(k) for k in kernel])):
            xs = [pos[d] * stride[d] - padding[d] + ks[d] for d in range(dims)]
            if all(0 <= xs[d] < shape[d] for d in range(dims)):
                flat = 0
                for d in range(dims):
                    flat = flat * shape[d] + xs[d]
                field += [(flat * ch + c, tap * ch + c) for c in range(ch)]
        fields.append(field)
    return out, fields


def parse_conv(spec):
    """'6x6x2k3x3o4s1p1' -> (shape, kernel, out channels, stride, padding)."""
    import re

    m = re.fullmatch(r'(\d+(?:x\d+)*)k(\d+(?:x\d+)?)o(\d+)s(\d+)p(\d+)', spec)
    if not m:
        raise bridge.BridgeError(f'bad --conv {spec!r} (expected e.g. 6x6x2k3x3o4s1p1)')
    shape = [int(v) for v in m.group(1).split('x')]
    kernel = [int(v) for v in m.group(2).split('x')]
    if len(shape) != len(kernel) + 1:
        raise bridge.BridgeError(f'--conv {spec!r}: the input shape needs one more dimension (channels) than the kernel')
    return shape, kernel, int(m.group(3)), [int(m.group(4))] * len(kernel), [int(m.group(5))] * len(kernel)


def conv_model(w, abits, is_signed, name, shape, kernel, stride, padding):
    """A native model of one conv layer: inputs x0.. (row-major), outputs y0.. (position, channel)."""
    import math

    n = math.prod(shape)
    names = [f'x{i}' for i in range(n)]
    _, fields = conv_fields(shape, kernel, stride, padding)
    out_bits = signed_bits(*_exact_range(w, abits, is_signed))
    fixed = fixed_text(is_signed, abits, 0)
    text = f'format: lutc-model/v1\nname: {name}\ninputs:\n' + ''.join(f'  - {{name: {x}, width: {abits}, fixed: {fixed}}}\n' for x in names)
    text += 'nodes:\n  - name: d\n    conv:\n      inputs: [' + ', '.join(names) + ']\n'
    text += f'      input_shape: {list(shape)}\n      kernel: {list(kernel)}\n      stride: {list(stride)}\n      padding: {list(padding)}\n'
    text += '      weights:\n' + ''.join('        - [' + ', '.join(str(int(v)) for v in row) + ']\n' for row in w)
    text += f'      output: {fixed_text(True, out_bits, 0)}\n'
    outs = len(fields) * w.shape[0]
    return text + 'outputs:\n' + ''.join(f'  - {{name: y{j}, source: d.{j}}}\n' for j in range(outs))


def _exact_range(w, abits, is_signed):
    xlo, xhi = (-(2 ** (abits - 1)), 2 ** (abits - 1) - 1) if is_signed else (0, 2 ** abits - 1)
    lo = min(int(sum(min(wv * xlo, wv * xhi) for wv in row)) for row in w)
    hi = max(int(sum(max(wv * xlo, wv * xhi) for wv in row)) for row in w)
    return min(lo, -1), max(hi, 1)


def layer_model(w, abits, is_signed, name):
    m, n = w.shape
    out_bits = signed_bits(*_exact_range(w, abits, is_signed))
    names = [f'x{i}' for i in range(n)]
    text = f'format: lutc-model/v1\nname: {name}\ninputs:\n'
    text += ''.join(f'  - {{name: {x}, width: {abits}, fixed: {fixed_text(is_signed, abits, 0)}}}\n' for x in names)
    text += 'nodes:\n' + dense_yaml(name + '_l', 'd', names, None, w, fixed_text(True, out_bits, 0))
    text += 'outputs:\n' + ''.join(f'  - {{name: y{j}, source: d.{j}}}\n' for j in range(m))
    return text


def alkaid_cmvm(w, abits, is_signed, out_dir, name, conv=None):
    """alkaid's CMVM design of x @ w.T; with conv = (shape, kernel, stride, padding), of the conv
    layer: one product per output position over its receptive field (the same matrix at every
    interior position), the results concatenated in lutc's output order."""
    import math

    import numpy as np
    from alkaid.trace import FVArrayInput, HWConfig, trace
    from alkaid_verilog import write_project

    wf = np.asarray(w, dtype=np.float64)
    fields = conv_fields(*conv)[1] if conv else [[(i, i) for i in range(w.shape[1])]]
    n = math.prod(conv[0]) if conv else w.shape[1]

    def product(x):  # works on alkaid's traced arrays and on numpy rows alike
        parts = [x[..., [i for i, _ in f]] @ wf[:, [c for _, c in f]].T for f in fields]
        return parts[0] if len(parts) == 1 else np.concatenate(parts, axis=-1)

    inp = FVArrayInput(n, hwconf=HWConfig(1, -1, -1), solver_options={'hard_dc': 2})
    x = inp.quantize(k=1 if is_signed else 0, i=abits - 1 if is_signed else abits, f=0)
    logic = trace(inp, product(x))
    # alkaid's design must compute exactly this matrix product (its C++ interpreter on random inputs).
    rng = np.random.default_rng(1)
    lo, hi = (-(2 ** (abits - 1)), 2 ** (abits - 1)) if is_signed else (0, 2 ** abits)
    xs = rng.integers(lo, hi, size=(256, n)).astype(np.float64)
    if not np.array_equal(logic.predict(xs), product(xs)):
        raise bridge.BridgeError('alkaid CMVM result differs from the matrix product')
    write_project(logic, Path(out_dir), name, -1, 5.0)


def main():
    parser = bridge.argument_parser(__doc__)
    parser.add_argument('--inputs', type=int)
    parser.add_argument('--outputs', type=int)
    parser.add_argument('--conv', metavar='SPEC', help='a conv layer instead, e.g. 6x6x2k3x3o4s1p1 (input HxWxC, kernel, '
                        'output channels, stride, padding)')
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
    conv = None
    if args.conv:
        shape, kernel, cout, stride, padding = parse_conv(args.conv)
        conv = (shape, kernel, stride, padding)
        w = random_layer(kernel[0] * (kernel[1] if len(kernel) > 1 else 1) * shape[-1], cout, args.weight_bits, args.act_bits,
                         args.seed, args.density, args.signed)
        text = conv_model(w, args.act_bits, args.signed, args.name, *conv)
    else:
        if args.inputs is None or args.outputs is None:
            raise bridge.BridgeError('--inputs and --outputs are required (or --conv)')
        w = random_layer(args.inputs, args.outputs, args.weight_bits, args.act_bits, args.seed, args.density, args.signed)
        text = layer_model(w, args.act_bits, args.signed, args.name)
    bridge.write_atomic(args.output, lambda f: f.write(text))
    if args.alkaid:
        alkaid_cmvm(w, args.act_bits, args.signed, args.alkaid, args.name, conv)


if __name__ == '__main__':
    bridge.run_main(main)
