#!/usr/bin/env python3
"""Trains the default example: an HGQ-LUT network (HGQ2 QDenseT layers) on scikit-learn's digits.

Every input->output edge of a QDenseT layer is a learned one-input table; HGQ's EBOPs
regularization prunes edges and bits, so the hardware stays small. Deterministic for a seed.

Usage: tools/train_digits.py [-o examples/digits_hgq] [--seed 1] [--epochs 300] [--hidden 0] [--beta 1e-4 1.5e-3]
Writes model.keras, model.json.gz (ALIR, as tools/keras_to_alir.py traces it), test.csv (the
held-out split: x0..x{n-1},label), pred.csv (alkaid's bit-exact outputs y0..y9 on test.csv) and
meta.json (Keras and alkaid-interpreter test accuracy, command). Runs in the venv of
tools/setup_python.sh (re-executes itself there).
"""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import alkaid_bridge as bridge  # noqa: E402


def build_model(n_inputs, hidden, n_classes):
    import keras
    from hgq.layers import QDenseT

    inputs = keras.Input((n_inputs,))
    x = inputs
    if hidden > 0:
        x = QDenseT(hidden, batch_norm=True, parallelization_factor=1)(x)
    outputs = QDenseT(n_classes, parallelization_factor=1)(x)
    return keras.Model(inputs, outputs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split('\n\n', 1)[1])
    import digits_training as training

    training.add_common_args(parser, 'examples/digits_hgq', epochs=300, pool=2, beta=(1e-4, 1.5e-3))
    parser.add_argument('--hidden', type=int, default=0, help='QDenseT units of a hidden layer (default 0: none)')
    args = parser.parse_args()
    bridge.ensure_venv()
    bridge.configure_backend()
    training.seed_everything(args.seed)
    x_train, y_train, x_test, y_test = training.load_digits(args.pool, 0.2, args.seed)
    model = build_model(x_train.shape[1], args.hidden, 10)
    seconds, last = training.train(model, x_train, y_train, args.epochs, args.batch_size, args.learning_rate, *args.beta)
    training.export(model, args.output, x_test, y_test, {
        'what': 'HGQ-LUT digits classifier (QDenseT only)',
        'command': 'tools/train_digits.py ' + ' '.join(sys.argv[1:]),
        'seed': args.seed, 'epochs': args.epochs, 'pool': args.pool, 'hidden': args.hidden,
        'train_seconds': round(seconds, 1), 'train_accuracy': last.get('accuracy'), 'ebops': last.get('ebops'),
        'data': 'sklearn.datasets.load_digits, pixel/16 (2x2 means with pool 2), stratified 80/20 split',
        'class_rule': 'argmax over y0..y9, ties to the lowest index',
    })


if __name__ == '__main__':
    bridge.run_main(main)
