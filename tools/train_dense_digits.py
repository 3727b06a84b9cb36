#!/usr/bin/env python3
"""Trains a small quantized MLP on scikit-learn's digits and exports it as native dense layers.

Usage: tools/train_dense_digits.py [-o examples/digits_dense] [--hidden 16] [--weight-bits 5]
                                   [--act-bits 4] [--seed 2026] [--mac auto]

Data: scikit-learn's 8x8 digits (shipped inside the wheel); each input is pixel // 2 (0..8) as an
unsigned 4-bit code of a fixed-point value with 3 fraction bits (0..1). A float MLP (64 -> hidden,
relu -> 10; scikit-learn's MLPClassifier, fixed seed) is quantized after training: weights to
signed `--weight-bits` integers with one power-of-two scale per layer, biases to the accumulator's
step, the hidden activations to unsigned `--act-bits` codes (round, saturate; the scale covers the
training set's largest activation). The model file is two `dense` layers (docs/model-format.md).
Writes OUT/model.yaml, OUT/test.csv (held-out split, header x0..x63,label; lutc verify --data
reports its accuracy) and OUT/meta.json (float and quantized test accuracy, computed here by an
exact integer model of the dense-layer semantics). Runs in the venv of tools/setup_python.sh.
"""
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import alkaid_bridge as bridge  # noqa: E402
from make_dense import dense_yaml, fixed_text, signed_bits  # noqa: E402

IN_FRAC = 3


def quantize_weights(w, bits):
    """Integers in [-(2^(bits-1) - 1), 2^(bits-1) - 1] and the fraction bits of their scale."""
    import numpy as np

    top = 2 ** (bits - 1) - 1
    frac = int(math.floor(math.log2(top / np.max(np.abs(w)))))
    return np.clip(np.round(w * 2.0 ** frac), -top, top).astype(np.int64), frac


def dense_exact(x, w, b, relu, out_frac, out_bits, out_signed, acc_frac, rounding, saturate):
    """The dense-layer semantics on integer codes: exact sum, bias, relu, round / truncate to
    out_frac, saturate or wrap to the output width."""
    import numpy as np

    acc = x @ w.T + b[None, :]                     # at 2^-acc_frac
    if relu:
        acc = np.maximum(acc, 0)
    drop = acc_frac - out_frac
    if drop > 0:
        if rounding:
            acc = acc + (1 << (drop - 1))
        acc = acc >> drop
    else:
        acc = acc << -drop
    lo, hi = (-(1 << (out_bits - 1)), (1 << (out_bits - 1)) - 1) if out_signed else (0, (1 << out_bits) - 1)
    if saturate:
        return np.clip(acc, lo, hi)
    acc = acc & ((1 << out_bits) - 1)
    return acc - ((acc >> (out_bits - 1)) << out_bits) if out_signed else acc


def main():
    parser = bridge.argument_parser(__doc__)
    parser.add_argument('-o', '--output', default=str(Path(__file__).resolve().parent.parent / 'examples' / 'digits_dense'))
    parser.add_argument('--hidden', type=int, default=16)
    parser.add_argument('--weight-bits', type=int, default=5)
    parser.add_argument('--act-bits', type=int, default=4)
    parser.add_argument('--seed', type=int, default=2026)
    parser.add_argument('--mac', default=None, help='write this strategy into both layers (default: none, compile --mac decides)')
    args = parser.parse_args()
    bridge.ensure_venv()
    import numpy as np
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    from sklearn.neural_network import MLPClassifier

    data = load_digits()
    codes = (data.images.reshape(len(data.images), -1).astype(np.int64) // 2)  # 0..8
    y = data.target.astype(np.int64)
    c_train, c_test, y_train, y_test = train_test_split(codes, y, test_size=0.25, random_state=args.seed, stratify=y)
    scale = 2.0 ** -IN_FRAC
    mlp = MLPClassifier(hidden_layer_sizes=(args.hidden,), activation='relu', max_iter=600, random_state=args.seed)
    mlp.fit(c_train * scale, y_train)
    float_acc = float(mlp.score(c_test * scale, y_test))

    w1, fw1 = quantize_weights(mlp.coefs_[0].T, args.weight_bits)
    w2, fw2 = quantize_weights(mlp.coefs_[1].T, args.weight_bits)
    acc1_frac = IN_FRAC + fw1
    b1 = np.round(mlp.intercepts_[0] * 2.0 ** acc1_frac).astype(np.int64)
    # Hidden activations: the largest on the training set sets the integer bits.
    h_train = np.maximum(c_train @ w1.T + b1[None, :], 0) * 2.0 ** -acc1_frac
    int_bits = max(0, int(math.ceil(math.log2(np.max(h_train) + 1e-9))))
    h_frac = args.act_bits - int_bits
    acc2_frac = h_frac + fw2
    b2 = np.round(mlp.intercepts_[1] * 2.0 ** acc2_frac).astype(np.int64)
    hmax = (1 << args.act_bits) - 1
    lo2 = int(np.min(np.minimum(w2, 0).sum(axis=1) * hmax + b2))
    hi2 = int(np.max(np.maximum(w2, 0).sum(axis=1) * hmax + b2))
    out_bits = signed_bits(min(lo2, -1), max(hi2, 1))

    def predict(c):
        h = dense_exact(c, w1, b1, True, h_frac, args.act_bits, False, acc1_frac, True, True)
        return dense_exact(h, w2, b2, False, acc2_frac, out_bits, True, acc2_frac, False, False)

    q_acc = float(np.mean(np.argmax(predict(c_test), axis=1) == y_test))

    n_in, n_h = codes.shape[1], args.hidden
    text = 'format: lutc-model/v1\nname: digits_dense\ninputs:\n'
    text += ''.join(f'  - {{name: x{i}, width: 4, fixed: {fixed_text(False, 4 - IN_FRAC, IN_FRAC)}}}\n' for i in range(n_in))
    text += 'nodes:\n'
    text += dense_yaml('digits_dense', 'h', [f'x{i}' for i in range(n_in)], None, w1,
                       fixed_text(False, int_bits, h_frac, 'round', 'saturate'), weight_frac_bits=fw1, bias=b1,
                       relu=True, mac=args.mac)
    text += dense_yaml('digits_dense', 'o', [f'h.{j}' for j in range(n_h)], None, w2,
                       fixed_text(True, out_bits - acc2_frac, acc2_frac), weight_frac_bits=fw2, bias=b2, mac=args.mac)
    out_fixed = fixed_text(True, out_bits - acc2_frac, acc2_frac)
    text += 'outputs:\n' + ''.join(f'  - {{name: y{j}, source: o.{j}, fixed: {out_fixed}}}\n' for j in range(10))
    out = Path(args.output)
    bridge.write_atomic(out / 'model.yaml', lambda f: f.write(text))
    bridge.write_csv(out / 'test.csv', [f'x{i}' for i in range(n_in)] + ['label'],
                     np.concatenate([c_test * scale, y_test[:, None]], axis=1))
    meta = {'command': ' '.join(['tools/train_dense_digits.py'] + sys.argv[1:]), 'seed': args.seed, 'hidden': n_h,
            'weight_bits': args.weight_bits, 'act_bits': args.act_bits, 'weight_frac_bits': [fw1, fw2],
            'hidden_format': {'int_bits': int_bits, 'frac_bits': h_frac}, 'test_samples': int(len(y_test)),
            'float_test_accuracy': float_acc, 'quantized_test_accuracy': q_acc}
    bridge.write_atomic(out / 'meta.json', lambda f: f.write(json.dumps(meta, indent=1) + '\n'))
    print(f'{out}: float test accuracy {float_acc:.4f}, quantized (exact integer model) {q_acc:.4f}', file=sys.stderr)


if __name__ == '__main__':
    bridge.run_main(main)
