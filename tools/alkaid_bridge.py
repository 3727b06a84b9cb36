"""Shared helpers of the HGQ2/alkaid bridge tools (keras_to_alir.py, alkaid_predict.py, ...).

The tools run in the venv that tools/setup_python.sh makes; started with another Python they
re-execute themselves with the venv's interpreter. Heavy imports (keras, jax, alkaid) happen only
after argument parsing, so `--help` and usage errors are instant.
"""
import gzip
import importlib.util
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The settings the shared models were traced with (HGQ-LUT-AE's reproduction flow):
# HWConfig(adder_size=1, carry_size=-1, latency_cutoff=-1), i.e. combinational, and CMVM
# solver option hard_dc=2.
HW_CONFIG = (1, -1, -1)
SOLVER_OPTIONS = {'hard_dc': 2}
# Random inputs are clipped to this range (real units), as the shared data README describes.
RANDOM_CLIP = 16.0


class BridgeError(Exception):
    """An error a tool reports as one line `tool: error: ...` and exit status 1."""


def tool_name():
    return Path(sys.argv[0]).name


def argument_parser(doc):
    """The tools' parser: first paragraph of the module docstring as description, the rest as epilog."""
    import argparse
    return argparse.ArgumentParser(description=doc.split('\n\n')[0],
                                   formatter_class=argparse.RawDescriptionHelpFormatter,
                                   epilog=doc.split('\n\n', 1)[1])


def run_main(main):
    """Runs `main()`; a BridgeError or a missing input file becomes one error line and exit 1."""
    try:
        main()
    except BridgeError as e:
        print(f'{tool_name()}: error: {e}', file=sys.stderr)
        sys.exit(1)
    except FileNotFoundError as e:
        print(f'{tool_name()}: error: {e.filename}: no such file', file=sys.stderr)
        sys.exit(1)


def venv_python():
    venv = os.environ.get('LUTC_VENV') or str(ROOT / 'build' / 'venv')
    return Path(venv) / 'bin' / 'python'


def ensure_venv():
    """Re-executes the running tool with the venv's Python when alkaid is not importable here."""
    if importlib.util.find_spec('alkaid') is not None and importlib.util.find_spec('hgq') is not None:
        return
    python = venv_python()
    # Compare prefixes, not interpreters: a venv's python is a symlink to the base one.
    if python.exists() and Path(sys.prefix).resolve() != python.parent.parent.resolve():
        os.execv(str(python), [str(python), *sys.argv])
    raise BridgeError(f'hgq2/alkaid are not installed for {sys.executable}; run `bash tools/setup_python.sh` '
                      f'(venv at $LUTC_VENV, default build/venv)')


def configure_backend():
    """Keras 3 on the jax CPU backend, quiet; must run before keras is imported."""
    os.environ.setdefault('KERAS_BACKEND', 'jax')
    os.environ.setdefault('JAX_PLATFORMS', 'cpu')
    os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
    import warnings
    warnings.filterwarnings('ignore')


def hgq_custom_objects():
    """Maps the names older hgq2 releases registered (`hgq2>QDenseT`) to the current classes, so
    models saved by hgq2 0.1.x load with hgq2 0.2."""
    import keras
    import hgq.layers

    objects = {}
    for name in dir(hgq.layers):
        obj = getattr(hgq.layers, name)
        if isinstance(obj, type) and issubclass(obj, keras.layers.Layer):
            objects[f'hgq2>{obj.__name__}'] = obj
    return objects


def load_keras_model(path):
    configure_backend()
    path = Path(path)
    if not path.exists():
        raise BridgeError(f'{path}: no such file')
    import keras

    try:
        return keras.models.load_model(path, compile=False, custom_objects=hgq_custom_objects())
    except Exception as e:  # keras raises many kinds; the message is what the user needs
        raise BridgeError(f'{path}: cannot load the Keras model: {str(e).splitlines()[0]}') from e


def trace_keras(model):
    """Traces a loaded Keras (HGQ2) model into alkaid's combinational logic (ALIR)."""
    from alkaid.converter import trace_model
    from alkaid.trace import HWConfig, trace

    inputs, outputs = trace_model(model, HWConfig(*HW_CONFIG), dict(SOLVER_OPTIONS))
    return trace(inputs, outputs)


def is_alir_path(path):
    name = str(path)
    return name.endswith('.json') or name.endswith('.json.gz')


def load_logic(path):
    """alkaid CombLogic from an ALIR JSON (.json, .json.gz) or a Keras model (.keras, traced)."""
    path = Path(path)
    if not path.exists():
        raise BridgeError(f'{path}: no such file')
    if path.suffix in ('.keras', '.h5'):
        return trace_keras(load_keras_model(path))
    if not is_alir_path(path):
        raise BridgeError(f'{path}: expected an ALIR model (.json, .json.gz) or a Keras model (.keras)')
    configure_backend()
    from alkaid.types import CombLogic

    try:
        return CombLogic.load(path)
    except Exception as e:
        raise BridgeError(f'{path}: not a valid ALIR model: {str(e).splitlines()[0] if str(e) else type(e).__name__}') from e


def open_text(path, mode):
    return gzip.open(path, mode + 't', encoding='utf-8') if str(path).endswith('.gz') else open(path, mode, encoding='utf-8')


def write_atomic(path, write):
    """Calls write(file) on a temporary sibling of `path` and renames it into place, so an error
    leaves no output behind."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f'.{path.name}.tmp{os.getpid()}')
    try:
        with open_text(tmp, 'w') as f:
            write(f)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def format_value(v):
    """Exact text of a float64 (shortest round-trip repr); integral values without '.0'."""
    v = float(v)
    if v.is_integer() and abs(v) < 2**53:
        return str(int(v))
    return repr(v)


def write_csv(path, header, rows):
    def write(f):
        f.write(','.join(header) + '\n')
        for row in rows:
            f.write(','.join(format_value(v) for v in row) + '\n')

    write_atomic(path, write)


def read_csv(path, n_inputs):
    """Reads a CSV whose header names x0..x{n-1} (any order; other columns such as `label` or y*
    are ignored). Returns (inputs as float64 array [samples, n], {other column: list of text})."""
    import numpy as np

    path = Path(path)
    if not path.exists():
        raise BridgeError(f'{path}: no such file')
    rows = []
    header = None
    with open_text(path, 'r') as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            fields = [t.strip() for t in line.split(',')]
            if header is None:
                header = fields
                where = {name: i for i, name in enumerate(header)}
                missing = [f'x{i}' for i in range(n_inputs) if f'x{i}' not in where]
                if missing:
                    raise BridgeError(f'{path}:{number}:1: header lacks input column {missing[0]} '
                                      f'(the model has inputs x0..x{n_inputs - 1})')
                columns = [where[f'x{i}'] for i in range(n_inputs)]
                others = [i for i in range(len(header)) if i not in columns]
                extra = {header[i]: [] for i in others}
                continue
            if len(fields) != len(header):
                raise BridgeError(f'{path}:{number}:1: {len(fields)} fields, the header has {len(header)}')
            try:
                rows.append([float(fields[c]) for c in columns])
            except ValueError:
                bad = next(c for c in columns if not _is_float(fields[c]))
                raise BridgeError(f'{path}:{number}:{bad + 1}: bad number {fields[bad]!r}') from None
            for i in others:
                extra[header[i]].append(fields[i])
    if header is None:
        raise BridgeError(f'{path}: empty file (expected a header x0..x{n_inputs - 1})')
    return np.array(rows, dtype=np.float64).reshape(len(rows), n_inputs), extra


def _is_float(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def input_grids(logic):
    """For each ALIR input: (lo, hi, step) in real input units, the grid of the quantizer(s) that
    read it (union of their ranges, finest step), clipped to +-RANDOM_CLIP; None for an input no
    operation reads (its value does not matter)."""
    inp_op = {}
    for i, op in enumerate(logic.ops):
        if op.opcode == -1:
            inp_op[i] = op.data[0]
    grids = [None] * logic.shape[0]
    for op in logic.ops:
        for a in op.addr:
            if a not in inp_op:
                continue
            j = inp_op[a]
            unit = 2.0 ** logic.inp_shifts[j]  # the input op sees x * 2^shift
            src = logic.ops[a].qint
            if op.opcode == 3:  # quantize(x * 2^data[0]): its own grid, in input units
                scale = unit * 2.0 ** op.data[0]
                lo, hi, step = op.qint.min / scale, op.qint.max / scale, op.qint.step / scale
            else:  # read unquantized: the input's own type
                lo, hi, step = src.min / unit, src.max / unit, src.step / unit
            step = max(step, src.step / unit)  # never finer than the input op keeps
            old = grids[j]
            grids[j] = (lo, hi, step) if old is None else (min(old[0], lo), max(old[1], hi), min(old[2], step))
    clipped = []
    for g in grids:
        if g is None:
            clipped.append(None)
            continue
        lo, hi, step = g
        lo = max(lo, -RANDOM_CLIP)
        hi = min(hi, RANDOM_CLIP)
        clipped.append((lo, max(hi, lo), step))
    return clipped


def random_inputs(logic, n, seed):
    """n random in-range inputs: each input uniform over its grid (input_grids); inputs no
    operation reads get standard normal values."""
    import numpy as np

    rng = np.random.default_rng(seed)
    grids = input_grids(logic)
    x = np.empty((n, len(grids)), dtype=np.float64)
    for j, g in enumerate(grids):
        if g is None:
            x[:, j] = rng.standard_normal(n)
            continue
        lo, hi, step = g
        k_lo, k_hi = int(np.ceil(lo / step)), int(np.floor(hi / step))
        x[:, j] = rng.integers(k_lo, k_hi + 1, size=n) * step
    return x


def predict(logic, x):
    """alkaid's bit-exact C++ interpreter (CombLogic.predict) on float64 inputs [samples, n]."""
    import numpy as np

    if len(x) == 0:
        return np.zeros((0, logic.shape[1]))
    return np.asarray(logic.predict(np.ascontiguousarray(x, dtype=np.float64)), dtype=np.float64)
