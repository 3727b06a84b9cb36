"""Training helpers shared by tools/train_digits.py and tools/train_hybrid.py.

Data: scikit-learn's handwritten digits (1797 8x8 images, pixels 0..16, shipped inside the
scikit-learn wheel: no download). Inputs are pixel/16 (or the mean of 2x2 pixel blocks with
--pool 2), all exact binary fractions in [0, 1]. The split is stratified and fixed by the seed.
"""
import json
import os
import random
import sys
import time
from pathlib import Path

import alkaid_bridge as bridge


def seed_everything(seed):
    os.environ['PYTHONHASHSEED'] = str(seed)
    random.seed(seed)
    import numpy as np
    import keras

    np.random.seed(seed)
    keras.utils.set_random_seed(seed)


def load_digits(pool, test_fraction, seed):
    """(x_train, y_train, x_test, y_test); x in [0, 1] as exact binary fractions."""
    import numpy as np
    from sklearn.datasets import load_digits as sk_digits
    from sklearn.model_selection import train_test_split

    data = sk_digits()
    images = data.images.astype(np.float64)  # (n, 8, 8), integers 0..16
    if pool > 1:
        n, h, w = images.shape
        images = images.reshape(n, h // pool, pool, w // pool, pool).mean(axis=(2, 4))
    x = images.reshape(len(images), -1) / 16.0
    y = data.target.astype(np.int64)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=test_fraction, random_state=seed, stratify=y)
    return x_train, y_train, x_test, y_test


def beta_callback(beta_start, beta_end, epochs):
    """EBOPs regularization strength rising log-linearly over training: accuracy first, then cost."""
    from hgq.utils.sugar import BetaScheduler, PieceWiseSchedule

    warm = max(1, epochs // 10)
    return BetaScheduler(PieceWiseSchedule([(0, beta_start, 'constant'), (warm, beta_start, 'log'), (epochs, beta_end, 'constant')]))


def train(model, x_train, y_train, epochs, batch_size, learning_rate, beta_start, beta_end):
    import keras
    from hgq.utils.sugar import FreeEBOPs

    model.compile(optimizer=keras.optimizers.Adam(learning_rate),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=['accuracy'])
    start = time.time()
    history = model.fit(x_train, y_train, epochs=epochs, batch_size=batch_size, verbose=0,
                        callbacks=[beta_callback(beta_start, beta_end, epochs), FreeEBOPs()])
    last = {k: float(v[-1]) for k, v in history.history.items()}
    print(f'trained {epochs} epochs in {time.time() - start:.1f} s: train accuracy {last.get("accuracy", 0):.4f}, '
          f'EBOPs {last.get("ebops", 0):.0f}', file=sys.stderr)
    return time.time() - start, last


def export(model, out_dir, x_test, y_test, meta):
    """Writes model.keras, model.json.gz (ALIR), test.csv (x0..x{n-1},label), pred.csv (alkaid's
    outputs y0..y{m-1} on test.csv) and meta.json (accuracies and how it was made)."""
    import numpy as np

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    keras_path = out_dir / 'model.keras'
    tmp = out_dir / f'.model.tmp{os.getpid()}.keras'
    model.save(tmp)
    os.replace(tmp, keras_path)
    # Trace the model as saved and reloaded, exactly what tools/keras_to_alir.py does.
    logic = bridge.load_logic(keras_path)
    from keras_to_alir import save_alir

    save_alir(logic, out_dir / 'model.json.gz')

    y_keras = np.asarray(model.predict(x_test, verbose=0), dtype=np.float64)
    y_alkaid = bridge.predict(logic, x_test)
    # Ties go to the lowest class index (numpy's argmax), the rule hardware comparisons must use.
    keras_acc = float(np.mean(np.argmax(y_keras, axis=1) == y_test))
    alkaid_acc = float(np.mean(np.argmax(y_alkaid, axis=1) == y_test))
    same_class = int(np.sum(np.argmax(y_keras, axis=1) == np.argmax(y_alkaid, axis=1)))
    n_in, n_out = logic.shape
    bridge.write_csv(out_dir / 'test.csv', [f'x{i}' for i in range(n_in)] + ['label'],
                     np.concatenate([x_test, y_test[:, None]], axis=1))
    bridge.write_csv(out_dir / 'pred.csv', [f'y{i}' for i in range(n_out)], y_alkaid)
    kinds = {}
    for op in logic.ops:
        kinds[op.opcode] = kinds.get(op.opcode, 0) + 1
    meta = dict(meta)
    meta.update({
        'inputs': int(n_in), 'outputs': int(n_out), 'test_samples': int(len(y_test)),
        'keras_test_accuracy': keras_acc, 'alkaid_test_accuracy': alkaid_acc,
        'keras_alkaid_same_class': same_class,
        'alir_ops': len(logic.ops), 'alir_lookup_tables': len(logic.lookup_tables or ()),
        'alir_ops_by_opcode': {str(k): v for k, v in sorted(kinds.items())},
        'layers': [type(layer).__name__ for layer in model.layers],
    })
    bridge.write_atomic(out_dir / 'meta.json', lambda f: f.write(json.dumps(meta, indent=1) + '\n'))
    print(f'{out_dir}: Keras test accuracy {keras_acc:.4f}, alkaid interpreter {alkaid_acc:.4f} '
          f'({same_class}/{len(y_test)} same class), {len(logic.lookup_tables or ())} tables, {len(logic.ops)} ops',
          file=sys.stderr)
    return meta


def add_common_args(parser, out_default, epochs, pool, beta):
    parser.add_argument('-o', '--output', default=out_default, help=f'output directory (default {out_default})')
    parser.add_argument('--seed', type=int, default=1, help='random seed (split, initialization, shuffling)')
    parser.add_argument('--epochs', type=int, default=epochs, help=f'training epochs (default {epochs})')
    parser.add_argument('--pool', type=int, default=pool, choices=(1, 2, 4),
                        help=f'average-pool the 8x8 image by this factor (default {pool}: {64 // pool // pool} inputs)')
    parser.add_argument('--batch-size', type=int, default=32)
    parser.add_argument('--learning-rate', type=float, default=3e-3)
    parser.add_argument('--beta', type=float, nargs=2, default=beta, metavar=('START', 'END'),
                        help=f'EBOPs regularization strength, rising from START to END (default {beta[0]:g} {beta[1]:g}); '
                        'larger END: fewer bits and edges, smaller hardware, lower accuracy')


def train_main(doc, build_model, *, script, output, what, epochs, beta, hidden_default, hidden_help):
    """The whole command of a digits training script: parse arguments, train `build_model`'s model
    with a fixed seed, export it with its metadata. Scripts differ only in the model and defaults."""
    parser = bridge.argument_parser(doc)
    add_common_args(parser, output, epochs=epochs, pool=2, beta=beta)
    parser.add_argument('--hidden', type=int, default=hidden_default, help=hidden_help)
    args = parser.parse_args()
    bridge.ensure_venv()
    bridge.configure_backend()
    seed_everything(args.seed)
    x_train, y_train, x_test, y_test = load_digits(args.pool, 0.2, args.seed)
    model = build_model(x_train.shape[1], args.hidden, 10)
    seconds, last = train(model, x_train, y_train, args.epochs, args.batch_size, args.learning_rate, *args.beta)
    return export(model, args.output, x_test, y_test, {
        'what': what,
        'command': f'tools/{script} ' + ' '.join(sys.argv[1:]),
        'seed': args.seed, 'epochs': args.epochs, 'pool': args.pool, 'hidden': args.hidden,
        'train_seconds': round(seconds, 1), 'train_accuracy': last.get('accuracy'), 'ebops': last.get('ebops'),
        'data': 'sklearn.datasets.load_digits, pixel/16 (2x2 means with pool 2), stratified 80/20 split',
        'class_rule': 'argmax over y0..y9, ties to the lowest index',
    })
