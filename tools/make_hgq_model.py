#!/usr/bin/env python3
"""Makes an HGQ-LUT model of a chosen size, traced into ALIR, to measure how lutc scales.

The shared jet models have 16 inputs and at most ~250 lookup tables. HGQ-LUT models in use are
larger (particle-level jet taggers with 512-1024 inputs: thousands of edge tables and 10k-25k
ALIR ops). This tool builds such a model with HGQ2's own layers: QDenseT layers (one learned
table per edge), optionally behind a conventional QDense layer (`--hybrid`: alkaid's CMVM adder
graph feeding tables). It trains briefly on synthetic data (inputs uniform in [0, 1), labels from
a random linear teacher) so EBOPs regularization prunes bits and edges as real training would;
the result is a realistic shape, not a useful classifier. Deterministic for a seed.

Usage: tools/make_hgq_model.py --inputs 512 --hidden 8 --outputs 5 [--hybrid 32] [--epochs 3] -o DIR
Writes DIR/model.json.gz (ALIR), DIR/in.csv (1,000 random inputs on the input grids),
DIR/pred.csv (alkaid's bit-exact outputs for them) and DIR/meta.json (ops, tables, seconds).
Runs in the venv of tools/setup_python.sh (re-executes itself there).
"""
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import alkaid_bridge as bridge  # noqa: E402


def build_model(args):
    import keras
    from hgq.layers import QDense, QDenseT

    inputs = keras.Input((args.inputs,))
    x = inputs
    if args.hybrid > 0:
        x = QDense(args.hybrid, activation='relu')(x)
    if args.hidden > 0:
        x = QDenseT(args.hidden, batch_norm=True, parallelization_factor=1)(x)
    outputs = QDenseT(args.outputs, parallelization_factor=1)(x)
    return keras.Model(inputs, outputs)


def synthetic_data(args, n):
    import numpy as np

    rng = np.random.default_rng(args.seed)
    x = rng.random((n, args.inputs))
    teacher = rng.normal(size=(args.inputs, args.outputs))
    y = np.argmax((x - 0.5) @ teacher, axis=1)
    return x, y


def main():
    parser = bridge.argument_parser(__doc__)
    parser.add_argument('-o', '--output', required=True, help='output directory')
    parser.add_argument('--inputs', type=int, default=512)
    parser.add_argument('--hidden', type=int, default=0, help='QDenseT units of a hidden layer (0: none)')
    parser.add_argument('--outputs', type=int, default=5)
    parser.add_argument('--hybrid', type=int, default=0, help='units of a QDense (MAC) layer in front (0: none)')
    parser.add_argument('--epochs', type=int, default=3)
    parser.add_argument('--beta', type=float, default=1e-5, help='EBOPs regularization strength')
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--vectors', type=int, default=1000, help='random inputs and reference outputs written')
    args = parser.parse_args()
    bridge.ensure_venv()
    bridge.configure_backend()
    import digits_training as training
    import keras
    import numpy as np
    from hgq.utils.sugar import FreeEBOPs
    from keras_to_alir import save_alir

    training.seed_everything(args.seed)
    model = build_model(args)
    x, y = synthetic_data(args, 4096)
    model.compile(optimizer=keras.optimizers.Adam(3e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    start = time.time()
    from hgq.utils.sugar import BetaScheduler, PieceWiseSchedule
    beta = BetaScheduler(PieceWiseSchedule([(0, args.beta, 'constant')]))
    model.fit(x, y, epochs=args.epochs, batch_size=64, verbose=0, callbacks=[beta, FreeEBOPs()])
    train_s = time.time() - start

    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    start = time.time()
    logic = bridge.trace_keras(model)
    trace_s = time.time() - start
    save_alir(logic, out / 'model.json.gz')
    xs = bridge.random_inputs(logic, args.vectors, args.seed)
    n_in, n_out = logic.shape
    bridge.write_csv(out / 'in.csv', [f'x{i}' for i in range(n_in)], xs)
    bridge.write_csv(out / 'pred.csv', [f'y{i}' for i in range(n_out)], bridge.predict(logic, xs))
    kinds = {}
    for op in logic.ops:
        kinds[str(op.opcode)] = kinds.get(str(op.opcode), 0) + 1
    meta = {'command': ' '.join(sys.argv), 'inputs': int(n_in), 'outputs': int(n_out),
            'alir_ops': len(logic.ops), 'alir_lookup_tables': len(logic.lookup_tables or ()),
            'alir_ops_by_opcode': dict(sorted(kinds.items())),
            'train_seconds': round(train_s, 1), 'trace_seconds': round(trace_s, 1)}
    bridge.write_atomic(out / 'meta.json', lambda f: f.write(json.dumps(meta, indent=1) + '\n'))
    print(f'{out}: {n_in} inputs, {len(logic.lookup_tables or ())} tables, {len(logic.ops)} ops '
          f'(trained {train_s:.0f} s, traced {trace_s:.0f} s)', file=sys.stderr)


if __name__ == '__main__':
    bridge.run_main(main)
