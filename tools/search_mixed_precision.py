#!/usr/bin/env python3
"""Mixed precision for constant-weight layers: searches a per-layer lut-na chunk size and
approximation (docs/model-format.md#dense-layers) under an accuracy budget on a calibration set,
and writes the model with the chosen settings.

Usage: tools/search_mixed_precision.py MODEL.yaml -o OUT.yaml [--lutc build/lutc] [--budget 0.01]
                                       [--calib FILE.csv] [--chunks 1,2] [--seed 2026]

Layers are visited in file order (`dense` and `conv`). For each, with the settings chosen for
the layers before it, and each chunk size k (group 6 // k: a table reads 6 bits), the largest
`approx_bits` t is found whose calibration accuracy (`lutc eval`: the software model, which
`lutc verify` proves equal to the RTL) loses at most this layer's share of the budget left (the
budget not yet used, split evenly over the layers still to visit). The layer's estimated cost under
that setting (`lutc compile`: the minimizer's LUTs of its tables plus its adder bits, report.json
stages.read.dense) is compared with its exact cost under `--mac auto`; the cheapest is kept, or
none when no approximation is cheaper than the exact layer. The whole setting is checked at the
end (the last layer's setting is dropped while it misses the budget). Prints the settings as JSON.

Calibration data: FILE.csv (header x0..,label), or by default 600 samples of the training split
of scikit-learn's digits with the inputs and split of tools/train_dense_digits.py (never the
held-out test.csv of the examples). Runs in the venv of tools/setup_python.sh.
"""
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import alkaid_bridge as bridge  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def run_lutc(lutc, *args, timeout=3600):
    r = subprocess.run([lutc, *args], capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        raise bridge.BridgeError(f'lutc {" ".join(args)} failed: {r.stderr.strip()}')
    return r.stdout


def layer_names(text):
    """Names of the dense and conv layers, in file order."""
    return re.findall(r'^  - name: (\S+)\n    (?:dense|conv):\n', text, flags=re.M)


def with_settings(text, settings):
    """The model text with `mac: lut-na, chunk_bits, group, approx_bits` set on the given layers
    ({layer: (k, g, t)}); other layers keep their lines."""
    for layer, (k, g, t) in settings.items():
        m = re.search(rf'^  - name: {re.escape(layer)}\n    (?:dense|conv):\n(?:      .*\n)+', text, flags=re.M)
        block = re.sub(r'^      (mac|chunk_bits|group|approx_bits): .*\n', '', m.group(0), flags=re.M)
        block += f'      mac: lut-na\n      chunk_bits: {k}\n      group: {g}\n' + (f'      approx_bits: {t}\n' if t else '')
        text = text[:m.start()] + block + text[m.end():]
    return text


class Evaluator:
    def __init__(self, lutc, work, calib):
        self.lutc, self.work, self.calib, self.count = lutc, Path(work), calib, 0

    def write(self, text):
        self.count += 1
        path = self.work / f'm{self.count}.yaml'
        path.write_text(text)
        return path

    def accuracy(self, text, data=None):
        out = run_lutc(self.lutc, 'eval', str(self.write(text)), '--data', str(data or self.calib), '--json')
        return json.loads(out)['class_accuracy']

    def layer_costs(self, text, mac='auto'):
        """{layer: estimated cost} of `lutc compile` (report.json stages.read.dense)."""
        out = self.work / f'o{self.count + 1}'
        run_lutc(self.lutc, '-q', 'compile', str(self.write(text)), '-o', str(out), '--mac', mac, '-j', '2', '--no-netopt')
        dense = json.loads((out / 'report.json').read_text())['stages']['read']['dense']
        return {d['layer']: d['cost'] for d in dense}


def digits_calibration(path, samples, seed):
    import numpy as np
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    from train_dense_digits import IN_FRAC

    data = load_digits()
    codes = data.images.reshape(len(data.images), -1).astype(np.int64) // 2
    c_train, _, y_train, _ = train_test_split(codes, data.target, test_size=0.25, random_state=seed, stratify=data.target)
    c, y = c_train[:samples], y_train[:samples]
    bridge.write_csv(path, [f'x{i}' for i in range(codes.shape[1])] + ['label'],
                     np.concatenate([c * 2.0 ** -IN_FRAC, y[:, None]], axis=1))


def search(ev, text, budget, chunks, log):
    layers = layer_names(text)
    exact_acc = ev.accuracy(text)
    exact_cost = ev.layer_costs(text)
    log(f'exact: calibration accuracy {exact_acc:.4f}, estimated cost {exact_cost}')
    chosen = {}      # layer -> (k, g, t, accuracy with it and the layers before)
    acc_so_far = exact_acc
    for n, layer in enumerate(layers):
        # This layer may lose its share of what the layers before left of the budget.
        floor = acc_so_far - (budget - (exact_acc - acc_so_far)) / (len(layers) - n)
        settings = {name: c[:3] for name, c in chosen.items()}
        best = None
        for k in chunks:
            g = max(1, 6 // k)
            t, acc_t = 0, acc_so_far
            while t < 24:   # the largest t that keeps the accuracy above the floor
                acc = ev.accuracy(with_settings(text, {**settings, layer: (k, g, t + 1)}))
                if acc < floor:
                    break
                t, acc_t = t + 1, acc
            if t == 0:
                continue
            cost = ev.layer_costs(with_settings(text, {layer: (k, g, t)}))[layer]
            log(f'{layer}: chunk {k} group {g} approx_bits {t}: accuracy {acc_t:.4f}, cost {cost} (exact {exact_cost[layer]})')
            if cost < exact_cost[layer] and (best is None or cost < best[3]):
                best = (k, g, t, cost, acc_t)
        if best:
            chosen[layer] = (*best[:3], best[4])
            acc_so_far = best[4]
    while True:   # accuracy need not fall monotonically with t: check the whole setting
        settings = {layer: c[:3] for layer, c in chosen.items()}
        acc = ev.accuracy(with_settings(text, settings))
        log(f'chosen {settings}: calibration accuracy {acc:.4f} (exact {exact_acc:.4f})')
        if acc >= exact_acc - budget or not chosen:
            return settings, exact_acc, acc
        del chosen[list(chosen)[-1]]


def main():
    parser = bridge.argument_parser(__doc__)
    parser.add_argument('model')
    parser.add_argument('-o', '--output', required=True)
    parser.add_argument('--lutc', default=str(ROOT / 'build' / 'lutc'))
    parser.add_argument('--budget', type=float, default=0.01, help='largest calibration accuracy loss (default 0.01)')
    parser.add_argument('--calib', help='calibration CSV (default: 600 training samples of the digits split)')
    parser.add_argument('--chunks', default='1,2', help='chunk sizes to try (default 1,2)')
    parser.add_argument('--seed', type=int, default=2026, help='seed of the digits split (default 2026, the examples\')')
    args = parser.parse_args()
    bridge.ensure_venv()
    text = Path(args.model).read_text()
    with tempfile.TemporaryDirectory() as work:
        calib = args.calib
        if not calib:
            calib = str(Path(work) / 'calib.csv')
            digits_calibration(calib, 600, args.seed)
        ev = Evaluator(str(Path(args.lutc).resolve()), work, calib)
        settings, exact_acc, acc = search(ev, text, args.budget, [int(k) for k in args.chunks.split(',')],
                                          lambda m: print(m, file=sys.stderr, flush=True))
    out = with_settings(text, settings)
    bridge.write_atomic(args.output, lambda f: f.write(out))
    print(json.dumps({'layers': {layer: {'chunk_bits': k, 'group': g, 'approx_bits': t} for layer, (k, g, t) in settings.items()},
                      'calibration_accuracy_exact': exact_acc, 'calibration_accuracy': acc}))


if __name__ == '__main__':
    bridge.run_main(main)
