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
    import digits_training as training

    training.train_main(__doc__, build_model, script='train_digits.py', output='examples/digits_hgq',
                        what='HGQ-LUT digits classifier (QDenseT only)', epochs=300, beta=(1e-4, 1.5e-3),
                        hidden_default=0, hidden_help='QDenseT units of a hidden layer (default 0: none)')


if __name__ == '__main__':
    bridge.run_main(main)
