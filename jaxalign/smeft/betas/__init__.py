"""One-loop β-functions of the complete Warsaw basis (59 B-conserving classes) and the SM couplings.

One module per operator family, each exporting ``BETAS = {key: fn(C, Y) -> β̂}``:

==============  ======================================================================
``bosonic``     X³, H⁶, H⁴D², X²H² classes; the SM couplings g, gp, gs, Lambda, m2
``yukawa``      ψ²H³ (ephi, uphi, dphi); the Yukawa matrices Gu, Gd, Ge
``dipole``      ψ²XH (eW, eB, uG, uW, uB, dG, dW, dB)
``current``     ψ²H²D (phil1, phil3, phie, phiq1, phiq3, phiu, phid, phiud)
``llll``        (L̄L)(L̄L): ll, qq1, qq3, lq1, lq3
``rrrr``        (R̄R)(R̄R): ee, uu, dd, eu, ed, ud1, ud8
``llrr``        (L̄L)(R̄R): le, lu, ld, qe, qu1, qu8, qd1, qd8
``lrrl``        (L̄R)(R̄L), (L̄R)(L̄R): ledq, lequ1, lequ3, quqd1, quqd8
==============  ======================================================================

Conventions and the shared helpers are in :mod:`.common`.

Implementation (speed on CPU/XLA, four-fermion modules): contractions are written with
:func:`.common.fein` (einsum as fusible elementwise code, no dot kernels), wave functions with
:func:`.common.ffwf_f`, the Yukawa products come from :func:`.common.yukf`; 3×3 sums (penguins,
redundant-operator coefficients) and Yukawa-dressed arrays read several times are computed once
with :func:`.common.materialize`, and blocks shared by several classes are traced once per
evaluation (:func:`.common.shared`). :func:`beta_hat` builds one ``Yuk`` per call for this.
"""

from __future__ import annotations

import functools

import jax.numpy as jnp

from ...errors import InputError, suggest
from ..operators import BNV_CLASSES, WARSAW_CLASSES, class_representatives, class_shape
from . import bosonic, current, dipole, llll, llrr, lrrl, rrrr, yukawa
from .common import Yuk, keep, project

# imported eagerly: the modules create small constant arrays at import, which must not happen
# inside a jit trace
_FAMILY = {"bosonic": bosonic, "yukawa": yukawa, "dipole": dipole, "current": current,
           "llll": llll, "rrrr": rrrr, "llrr": llrr, "lrrl": lrrl}

__all__ = ["KEYS_SM", "CLASSES", "ALL_KEYS", "beta_functions", "complete_state", "beta_hat",
           "at_representatives"]

#: SM couplings (real scalars first, then complex 3×3 Yukawa matrices).
KEYS_SM = ("g", "gp", "gs", "Lambda", "m2", "Gu", "Gd", "Ge")
#: The 59 baryon-number-conserving dimension-six Warsaw classes (WCxf order).
CLASSES = tuple(k for k in WARSAW_CLASSES if k not in BNV_CLASSES and k != "llphiphi")
ALL_KEYS = KEYS_SM + CLASSES
_MODULES = ("bosonic", "yukawa", "dipole", "current", "llll", "rrrr", "llrr", "lrrl")


@functools.lru_cache(maxsize=None)
def beta_functions() -> dict:
    """key → β̂ function ``fn(C, Y)`` collected from the family modules."""
    out = {}
    for name in _MODULES:
        mod = _FAMILY[name]
        clash = set(out) & set(mod.BETAS)
        if clash:
            raise RuntimeError(f"β functions defined twice: {sorted(clash)} (module {name})")
        out.update(mod.BETAS)
    missing = set(ALL_KEYS) - set(out)
    if missing:
        raise RuntimeError(f"no β function for {sorted(missing)}")
    return out


def _is_real(k):
    return k in KEYS_SM[:5] or WARSAW_CLASSES.get(k) == "real0"


def check_keys(y) -> None:
    """Raise :class:`InputError` for a key that is neither an SM coupling nor a class with running."""
    for k in y:
        if k not in ALL_KEYS:
            hint = (" (baryon-number violating and dimension-five operators are not run)"
                    if k in WARSAW_CLASSES else suggest(k, ALL_KEYS))
            raise InputError(f"beta: no running implemented for {k!r}.{hint}")


def complete_state(y: dict) -> dict:
    """Fill absent dimension-six classes with zeros and fix dtypes (real scalars real, rest complex).

    Raises:
        InputError: unknown key, or a missing SM coupling.
    """
    check_keys(y)
    missing = [k for k in KEYS_SM if k not in y]
    if missing:
        raise InputError(f"beta: state lacks the SM couplings {missing}.")
    out = {}
    for k in ALL_KEYS:
        if k in y:
            v = jnp.asarray(y[k])
            out[k] = jnp.real(v).astype(float) if _is_real(k) else v.astype(complex)
        else:
            out[k] = jnp.zeros(class_shape(k), float if _is_real(k) else complex)
    return out


def at_representatives(name: str, a):
    """The projection (:func:`.common.project`) of the class array ``a`` at the representatives of
    :func:`jaxalign.smeft.operators.class_representatives`, as a flat complex vector (bosonic
    classes: the real part, shape (1,)).

    For an array with the conjugation symmetry of its class (C_rpts = C_prst* for the
    four-fermion classes other than ``general4``, C_rp = C_pr* for ``hermitian2``) this is the
    average over the non-conjugating orderings of the class only (the conjugate terms of
    ``project`` repeat those); the one-loop β̂ of a state with the class symmetries has that
    symmetry (tests/smeft/test_beta_representatives.py), which is why the running can compute only
    the entries read here (about half of each four-fermion array).
    """
    r = class_representatives(name)
    flat = jnp.reshape(a, (-1,))
    if not jnp.shape(a):
        return jnp.real(flat)
    if r.images.shape[0] == 1:
        return flat[r.images[0]]
    return sum(flat[i] for i in r.images) / r.images.shape[0]


def beta_hat(y: dict, keys=None, *, representatives: bool = False) -> dict:
    """β̂ (no loop factor, dy/d ln μ = β̂/(16π²)) of ``keys`` (default: the keys of ``y``).

    Absent classes count as zero. Dimension-six results are projected onto the symmetric subspace
    of their class (:func:`.common.project`), so a symmetric state stays symmetric.

    With ``representatives=True`` a dimension-six class is returned only at its independent
    entries (:func:`at_representatives`: a flat complex vector in the order of
    :func:`jaxalign.smeft.operators.class_keys`), and only those entries are computed; ``y``
    must then have the symmetries of its classes (the numerical running guarantees it).
    """
    fns = beta_functions()
    z = complete_state(y)
    Y = Yuk(z["Gu"], z["Gd"], z["Ge"])
    keys = tuple(y) if keys is None else tuple(keys)
    raw = {k: fns[k](z, Y) for k in keys}
    if representatives:
        raw = {k: (at_representatives(k, b) if k in CLASSES else b) for k, b in raw.items()}
    held = [k for k in keys if jnp.ndim(raw[k]) > 0]
    if held:
        raw.update(zip(held, keep(*[raw[k] for k in held])) if len(held) > 1
                   else {held[0]: keep(raw[held[0]])})
    out = {}
    for k in keys:
        b = raw[k]
        if k in CLASSES and not representatives:
            out[k] = project(k, b)
        else:
            out[k] = jnp.real(b) if _is_real(k) else b
    return out
