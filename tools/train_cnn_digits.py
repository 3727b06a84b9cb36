#!/usr/bin/env python3
"""Trains a small quantized CNN on scikit-learn's digits and exports it as a native conv layer
and a dense layer.

Usage: tools/train_cnn_digits.py [-o examples/digits_cnn] [--channels 4] [--weight-bits 5]
                                 [--act-bits 4] [--seed 2026] [--epochs 60] [--mac auto]

Data: scikit-learn's 8x8 digits (shipped inside the wheel), the split and input codes of
tools/train_dense_digits.py: pixel // 2 (0..8) as unsigned 4-bit codes with 3 fraction bits.
Network (Keras on jax, fixed seed): zero padding 1, a 3x3 convolution with `--channels` output
channels and stride 2 (8x8 -> 4x4), relu, flatten (row, column, channel), dense -> 10. Quantized
after training: weights to signed `--weight-bits` integers with a power-of-two scale per layer,
biases to the accumulator's step, the conv outputs to unsigned `--act-bits` codes (round,
saturate; the scale covers the training set's largest activation). The model file is a `conv`
layer and a `dense` layer (docs/model-format.md#conv-layers). Writes OUT/model.yaml, OUT/test.csv
(held-out split, header x0..x63,label) and OUT/meta.json (float and quantized test accuracy; the
latter from an exact integer model of the layers' semantics). Runs in the venv of
tools/setup_python.sh.
"""
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import alkaid_bridge as bridge  # noqa: E402
from make_dense import conv_fields, dense_yaml, fixed_text, signed_bits  # noqa: E402
from train_dense_digits import IN_FRAC, dense_exact, quantize_weights  # noqa: E402

SHAPE, KERNEL, STRIDE, PADDING = [8, 8, 1], [3, 3], [2, 2], [1, 1]


def conv_exact(x, w, b, relu, out_frac, out_bits, acc_frac, rounding, saturate):
    """The conv layer on integer codes x (samples, 64): every position a dense layer over its field."""
    import numpy as np

    _, fields = conv_fields(SHAPE, KERNEL, STRIDE, PADDING)
    outs = []
    for f in fields:
        xs = x[:, [i for i, _ in f]]
        ws = w[:, [c for _, c in f]]
        outs.append(dense_exact(xs, ws, b, relu, out_frac, out_bits, False, acc_frac, rounding, saturate))
    return np.concatenate(outs, axis=1)


def main():
    parser = bridge.argument_parser(__doc__)
    parser.add_argument('-o', '--output', default=str(Path(__file__).resolve().parent.parent / 'examples' / 'digits_cnn'))
    parser.add_argument('--channels', type=int, default=4)
    parser.add_argument('--weight-bits', type=int, default=5)
    parser.add_argument('--act-bits', type=int, default=4)
    parser.add_argument('--seed', type=int, default=2026)
    parser.add_argument('--epochs', type=int, default=60)
    parser.add_argument('--mac', default=None, help='write this strategy into both layers (default: none, compile --mac decides)')
    args = parser.parse_args()
    bridge.ensure_venv()
    bridge.configure_backend()
    import numpy as np
    import keras
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    keras.utils.set_random_seed(args.seed)
    data = load_digits()
    codes = (data.images.reshape(len(data.images), -1).astype(np.int64) // 2)  # 0..8
    y = data.target.astype(np.int64)
    c_train, c_test, y_train, y_test = train_test_split(codes, y, test_size=0.25, random_state=args.seed, stratify=y)
    scale = 2.0 ** -IN_FRAC

    model = keras.Sequential([
        keras.Input((8, 8, 1)),
        keras.layers.ZeroPadding2D(PADDING[0]),
        keras.layers.Conv2D(args.channels, KERNEL, strides=STRIDE, activation='relu'),
        keras.layers.Flatten(),
        keras.layers.Dense(10),
    ])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=['accuracy'])
    model.fit((c_train * scale).reshape(-1, 8, 8, 1), y_train, epochs=args.epochs, batch_size=64, verbose=0, shuffle=True)
    float_acc = float(np.mean(np.argmax(model.predict((c_test * scale).reshape(-1, 8, 8, 1), verbose=0), axis=1) == y_test))

    conv, dense = model.layers[1], model.layers[3]
    k, kb = (np.asarray(v, dtype=np.float64) for v in conv.get_weights())       # (3, 3, 1, C), (C,)
    d, db = (np.asarray(v, dtype=np.float64) for v in dense.get_weights())      # (16 C, 10), (10,)
    w1, fw1 = quantize_weights(k.reshape(-1, args.channels).T, args.weight_bits)  # rows (ky, kx, c)
    w2, fw2 = quantize_weights(d.T, args.weight_bits)
    acc1_frac = IN_FRAC + fw1
    b1 = np.round(kb * 2.0 ** acc1_frac).astype(np.int64)
    # Conv activations: the largest on the training set sets the integer bits.
    h_train = conv_exact(c_train, w1, b1, True, acc1_frac, 40, acc1_frac, False, True) * 2.0 ** -acc1_frac
    int_bits = max(0, int(math.ceil(math.log2(np.max(h_train) + 1e-9))))
    h_frac = args.act_bits - int_bits
    acc2_frac = h_frac + fw2
    b2 = np.round(db * 2.0 ** acc2_frac).astype(np.int64)
    hmax = (1 << args.act_bits) - 1
    lo2 = int(np.min(np.minimum(w2, 0).sum(axis=1) * hmax + b2))
    hi2 = int(np.max(np.maximum(w2, 0).sum(axis=1) * hmax + b2))
    out_bits = signed_bits(min(lo2, -1), max(hi2, 1))

    def predict(c):
        h = conv_exact(c, w1, b1, True, h_frac, args.act_bits, acc1_frac, True, True)
        return dense_exact(h, w2, b2, False, acc2_frac, out_bits, True, acc2_frac, False, False)

    q_acc = float(np.mean(np.argmax(predict(c_test), axis=1) == y_test))

    n_in, n_h = codes.shape[1], 16 * args.channels
    h_fixed = fixed_text(False, int_bits, h_frac, 'round', 'saturate')
    out_fixed = fixed_text(True, out_bits - acc2_frac, acc2_frac)
    text = 'format: lutc-model/v1\nname: digits_cnn\ninputs:\n'
    text += ''.join(f'  - {{name: x{i}, width: 4, fixed: {fixed_text(False, 4 - IN_FRAC, IN_FRAC)}}}\n' for i in range(n_in))
    text += 'nodes:\n  - name: c\n    conv:\n      inputs: [' + ', '.join(f'x{i}' for i in range(n_in)) + ']\n'
    text += f'      input_shape: {SHAPE}\n      kernel: {KERNEL}\n      stride: {STRIDE}\n      padding: {PADDING}\n      weights:\n'
    text += ''.join('        - [' + ', '.join(str(int(v)) for v in row) + ']\n' for row in w1)
    text += f'      weight_frac_bits: {fw1}\n      bias: [' + ', '.join(str(int(v)) for v in b1) + ']\n'
    text += f'      activation: relu\n      output: {h_fixed}\n' + (f'      mac: {args.mac}\n' if args.mac else '')
    text += dense_yaml('digits_cnn', 'o', [f'c.{j}' for j in range(n_h)], None, w2, out_fixed, weight_frac_bits=fw2, bias=b2,
                       mac=args.mac)
    text += 'outputs:\n' + ''.join(f'  - {{name: y{j}, source: o.{j}, fixed: {out_fixed}}}\n' for j in range(10))
    out = Path(args.output)
    bridge.write_atomic(out / 'model.yaml', lambda f: f.write(text))
    bridge.write_csv(out / 'test.csv', [f'x{i}' for i in range(n_in)] + ['label'],
                     np.concatenate([c_test * scale, y_test[:, None]], axis=1))
    meta = {'command': ' '.join(['tools/train_cnn_digits.py'] + sys.argv[1:]), 'seed': args.seed, 'channels': args.channels,
            'epochs': args.epochs, 'weight_bits': args.weight_bits, 'act_bits': args.act_bits, 'weight_frac_bits': [fw1, fw2],
            'conv_output_format': {'int_bits': int_bits, 'frac_bits': h_frac}, 'test_samples': int(len(y_test)),
            'float_test_accuracy': float_acc, 'quantized_test_accuracy': q_acc}
    bridge.write_atomic(out / 'meta.json', lambda f: f.write(json.dumps(meta, indent=1) + '\n'))
    print(f'{out}: float test accuracy {float_acc:.4f}, quantized (exact integer model) {q_acc:.4f}', file=sys.stderr)


if __name__ == '__main__':
    bridge.run_main(main)
