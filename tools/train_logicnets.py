#!/usr/bin/env python3
"""Trains a LogicNets-style network on a data set scikit-learn ships and writes it as a lutc model.

Every neuron reads `--fanin` values of the previous layer (a fixed random sparsity pattern, as
LogicNets draws it), computes q(sum w_i x_i + b) with a `--bits`-bit quantizer, and is exported
as the truth table of exactly that function over all input codes. Training is quantization-aware
(straight-through estimator) with Adam, in NumPy; deterministic for a given --seed.

Used to grow the table corpus of bench/table_corpus.sh with neurons trained on real data (not
random weights), so that the per-table engine is measured on functions nobody tuned it for.

Usage: tools/train_logicnets.py --dataset digits --hidden 32,16 --fanin 4 --bits 3 --seed 1 -o net.yaml
Prints the float and the table network's test accuracy. Runs in the venv of tools/setup_python.sh
(re-executes itself there).
"""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import alkaid_bridge as bridge  # noqa: E402

DATASETS = ("digits", "breast_cancer", "wine", "iris")


def load(name, seed):
    import numpy as np
    from sklearn import datasets
    from sklearn.model_selection import train_test_split

    x, y = getattr(datasets, f"load_{name}")(return_X_y=True)
    x = x.astype(np.float64)
    return train_test_split(x, y, test_size=0.3, random_state=seed, stratify=y)


def input_codes(x, lo, hi, bits):
    import numpy as np

    levels = (1 << bits) - 1
    span = np.where(hi > lo, hi - lo, 1.0)
    return np.clip(np.floor((x - lo) / span * levels + 0.5), 0, levels).astype(np.int64)


def quantize(z, bits):
    """Activation quantizer of hidden neurons: clip to [0, 1], round to 2^bits - 1 levels."""
    import numpy as np

    levels = (1 << bits) - 1
    return np.floor(np.clip(z, 0.0, 1.0) * levels + 0.5) / levels


def output_code(z, bits, limit):
    """Output neurons: the logit clipped to [-limit, limit], as an unsigned code (order-preserving)."""
    import numpy as np

    levels = (1 << bits) - 1
    return np.floor((np.clip(z, -limit, limit) + limit) / (2 * limit) * levels + 0.5).astype(np.int64)


class SparseNet:
    def __init__(self, sizes, fanin, rng):
        import numpy as np

        self.masks, self.w, self.b = [], [], []
        for fan_in_size, fan_out_size in zip(sizes, sizes[1:]):
            k = min(fanin, fan_in_size)
            # Deal the inputs out like cards so that every value of the previous layer is read.
            order = np.concatenate([rng.permutation(fan_in_size) for _ in range(k * fan_out_size // fan_in_size + 2)])
            mask = np.zeros((fan_out_size, fan_in_size))
            pos = 0
            for n in range(fan_out_size):
                picked = []
                while len(picked) < k:
                    c = order[pos % len(order)]
                    pos += 1
                    if c not in picked:
                        picked.append(c)
                mask[n, picked] = 1
            self.masks.append(mask)
            self.w.append(rng.normal(0, 1.0 / np.sqrt(k), (fan_out_size, fan_in_size)) * mask)
            self.b.append(np.full(fan_out_size, 0.1))

    def forward(self, a, bits):
        acts = [a]
        for layer, (w, b) in enumerate(zip(self.w, self.b)):
            z = acts[-1] @ w.T + b
            acts.append(z if layer == len(self.w) - 1 else quantize(z, bits))
        return acts


def train(net, x, y, classes, bits, epochs, rng):
    import numpy as np

    params = net.w + net.b
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    lr, step = 0.01, 0
    onehot = np.eye(classes)[y]
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), 64):
            idx = order[start:start + 64]
            acts, pre = [x[idx]], []
            for layer, (w, b) in enumerate(zip(net.w, net.b)):
                z = acts[-1] @ w.T + b
                pre.append(z)
                acts.append(z if layer == len(net.w) - 1 else quantize(z, bits))
            p = np.exp(acts[-1] - acts[-1].max(axis=1, keepdims=True))
            p /= p.sum(axis=1, keepdims=True)
            grad = (p - onehot[idx]) / len(idx)
            grads_w, grads_b = [], []
            for layer in reversed(range(len(net.w))):
                if layer != len(net.w) - 1:
                    grad = grad * ((pre[layer] > 0) & (pre[layer] < 1))  # straight-through, clipped
                grads_w.insert(0, (grad.T @ acts[layer]) * net.masks[layer])
                grads_b.insert(0, grad.sum(axis=0))
                grad = grad @ net.w[layer]
            step += 1
            for i, g in enumerate(grads_w + grads_b):
                m[i] = 0.9 * m[i] + 0.1 * g
                v[i] = 0.999 * v[i] + 0.001 * g * g
                params[i] -= lr * (m[i] / (1 - 0.9 ** step)) / (np.sqrt(v[i] / (1 - 0.999 ** step)) + 1e-8)


def table_hex(rows, width):
    value = 0
    for r, code in enumerate(rows):
        value |= int(code) << (r * width)
    return format(value, "x").rjust(max(1, (len(rows) * width + 3) // 4), "0")


def neuron_table(w, b, sources, bits, last, limit):
    """Rows of one neuron over all codes of its sources (source 0 in the low index bits)."""
    import numpy as np

    k = len(sources)
    levels = (1 << bits) - 1
    index = np.arange(1 << (k * bits))
    codes = np.stack([(index >> (j * bits)) & levels for j in range(k)], axis=1)
    z = (codes / levels) @ w[sources] + b
    return output_code(z, bits, limit) if last else np.floor(np.clip(z, 0, 1) * levels + 0.5).astype(np.int64)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dataset", choices=DATASETS, default="digits")
    ap.add_argument("--hidden", default="32,16", help="hidden neurons per layer, comma separated")
    ap.add_argument("--fanin", type=int, default=4, help="operands per neuron (LogicNets' X)")
    ap.add_argument("--bits", type=int, default=3, help="bits per activation and per input")
    ap.add_argument("--epochs", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", required=True, help="lutc model (YAML) to write")
    a = ap.parse_args()
    bridge.ensure_venv()
    import numpy as np

    rng = np.random.default_rng(a.seed)
    x_train, x_test, y_train, y_test = load(a.dataset, a.seed)
    lo, hi = x_train.min(axis=0), x_train.max(axis=0)
    levels = (1 << a.bits) - 1
    c_train, c_test = input_codes(x_train, lo, hi, a.bits), input_codes(x_test, lo, hi, a.bits)
    classes = int(y_train.max()) + 1
    sizes = [x_train.shape[1]] + [int(h) for h in a.hidden.split(",") if h] + [classes]
    net = SparseNet(sizes, a.fanin, rng)
    train(net, c_train / levels, y_train, classes, a.bits, a.epochs, rng)
    limit = 4.0
    float_acc = float((net.forward(c_test / levels, a.bits)[-1].argmax(axis=1) == y_test).mean())

    name = f"{a.dataset}_f{a.fanin}_b{a.bits}_s{a.seed}"
    lines = [f"# Generated by tools/train_logicnets.py --dataset {a.dataset} --hidden {a.hidden} --fanin {a.fanin} "
             f"--bits {a.bits} --epochs {a.epochs} --seed {a.seed}", "format: lutc-model/v1", f"name: {name}", "inputs:"]
    previous = [f"x{i}" for i in range(sizes[0])]
    lines += [f"  - {{name: {p}, width: {a.bits}}}" for p in previous]
    lines.append("nodes:")
    values = [c_test]
    for layer, (w, b, mask) in enumerate(zip(net.w, net.b, net.masks)):
        last = layer == len(net.w) - 1
        current, codes = [], []
        for n in range(w.shape[0]):
            sources = [int(s) for s in np.flatnonzero(mask[n])]
            rows = neuron_table(w[n], b[n], sources, a.bits, last, limit)
            node = f"l{layer}_n{n}"
            lines += [f"  - name: {node}", f"    inputs: [{', '.join(previous[s] for s in sources)}]",
                      f"    width: {a.bits}", f"    table: \"{table_hex(rows, a.bits)}\""]
            index = sum(values[-1][:, s] << (j * a.bits) for j, s in enumerate(sources))
            codes.append(rows[index])
            current.append(node)
        values.append(np.stack(codes, axis=1))
        previous = current
    lines.append("outputs:")
    lines += [f"  - {{name: y{i}, source: {p}}}" for i, p in enumerate(previous)]
    Path(a.output).write_text("\n".join(lines) + "\n")
    table_acc = float((values[-1].argmax(axis=1) == y_test).mean())
    print(f"{name}: {len(sizes) - 1} layers {sizes}, float accuracy {float_acc:.4f}, table network accuracy {table_acc:.4f}")


if __name__ == "__main__":
    main()
