#!/usr/bin/env python3
"""Trains a small hybrid HGQ2 model: a conventional quantized layer (QDense, multiply-accumulate with
heterogeneously quantized weights, ReLU) feeding an HGQ-LUT layer (QDenseT, one learned table per
edge), on scikit-learn's digits. Deterministic for a seed; about a minute on a CPU.

In ALIR the QDense layer becomes alkaid's CMVM adder graph (add/sub with shifts), ReLU and
quantize ops; the QDenseT layer becomes lookup tables and adders.

Usage: tools/train_hybrid.py [-o examples/digits_hybrid] [--seed 1] [--epochs N] [--hidden H]
Writes the same files as tools/train_digits.py: model.keras, model.json.gz, test.csv, pred.csv,
meta.json. Runs in the venv of tools/setup_python.sh (re-executes itself there).
"""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import alkaid_bridge as bridge  # noqa: E402


def build_model(n_inputs, hidden, n_classes):
    import keras
    from hgq.layers import QDense, QDenseT

    inputs = keras.Input((n_inputs,))
    x = QDense(hidden, activation='relu')(inputs)
    outputs = QDenseT(n_classes, parallelization_factor=1)(x)
    return keras.Model(inputs, outputs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split('\n\n', 1)[1])
    import digits_training as training

    training.add_common_args(parser, 'examples/digits_hybrid', epochs=120, pool=2, beta=(1e-5, 1e-3))
    parser.add_argument('--hidden', type=int, default=8, help='QDense units (default 8)')
    args = parser.parse_args()
    bridge.ensure_venv()
    bridge.configure_backend()
    training.seed_everything(args.seed)
    x_train, y_train, x_test, y_test = training.load_digits(args.pool, 0.2, args.seed)
    model = build_model(x_train.shape[1], args.hidden, 10)
    seconds, last = training.train(model, x_train, y_train, args.epochs, args.batch_size, args.learning_rate, *args.beta)
    training.export(model, args.output, x_test, y_test, {
        'what': 'hybrid digits classifier: QDense (ReLU) -> QDenseT',
        'command': 'tools/train_hybrid.py ' + ' '.join(sys.argv[1:]),
        'seed': args.seed, 'epochs': args.epochs, 'pool': args.pool, 'hidden': args.hidden,
        'train_seconds': round(seconds, 1), 'train_accuracy': last.get('accuracy'), 'ebops': last.get('ebops'),
        'data': 'sklearn.datasets.load_digits, pixel/16 (2x2 means with pool 2), stratified 80/20 split',
        'class_rule': 'argmax over y0..y9, ties to the lowest index',
    })


if __name__ == '__main__':
    bridge.run_main(main)
