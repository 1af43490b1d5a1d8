"""Shared loader for the complete-basis β reference (tests/data/wilson_beta_full.npz).

The file is produced by tests/data/make_wilson_beta_full.py with wilson 2.5.2 (a test-time
oracle; wilson is not imported by the tests). Each point holds the state ``in`` (SM couplings and
all 59 Warsaw classes, random and symmetric), wilson's β̂ ``beta`` and ``beta_sm`` (β̂ with every
dimension-six coefficient zero), projected onto the symmetric subspace of each class.
"""

from __future__ import annotations

import json
import pathlib

import jax.numpy as jnp
import numpy as np

DATA = pathlib.Path(__file__).resolve().parents[1] / "data" / "wilson_beta_full.npz"
SM_REAL = ("g", "gp", "gs", "Lambda", "m2")
RTOL = 1e-10  # relative to the largest entry of the key


def load():
    """Return (header, points); each point is {"in"|"beta"|"beta_sm": {key: array}}."""
    raw = np.load(DATA)
    header = json.loads(str(raw["header"]))
    points = []
    for i in range(header["n_points"]):
        pt = {}
        for tag in ("in", "beta", "beta_sm"):
            pre = f"p{i}/{tag}/"
            pt[tag] = {k[len(pre):]: raw[k] for k in raw.files if k.startswith(pre)}
        points.append(pt)
    return header, points


def state(point):
    """The jaxalign β-function state of a reference point (real scalars real, the rest complex)."""
    from jaxalign.smeft.operators import WARSAW_CLASSES

    out = {}
    for k, v in point["in"].items():
        real = k in SM_REAL or WARSAW_CLASSES.get(k) == "real0"
        out[k] = jnp.asarray(np.real(v) if real else v)
    return out


def max_rel_dev(mine, ref):
    mine, ref = np.asarray(mine), np.asarray(ref)
    scale = np.max(np.abs(ref))
    assert scale > 0
    return float(np.max(np.abs(mine - ref)) / scale)
