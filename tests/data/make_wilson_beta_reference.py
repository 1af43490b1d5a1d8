"""Generate tests/data/wilson_beta_dipole.json: reference one-loop SMEFT β-functions from wilson.

Run with the oracle environment (NOT the jaxalign venv):

    python3 -m venv .oracle && .oracle/bin/pip install wilson==2.5.2 flavio==2.7.1 particle==0.25.4
    .oracle/bin/python tests/data/make_wilson_beta_reference.py

For a few random points (fixed seed) with random complex Yukawa matrices, SM couplings of realistic
size and random complex coefficients of O(1e-6) GeV^-2 for the six classes eB, eW, ephi, lequ1,
lequ3, ledq (every other Warsaw coefficient zero), it stores the inputs and

* ``beta``:    wilson.run.smeft.beta.beta(C, HIGHSCALE=1, newphys=True) for all 14 keys;
* ``beta_sm``: the same with the six classes set to zero (so that the dimension-six part of the
               SM-coupling β's can be tested on its own scale);
* ``beta_nodipole``: the same with eB = eW = 0 (used to test the dipole → ephi mixing on its own
               scale, see docs/derivations/dipole_to_ephi.md).

wilson returns β̂ with dC/d ln μ = β̂/(16π²), i.e. WITHOUT the loop factor. Complex arrays are
stored as {"re": [...], "im": [...]}, real scalars as floats, index order = WCxf key order.
"""

from __future__ import annotations

import datetime
import json
import pathlib

import numpy as np
import wilson
from wilson.run.smeft import beta as wbeta
from wilson.util import smeftutil

SEED = 20240611
N_POINTS = 6
SM_REAL = ("g", "gp", "gs", "Lambda", "m2")
YUKAWAS = ("Gu", "Gd", "Ge")
CLASSES = ("eB", "eW", "ephi", "lequ1", "lequ3", "ledq")
KEYS = SM_REAL + YUKAWAS + CLASSES
OUT = pathlib.Path(__file__).with_name("wilson_beta_dipole.json")


def _enc(x):
    x = np.asarray(x)
    if x.ndim == 0:
        return float(np.real(x))
    return {"re": np.real(x).tolist(), "im": np.imag(x).tolist()}


def _point(rng):
    cz = lambda shape, s: s * (rng.normal(size=shape) + 1j * rng.normal(size=shape))  # noqa: E731
    p = {
        "g": rng.uniform(0.55, 0.70),
        "gp": rng.uniform(0.33, 0.40),
        "gs": rng.uniform(0.9, 1.25),
        "Lambda": rng.uniform(0.20, 0.30),  # = M_h^2 / v^2
        "m2": rng.uniform(6.0e3, 9.0e3),  # GeV^2, = M_h^2 / 2
    }
    for k in YUKAWAS:  # generic complex matrices with entries of O(0.05 - 1)
        p[k] = cz((3, 3), 1.0) * np.exp(rng.uniform(np.log(0.05), 0.0, size=(3, 3)))
    for k in CLASSES:
        p[k] = cz(smeftutil.C_keys_shape[k], 1.0e-6)
    return p


def _wilson_beta(p):
    C = {}
    for k, s in smeftutil.C_keys_shape.items():
        C[k] = np.zeros(s, dtype=complex) if s != 1 else 0.0
    C.update({k: p[k] for k in KEYS})
    b = wbeta.beta(C, HIGHSCALE=1, newphys=True)
    return {k: _enc(b[k]) for k in KEYS}


def main():
    rng = np.random.default_rng(SEED)
    points = []
    for _ in range(N_POINTS):
        p = _point(rng)
        p_sm = dict(p)
        for k in CLASSES:
            p_sm[k] = np.zeros_like(p[k])
        p_nd = dict(p)
        for k in ("eB", "eW"):
            p_nd[k] = np.zeros_like(p[k])
        points.append({
            "input": {k: _enc(p[k]) for k in KEYS},
            "beta": _wilson_beta(p),
            "beta_sm": _wilson_beta(p_sm),
            "beta_nodipole": _wilson_beta(p_nd),
        })
    data = {
        "header": {
            "description": "One-loop SMEFT beta functions of the SM couplings and of the classes "
                           "eB, eW, ephi, lequ1, lequ3, ledq (all other Warsaw coefficients zero).",
            "generator": "tests/data/make_wilson_beta_reference.py",
            "reference": f"wilson {wilson.__version__}: wilson.run.smeft.beta.beta(C, HIGHSCALE=1, "
                         "newphys=True)",
            "normalisation": "dy/dln(mu) = beta/(16 pi^2); the stored beta excludes 1/(16 pi^2)",
            "conventions": "WCxf/wilson: L = -[Ge lbar e H + Gd qbar d H + Gu qbar u Htilde] + h.c., "
                           "V = -m2 H^dag H + Lambda/2 (H^dag H)^2, dimension-six in GeV^-2, "
                           "WCxf index order",
            "seed": SEED,
            "date": datetime.date.today().isoformat(),
            "keys": list(KEYS),
        },
        "points": points,
    }
    OUT.write_text(json.dumps(data, separators=(",", ":")))
    print(f"wrote {OUT} ({OUT.stat().st_size / 1024:.0f} kB, {N_POINTS} points)")


if __name__ == "__main__":
    main()
