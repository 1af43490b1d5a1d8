"""The Warsaw basis in WCxf conventions: operator classes, flavour symmetries and key mapping.

Conventions (WCxf, Aebischer et al. arXiv:1712.05298; Grzadkowski et al. arXiv:1008.4884):
``L = L_SM + Σ_i C_i O_i (+ h.c. for non-Hermitian O_i)``, coefficients in GeV⁻², keys
``name_indices`` with 1-based generation indices in the order of the fields in the operator.
Internally a class is one full flavour array (0-based indices, all orderings filled), such that
the Lagrangian is the sum over *all* index tuples. For classes with redundant orderings the
array entries follow from the non-redundant WCxf keys by the symmetry of the class:

* ``general2`` (``eB``, ``ephi``, ...): all 9 entries independent and complex;
* ``hermitian2`` (``phil1``, ...): keys with p ≤ r, ``C_rp = C_pr*``, diagonal real;
* ``general4`` (``lequ1``, ``lequ3``, ``ledq``, ...): all 81 entries independent and complex;
* ``hermitian_pair`` (two different currents, ``lq1``, ``qe``, ...): ``C_rpts = C_prst*``; the key is
  the lexicographically smaller of ``prst``/``rpts``; no extra factor;
* ``identical_pair`` (``ll``, ``qq1``, ``qq3``, ``uu``, ``dd``) and ``ee`` (with Fierz symmetry):
  array entries are ``key / n`` with ``n`` the number of distinct orderings related by the
  (non-conjugating) symmetry, e.g. ``ll_1122`` → ``C_1122 = C_2211 = ll_1122/2``;
  ``ee_1122`` → 1/4 in each of ``C_1122, C_2211, C_1221, C_2112``.

The running covers the 59 baryon-number-conserving classes (:data:`D6_CLASSES`, 2499 real
parameters); baryon-number-violating and dimension-five keys are valid WCxf but rejected by
:func:`split_sector` with a clear message. :data:`DIPOLE_SECTOR` names the six classes of the
lepton dipole/Yukawa sector (ALIGN §3) used by the fast linearised fits.
"""

from __future__ import annotations

import collections
import functools
import itertools
import re

import numpy as np

from ..errors import WCxfError, suggest

__all__ = [
    "WARSAW_CLASSES",
    "DIPOLE_SECTOR",
    "D6_CLASSES",
    "SM_KEYS",
    "class_shape",
    "class_keys",
    "class_representatives",
    "all_keys",
    "parse_key",
    "wcxf_to_arrays",
    "arrays_to_wcxf",
    "split_sector",
]

# name -> symmetry type. Bosonic classes (no flavour index) are real.
_BOSONIC = [
    "G", "Gtilde", "W", "Wtilde", "phi", "phiBox", "phiD",
    "phiG", "phiB", "phiW", "phiWB", "phiGtilde", "phiBtilde", "phiWtilde", "phiWtildeB",
]
_GENERAL2 = ["uphi", "dphi", "ephi", "eW", "eB", "uG", "uW", "uB", "dG", "dW", "dB", "phiud"]
_HERMITIAN2 = ["phil1", "phil3", "phie", "phiq1", "phiq3", "phiu", "phid"]
_IDENTICAL = ["ll", "qq1", "qq3", "uu", "dd"]
_PAIR = [
    "lq1", "lq3", "eu", "ed", "le", "lu", "ld", "qe", "qu1", "qu8", "qd1", "qd8", "ud1", "ud8",
]
_GENERAL4 = ["ledq", "lequ1", "lequ3", "quqd1", "quqd8", "duql", "duue"]

WARSAW_CLASSES: dict[str, str] = {}
WARSAW_CLASSES.update({k: "real0" for k in _BOSONIC})
WARSAW_CLASSES.update({k: "general2" for k in _GENERAL2})
WARSAW_CLASSES.update({k: "hermitian2" for k in _HERMITIAN2})
WARSAW_CLASSES.update({k: "identical_pair" for k in _IDENTICAL})
WARSAW_CLASSES["ee"] = "ee"
WARSAW_CLASSES.update({k: "hermitian_pair" for k in _PAIR})
WARSAW_CLASSES.update({k: "general4" for k in _GENERAL4})
# Baryon-number violating classes with index symmetries (key lists as in WCxf).
WARSAW_CLASSES["qque"] = "sym12"  # C_prst = C_rpst: keys p <= r
WARSAW_CLASSES["qqql"] = "qqql"  # keys: not (s < p and r <= p)
# The dimension-five Weinberg operator (WCxf includes it in SMEFT.Warsaw): symmetric, complex.
WARSAW_CLASSES["llphiphi"] = "symmetric2"
BNV_CLASSES = ("duql", "qque", "qqql", "duue")

#: The lepton dipole/Yukawa sector of ALIGN §3 (the classes of the fast linearised fits).
DIPOLE_SECTOR = ("eB", "eW", "ephi", "lequ1", "lequ3", "ledq")
#: The 59 baryon-number-conserving dimension-six classes (all of them are run).
D6_CLASSES = tuple(k for k in WARSAW_CLASSES if k not in BNV_CLASSES and k != "llphiphi")
#: SM couplings carried along in the running (WCxf/wilson names).
SM_KEYS = ("g", "gp", "gs", "Lambda", "m2", "Gu", "Gd", "Ge")


def class_shape(name: str) -> tuple[int, ...]:
    """Shape of the full flavour array of an operator class."""
    sym = WARSAW_CLASSES[name]
    return {"real0": (), "general2": (3, 3), "hermitian2": (3, 3), "symmetric2": (3, 3)}.get(
        sym, (3, 3, 3, 3)
    )


def _orbit_real(idx, sym):
    """Orderings equal to ``idx`` by the non-conjugating symmetries of the class."""
    p, r, s, t = idx
    if sym == "identical_pair":
        return {(p, r, s, t), (s, t, p, r)}
    if sym == "ee":
        return {(p, r, s, t), (s, t, p, r), (p, t, s, r), (s, r, p, t)}
    return {idx}


def _orbit_conj(idx, sym):
    """Orderings equal to the complex conjugate of ``idx``."""
    if sym in ("hermitian2",):
        p, r = idx
        return {(r, p)}
    if sym in ("hermitian_pair", "identical_pair", "ee"):
        out = set()
        for q in _orbit_real(idx, sym):
            p, r, s, t = q
            out |= _orbit_real((r, p, t, s), sym)
        return out
    return set()


@functools.lru_cache(maxsize=None)
def class_keys(name: str) -> tuple[tuple[tuple[int, ...], bool], ...]:
    """Non-redundant index tuples (0-based) of a class and whether each coefficient is real."""
    sym = WARSAW_CLASSES[name]
    if sym == "real0":
        return (((), True),)
    n = 2 if sym in ("general2", "hermitian2", "symmetric2") else 4
    out = []
    for idx in itertools.product(range(3), repeat=n):
        if sym in ("general2", "general4"):
            out.append((idx, False))
            continue
        if sym in ("symmetric2", "sym12", "qqql"):
            p, r = idx[0], idx[1]
            keep = (p <= r) if sym != "qqql" else not (idx[2] < p and r <= p)
            if keep:
                out.append((idx, False))
            continue
        orbit = _orbit_real(idx, sym) | _orbit_conj(idx, sym) if n == 4 else {idx, idx[::-1]}
        if idx != min(orbit):
            continue
        if n == 2:
            real = idx[0] == idx[1]
        else:
            real = bool(_orbit_real(idx, sym) & _orbit_conj(idx, sym))
        out.append((idx, real))
    return tuple(out)


#: Index tables of :func:`class_representatives` (numpy arrays).
Representatives = collections.namedtuple("Representatives", "flat real images source sign")


@functools.lru_cache(maxsize=None)
def class_representatives(name: str) -> Representatives:
    """The independent entries of a class's full flavour array and how the array follows from them.

    The representatives are the non-redundant index tuples of :func:`class_keys` (same order); the
    state of the numerical running holds the *array entries* there (not the WCxf key values, which
    differ by the orbit size for ``identical_pair``/``ee``). Fields (numpy arrays; ``n`` = number
    of representatives, ``N`` = size of the full array, 1 for the bosonic classes):

    * ``flat`` (n,): flat index of each representative in the full array;
    * ``real`` (n,): the entry is real by the class symmetry (its conjugate is in its own orbit);
    * ``images`` (m, n): flat indices of the images of each representative under the m
      non-conjugating orderings that :func:`jaxalign.smeft.betas.common.project` averages over
      (m = 1, 2, 4 for general/Hermitian, ``identical_pair``, ``ee``);
    * ``source`` (N,), ``sign`` (N,): entry j of the full array is ``x[source[j]]`` if
      ``sign[j] = +1`` and its conjugate if ``sign[j] = −1`` (x = the values at the
      representatives); ``sign`` is +1 for real representatives.
    """
    sym = WARSAW_CLASSES[name]
    shape = class_shape(name)
    if not shape:
        z = np.zeros(1, int)
        return Representatives(z, np.ones(1, bool), z[None], z, np.ones(1, int))
    keys = class_keys(name)
    pos = {idx: i for i, (idx, _) in enumerate(keys)}
    flat = np.array([np.ravel_multi_index(idx, shape) for idx, _ in keys])
    real = np.array([r for _, r in keys], bool)
    if sym in ("identical_pair", "ee"):
        perms = [(0, 1, 2, 3), (2, 3, 0, 1)] + ([(0, 3, 2, 1), (2, 1, 0, 3)] if sym == "ee" else [])
        images = np.array([[np.ravel_multi_index(tuple(idx[o] for o in perm), shape) for idx, _ in keys]
                           for perm in perms])
    else:
        images = flat[None]
    source = np.zeros(int(np.prod(shape)), int)
    sign = np.ones(int(np.prod(shape)), int)
    for j, idx in enumerate(itertools.product(range(3), repeat=len(shape))):
        if idx in pos:
            source[j] = pos[idx]
            continue
        if sym in ("general2", "general4"):
            raise AssertionError(idx)  # every entry is a representative
        if sym == "hermitian2":
            rep, conj = idx[::-1], True
        else:
            orbit = _orbit_real(idx, sym) | _orbit_conj(idx, sym)
            rep = min(orbit)
            conj = idx not in _orbit_real(rep, sym)
        source[j] = pos[rep]
        sign[j] = -1 if (conj and not real[pos[rep]]) else 1
    return Representatives(flat, real, images, source, sign)


def _key(name: str, idx) -> str:
    return name if not idx else f"{name}_{''.join(str(i + 1) for i in idx)}"


@functools.lru_cache(maxsize=None)
def _all_keys() -> dict[str, bool]:
    return {_key(n, idx): real for n in WARSAW_CLASSES for idx, real in class_keys(n)}


def all_keys() -> dict[str, bool]:
    """All non-redundant Warsaw WCxf keys → whether the coefficient is real (computed once)."""
    return dict(_all_keys())


_KEY_RE = re.compile(r"^([A-Za-z0-9]+?)(?:_([1-3]{2}|[1-3]{4}))?$")


def parse_key(key: str) -> tuple[str, tuple[int, ...]]:
    """Split a WCxf key into class name and 0-based indices, validating it.

    Raises:
        WCxfError: unknown class, wrong number of indices, or a redundant ordering (naming the
            key that should be used instead).
    """
    m = _KEY_RE.match(key)
    name, digits = (m.group(1), m.group(2)) if m else (key, None)
    if name not in WARSAW_CLASSES:
        # names like 'lequ3' end in a digit: retry splitting at the last underscore
        base, _, digits = key.rpartition("_")
        if base in WARSAW_CLASSES and digits.isdigit():
            name = base
        else:
            ci = [k for k in all_keys() if k.lower() == key.lower()]
            hint = f" Did you mean '{ci[0]}'? (names are case-sensitive)" if ci else suggest(key, all_keys())
            raise WCxfError(f"unknown Warsaw-basis coefficient '{key}'.{hint}")
    idx = tuple(int(c) - 1 for c in digits) if digits else ()
    shape = class_shape(name)
    if len(idx) != len(shape) or any(i not in (0, 1, 2) for i in idx):
        raise WCxfError(
            f"coefficient '{key}': class '{name}' takes {len(shape)} generation indices (1-3)."
        )
    if idx and idx not in {i for i, _ in class_keys(name)}:
        sym = WARSAW_CLASSES[name]
        if sym in ("hermitian2", "symmetric2"):
            alt = _key(name, tuple(sorted(idx)))
        elif sym in ("hermitian_pair", "identical_pair", "ee"):
            alt = _key(name, min(_orbit_real(idx, sym) | _orbit_conj(idx, sym)))
        else:
            alt = "the ordering listed in the WCxf basis file"
        raise WCxfError(
            f"coefficient '{key}' is a redundant index ordering; WCxf uses {alt!r}"
            " (the conjugate or symmetric partner)."
        )
    return name, idx


def wcxf_to_arrays(values: dict, where: str = "WCxf input") -> dict[str, np.ndarray]:
    """Non-redundant WCxf values → full flavour arrays (complex numpy, one per class present).

    Raises:
        WCxfError: unknown key, redundant ordering, or an imaginary part on a real coefficient.
    """
    reality = {}
    arrays: dict[str, np.ndarray] = {}
    for key, z in values.items():
        name, idx = parse_key(key)
        z = complex(z)
        sym = WARSAW_CLASSES[name]
        if not reality:
            reality = _all_keys()
        if reality.get(key, False) and z.imag != 0.0:
            raise WCxfError(f"{where}: coefficient '{key}' is real in WCxf but has Im = {z.imag!r}.")
        a = arrays.setdefault(name, np.zeros(class_shape(name), dtype=complex))
        if sym == "real0":
            a[()] = z.real
        elif sym in ("general2", "general4"):
            a[idx] = z
        elif sym in ("symmetric2", "sym12", "qqql"):
            raise WCxfError(
                f"{where}: '{key}' ({'dimension five' if sym == 'symmetric2' else 'baryon-number violating'}) "
                "is not supported by jaxalign's running."
            )
        elif sym == "hermitian2":
            a[idx] = z
            a[idx[::-1]] = np.conj(z) if idx[0] != idx[1] else z.real
        else:
            orb = _orbit_real(idx, sym)
            for q in orb:
                a[q] = z / len(orb)
            for q in _orbit_conj(idx, sym):
                if q not in orb:
                    a[q] = np.conj(z) / len(orb)
    return arrays


def arrays_to_wcxf(arrays: dict, *, drop_zero: bool = True) -> dict[str, complex]:
    """Full flavour arrays → non-redundant WCxf values (inverse of :func:`wcxf_to_arrays`)."""
    out = {}
    for name, a in arrays.items():
        if name not in WARSAW_CLASSES:
            continue
        a = np.asarray(a)
        sym = WARSAW_CLASSES[name]
        for idx, real in class_keys(name):
            if sym in ("identical_pair", "ee"):
                z = complex(a[idx]) * len(_orbit_real(idx, sym))
            else:
                z = complex(a[idx]) if idx else complex(a)
            if real:
                z = complex(z.real, 0.0)
            if drop_zero and z == 0:
                continue
            out[_key(name, idx)] = z
    return out


def split_sector(values: dict, sector=None, where: str = "WCxf input") -> dict:
    """Check that every key is a valid Warsaw key *and* inside ``sector`` (default: all run classes).

    Returns the values unchanged. Raises :class:`WCxfError` naming the offending key.
    """
    sector = D6_CLASSES if sector is None else tuple(sector)
    for key in values:
        name, _ = parse_key(key)
        if name in sector:
            continue
        if name in BNV_CLASSES or name == "llphiphi":
            what = "baryon-number violating" if name in BNV_CLASSES else "dimension five"
            raise WCxfError(
                f"{where}: '{key}' is a valid Warsaw coefficient ({what}), but jaxalign runs only "
                "the 59 baryon-number-conserving dimension-six classes."
            )
        raise WCxfError(
            f"{where}: '{key}' is a valid Warsaw coefficient, but this part of jaxalign uses only "
            f"the classes {', '.join(sector)}."
        )
    return values
