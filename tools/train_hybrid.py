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
    import digits_training as training

    training.train_main(__doc__, build_model, script='train_hybrid.py', output='examples/digits_hybrid',
                        what='hybrid digits classifier: QDense (ReLU) -> QDenseT', epochs=120, beta=(1e-5, 1e-3),
                        hidden_default=8, hidden_help='QDense units (default 8)')


if __name__ == '__main__':
    bridge.run_main(main)
