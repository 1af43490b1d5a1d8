"""Generate tests/data/wilson_beta_full.npz: one-loop β of the complete Warsaw basis from wilson.

Run with the oracle environment (NOT the jaxalign venv; wilson is a test-time oracle only):

    python3 -m venv .oracle && .oracle/bin/pip install wilson==2.5.2 flavio==2.7.1 particle==0.25.4
    .oracle/bin/python tests/data/make_wilson_beta_full.py

Points (fixed seed): random SM couplings of realistic size, generic random complex Yukawa
matrices, and random values O(1e-6) GeV^-2 for every one of the 2499 real parameters of the
baryon-number-conserving Warsaw basis, given as non-redundant WCxf values and turned into full
symmetric arrays with ``wilson.util.smeftutil.wcxf2arrays_symmetrized`` (which agrees with
jaxalign.smeft.operators.wcxf_to_arrays to machine precision, see tests/smeft/test_operators.py).

Stored (all complex arrays; index order = WCxf):
  ``p{i}/in/<key>``       the state (SM couplings and the 59 classes),
  ``p{i}/beta/<key>``     wilson.run.smeft.beta.beta(C, HIGHSCALE=1, newphys=True),
  ``p{i}/beta_sm/<key>``  the same with every dimension-six coefficient set to zero,
projected onto the symmetric subspace of each class (jaxalign.smeft.betas.common.project; the
antisymmetric remainder does not enter the Lagrangian; its size is recorded in the header).
wilson returns β̂ with dC/d ln μ = β̂/(16π²), i.e. without the loop factor.
"""

from __future__ import annotations

import datetime
import json
import pathlib

import sys

import numpy as np
import wilson
from wilson.run.smeft import beta as wbeta
from wilson.util import smeftutil

SEED = 20261121
N_POINTS = 4
SM_REAL = ("g", "gp", "gs", "Lambda", "m2")
YUKAWAS = ("Gu", "Gd", "Ge")
OUT = pathlib.Path(__file__).with_name("wilson_beta_full.npz")
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))  # jaxalign.smeft.operators/betas


def _wcxf_keys():
    """Non-redundant WCxf keys (name -> real?) of the B-conserving dimension-six Warsaw basis."""
    path = pathlib.Path(__file__).with_name("wcxf_smeft_warsaw_keys.json")
    keys = json.loads(path.read_text())["keys"]
    skip = ("duql", "qque", "qqql", "duue", "llphiphi")
    return {k: r for k, r in keys.items() if k.split("_")[0] not in skip}


def _project(name, a):
    import jax

    jax.config.update("jax_enable_x64", True)
    from jaxalign.smeft.betas.common import project

    return np.asarray(project(name, a))


def _point(rng, keys):
    cz = lambda shape, s: s * (rng.normal(size=shape) + 1j * rng.normal(size=shape))  # noqa: E731
    p = {
        "g": rng.uniform(0.55, 0.70),
        "gp": rng.uniform(0.33, 0.40),
        "gs": rng.uniform(0.9, 1.25),
        "Lambda": rng.uniform(0.20, 0.30),
        "m2": rng.uniform(6.0e3, 9.0e3),
    }
    for k in YUKAWAS:
        p[k] = cz((3, 3), 1.0) * np.exp(rng.uniform(np.log(0.05), 0.0, size=(3, 3)))
    vals = {}
    for k, info in keys.items():
        real = bool(info)
        vals[k] = 1e-6 * (rng.normal() + (0.0 if real else 1j * rng.normal()))
    arr = smeftutil.wcxf2arrays_symmetrized(vals)
    for name, shape in smeftutil.C_keys_shape.items():
        if name in p or name in ("duql", "qque", "qqql", "duue", "llphiphi"):
            continue
        a = np.asarray(arr.get(name, 0.0))
        p[name] = a.reshape(()) if shape == 1 else a.reshape(shape)
    return p


def _wilson_beta(p):
    C = {k: (np.asarray(v).reshape(1)[0] if np.ndim(v) == 0 else v) for k, v in p.items()}
    for name, shape in smeftutil.C_keys_shape.items():  # BNV and dimension five: zero
        C.setdefault(name, 0.0 if shape == 1 else np.zeros(shape, dtype=complex))
    return wbeta.beta(C, HIGHSCALE=1, newphys=True)


def main():
    from jaxalign.smeft.operators import WARSAW_CLASSES

    keys = _wcxf_keys()
    assert sum(1 if r else 2 for r in keys.values()) == 2499
    out, asym = {}, {}
    rng = np.random.default_rng(SEED)
    for i in range(N_POINTS):
        p = _point(rng, keys)
        b = _wilson_beta(p)
        p_sm = {k: (v if k in SM_REAL + YUKAWAS else np.zeros_like(v)) for k, v in p.items()}
        b_sm = _wilson_beta(p_sm)
        for k, v in p.items():
            out[f"p{i}/in/{k}"] = np.asarray(v, dtype=complex)
            for tag, bb in (("beta", b), ("beta_sm", b_sm)):
                x = np.asarray(bb[k], dtype=complex).reshape(np.shape(v))
                if k in WARSAW_CLASSES:
                    xp = _project(k, x)
                    scale = np.max(np.abs(x)) or 1.0
                    asym[k] = max(asym.get(k, 0.0), float(np.max(np.abs(x - xp)) / scale))
                    x = xp
                out[f"p{i}/{tag}/{k}"] = x
    header = {
        "generator": "tests/data/make_wilson_beta_full.py",
        "reference": f"wilson {wilson.__version__}: wilson.run.smeft.beta.beta(C, HIGHSCALE=1, newphys=True)",
        "normalisation": "dy/dln(mu) = beta/(16 pi^2); stored beta excludes 1/(16 pi^2)",
        "seed": SEED, "n_points": N_POINTS, "date": datetime.date.today().isoformat(),
        "max_relative_non_symmetric_part_of_wilson_beta": asym,
    }
    out["header"] = np.array(json.dumps(header))
    np.savez_compressed(OUT, **out)
    print(f"wrote {OUT} ({OUT.stat().st_size / 1024:.0f} kB)")
    print({k: v for k, v in asym.items() if v > 1e-14})


if __name__ == "__main__":
    main()
