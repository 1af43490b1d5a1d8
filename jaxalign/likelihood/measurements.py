"""Measurements and limits of the dipole observables, read from YAML, and their likelihood factors.

Data live in ``jaxalign/data/measurements/<vintage>/<experiment>_<year>.yaml``, one file per
published result (vintages ``"2021"`` and ``"current"``; a user may pass a directory or a single
file instead). File format::

    source: {ref: "MEG Collaboration, EPJC 76 (2016) 434", arxiv: "1605.05081", where: "abstract"}
    combine: true                      # optional, default true (see below)
    observables:
      "BR(mu->egamma)": {upper_limit: 4.2e-13, cl: 0.90, unit: "1", likelihood: half_normal_at_cl}
      "a_mu": {value: 116592061e-11, uncertainty: 41e-11, unit: "1"}   # likelihood: gaussian

``source`` (required) has ``ref`` (required) and optionally ``arxiv``, ``doi``, ``url``, ``where``
(where in the paper the number is), ``note``. An observable entry is either a measurement
(``value``, ``uncertainty``, ``unit``, optional ``likelihood: gaussian``) or a limit
(``upper_limit``, ``cl`` as a probability, ``unit``, ``likelihood``); both may carry ``note``,
``combine`` and ``superseded_by``. Likelihood types (see :mod:`jaxalign.likelihood.distributions`):

- ``gaussian`` — measurements of a_e, a_μ, a_τ;
- ``half_normal_at_cl`` — upper limits on the branching ratios (positive quantities);
- ``gaussian_at_cl`` — the limit on |d_e| (signed quantity).

The a_ℓ entries store the *measured* a_ℓ, never Δa_ℓ: :func:`constraint_for` subtracts the SM
prediction of the chosen :class:`~jaxalign.inputs.SMInputs` and adds its theory error in
quadrature.

**Several results for one observable.** Exactly one *active* entry per observable and vintage is
allowed; loading raises :class:`~jaxalign.errors.DataError` naming both files otherwise. An entry
is active unless it (or, as a default for all its observables, its file) says ``combine: false``.
Mark a result ``combine: false`` (and say why in ``superseded_by``) when it is superseded by, or
already included in, another file (e.g. MEG 2016 inside the MEG II combination), or when a weaker
independent limit is kept only for reference. No automatic combination of limits is attempted.

Units: a_ℓ and branching ratios dimensionless (``"1"``), d_e as d_e/e in e·cm (``"e cm"``).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import equinox as eqx
import jax.numpy as jnp
from jaxtyping import Array, ArrayLike

from jaxalign.errors import DataError, suggest
from jaxalign.inputs import INPUT_SETS, SMInputs, _read_yaml, load_inputs
from jaxalign.observables.catalog import LIKELIHOODS, info, known_observables

from .distributions import Distribution, Gaussian, GaussianLimit, HalfNormal, MultivariateGaussian

__all__ = [
    "KNOWN_OBSERVABLES",
    "LIKELIHOOD_TYPES",
    "VINTAGES",
    "PREDICTION",
    "Citation",
    "Measurement",
    "Constraint",
    "read_measurements",
    "read_all_measurements",
    "constraint_for",
    "load_measurements",
]

#: Likelihood types a file may name (see :mod:`jaxalign.observables.catalog`).
LIKELIHOOD_TYPES = LIKELIHOODS
#: Bundled vintages.
VINTAGES = ("2021", "current")


def __getattr__(name):
    # KNOWN_OBSERVABLES / PREDICTION are read from the observable catalogue on first use (the
    # catalogue imports the b→sℓℓ and light-mediator modules, which need not load with this one)
    if name == "KNOWN_OBSERVABLES":
        return known_observables()
    if name == "PREDICTION":
        return {n: info(n).prediction for n in known_observables()}
    raise AttributeError(name)


_TOP_KEYS = {"source", "observables", "correlated", "combine", "superseded_by", "notes"}
_GROUP_KEYS = {"name", "observables", "central", "uncertainties", "correlation", "note", "combine",
               "superseded_by"}
_SOURCE_KEYS = {"ref", "arxiv", "doi", "url", "where", "note"}
_COMMON_KEYS = {"unit", "likelihood", "combine", "superseded_by", "note"}
_MEAS_KEYS = _COMMON_KEYS | {"value", "uncertainty"}
_LIMIT_KEYS = _COMMON_KEYS | {"upper_limit", "cl"}


@dataclass(frozen=True)
class Citation:
    """Where a number comes from: reference, arXiv id, DOI, URL, place in the paper, data file."""

    ref: str
    arxiv: str | None = None
    doi: str | None = None
    url: str | None = None
    where: str | None = None
    note: str | None = None
    file: str | None = None

    def __str__(self) -> str:
        parts = [self.ref]
        if self.arxiv:
            parts.append(f"arXiv:{self.arxiv}")
        if self.where:
            parts.append(f"({self.where})")
        return " ".join(parts)


@dataclass(frozen=True)
class Measurement:
    """One published result for one observable, as read from a data file (hashable, static).

    ``kind`` is ``"measurement"`` (``value`` ± ``uncertainty``) or ``"upper_limit"``
    (``upper_limit`` at confidence level ``cl``).
    """

    observable: str
    kind: str
    likelihood: str
    unit: str
    citation: Citation
    value: float | None = None
    uncertainty: float | None = None
    upper_limit: float | None = None
    cl: float | None = None
    combine: bool = True
    superseded_by: str | None = None
    note: str | None = None
    # kind "correlated": a correlated Gaussian of several observables (``observable`` = group name)
    members: tuple | None = None
    central: tuple | None = None
    uncertainties: tuple | None = None
    correlation: tuple | None = None


class Constraint(eqx.Module):
    """A likelihood factor for one observable: a distribution plus where its numbers come from.

    ``nll(x)`` = −log L up to a constant (χ² = 2·nll) for the prediction ``x`` described in
    ``prediction`` (for a_ℓ: the NP shift Δa_ℓ, since the SM prediction is already folded into the
    distribution by :func:`constraint_for`).
    """

    distribution: Distribution
    observable: str = eqx.field(static=True)
    measurement: Measurement = eqx.field(static=True)
    prediction: str = eqx.field(static=True)

    @property
    def citation(self) -> Citation:
        return self.measurement.citation

    def nll(self, x: ArrayLike) -> Array:
        return self.distribution.nll(x)

    def chi2(self, x: ArrayLike) -> Array:
        return 2.0 * self.distribution.nll(x)

    @property
    def members(self) -> tuple[str, ...]:
        """The observables this factor constrains (several for a correlated group)."""
        return self.measurement.members or (self.observable,)


def _is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _number(file, key, field, x, *, positive=False, probability=False) -> float:
    where = f"{file}: observable {key!r}, field {field!r}"
    if not _is_number(x):
        raise DataError(f"{where}: must be a number, got {x!r}.")
    x = float(x)
    if not math.isfinite(x):
        raise DataError(f"{where}: must be finite, got {x}.")
    if positive and not x > 0:
        raise DataError(f"{where}: must be positive, got {x}.")
    if probability and not 0 < x < 1:
        raise DataError(f"{where}: must be a probability in (0, 1) (e.g. 0.90), got {x}.")
    return x


def _bool(file, key, field, x) -> bool:
    if not isinstance(x, bool):
        raise DataError(f"{file}: {key}: {field!r} must be true or false, got {x!r}.")
    return x


def _parse_citation(file: Path, data: dict) -> Citation:
    src = data.get("source")
    if not isinstance(src, dict):
        raise DataError(f"{file}: missing 'source' mapping (ref, arxiv, where, ...).")
    bad = set(src) - _SOURCE_KEYS
    if bad:
        k = sorted(bad)[0]
        raise DataError(
            f"{file}: unknown key {k!r} in 'source'; allowed: {sorted(_SOURCE_KEYS)}."
            f"{suggest(k, _SOURCE_KEYS)}"
        )
    if not isinstance(src.get("ref"), str) or not src["ref"].strip():
        raise DataError(f"{file}: 'source' needs a non-empty 'ref'.")
    fields = {}
    for k in _SOURCE_KEYS:
        if k in src and src[k] is not None:
            if not isinstance(src[k], str):  # e.g. an unquoted arXiv id 0801.1134 read as a float
                raise DataError(f"{file}: source field {k!r} must be a (quoted) string, got {src[k]!r}.")
            fields[k] = src[k]
    return Citation(**fields, file=str(file))


def _parse_file(file: Path) -> list[Measurement]:
    data = _read_yaml(file, DataError)
    bad = set(data) - _TOP_KEYS
    if bad:
        k = sorted(bad)[0]
        raise DataError(
            f"{file}: unknown top-level key {k!r}; allowed: {sorted(_TOP_KEYS)}.{suggest(k, _TOP_KEYS)}"
        )
    citation = _parse_citation(file, data)
    file_combine = _bool(file, "file", "combine", data.get("combine", True))
    file_superseded = data.get("superseded_by")
    obs = data.get("observables", {} if "correlated" in data else None)
    if not isinstance(obs, dict) or not (obs or "correlated" in data):
        raise DataError(f"{file}: missing or empty 'observables' mapping.")
    out = [_parse_group(file, g, citation, file_combine, file_superseded)
           for g in _group_list(file, data.get("correlated", []))]
    for key, entry in obs.items():
        try:
            inf = info(key)
        except DataError as exc:
            raise DataError(f"{file}: {exc}") from None
        if not isinstance(entry, dict):
            raise DataError(f"{file}: observable {key!r} must be a mapping, got {entry!r}.")
        is_meas, is_limit = "value" in entry, "upper_limit" in entry
        if is_meas == is_limit:
            raise DataError(
                f"{file}: observable {key!r} needs either 'value' (+ 'uncertainty') or "
                f"'upper_limit' (+ 'cl'), not {'both' if is_meas else 'neither'}."
            )
        allowed = _MEAS_KEYS if is_meas else _LIMIT_KEYS
        bad = set(entry) - allowed
        if bad:
            k = sorted(bad)[0]
            raise DataError(
                f"{file}: observable {key!r} has unknown key {k!r}; allowed: {sorted(allowed)}."
                f"{suggest(k, allowed)}"
            )
        likelihood = entry.get("likelihood", "gaussian" if is_meas else None)
        if likelihood is None:
            raise DataError(f"{file}: observable {key!r}: a limit needs 'likelihood'.")
        if likelihood not in LIKELIHOOD_TYPES:
            raise DataError(
                f"{file}: observable {key!r}: unknown likelihood {likelihood!r}; valid: "
                f"{', '.join(LIKELIHOOD_TYPES)}.{suggest(str(likelihood), LIKELIHOOD_TYPES)}"
            )
        if likelihood != inf.likelihood:
            raise DataError(
                f"{file}: observable {key!r}: likelihood {likelihood!r} does not fit this "
                f"observable; use {inf.likelihood!r}."
            )
        unit = entry.get("unit")
        if unit != inf.unit:
            raise DataError(
                f"{file}: observable {key!r}: 'unit' must be {inf.unit!r}, got {unit!r}."
            )
        combine = _bool(file, key, "combine", entry.get("combine", file_combine))
        common = dict(
            observable=key,
            likelihood=likelihood,
            unit=unit,
            citation=citation,
            combine=combine,
            superseded_by=entry.get("superseded_by", file_superseded),
            note=entry.get("note"),
        )
        if is_meas:
            if "uncertainty" not in entry:
                raise DataError(f"{file}: observable {key!r}: a measurement needs 'uncertainty'.")
            m = Measurement(
                kind="measurement",
                value=_number(file, key, "value", entry["value"]),
                uncertainty=_number(file, key, "uncertainty", entry["uncertainty"], positive=True),
                **common,
            )
        else:
            if "cl" not in entry:
                raise DataError(f"{file}: observable {key!r}: a limit needs 'cl'.")
            m = Measurement(
                kind="upper_limit",
                upper_limit=_number(file, key, "upper_limit", entry["upper_limit"], positive=True),
                cl=_number(file, key, "cl", entry["cl"], probability=True),
                **common,
            )
        out.append(m)
    return out


def _group_list(file, groups):
    if not isinstance(groups, list):
        raise DataError(f"{file}: 'correlated' must be a list of groups (name, observables, central, "
                        "uncertainties, correlation).")
    return groups


def _parse_group(file, g, citation, file_combine, file_superseded) -> Measurement:
    """One correlated Gaussian group (e.g. a published fit of (C9, C10))."""
    if not isinstance(g, dict):
        raise DataError(f"{file}: each 'correlated' entry must be a mapping, got {g!r}.")
    bad = set(g) - _GROUP_KEYS
    if bad:
        k = sorted(bad)[0]
        raise DataError(f"{file}: correlated group: unknown key {k!r}; allowed: {sorted(_GROUP_KEYS)}."
                        f"{suggest(k, _GROUP_KEYS)}")
    for k in ("name", "observables", "central", "uncertainties", "correlation"):
        if k not in g:
            raise DataError(f"{file}: correlated group {g.get('name', '?')!r}: missing {k!r}.")
    name = g["name"]
    if not isinstance(name, str) or not name or name in known_observables():
        raise DataError(f"{file}: correlated group name must be a new non-empty string, got {name!r}.")
    members = g["observables"]
    n = len(members) if isinstance(members, list) else 0
    if n < 2:
        raise DataError(f"{file}: correlated group {name!r}: 'observables' must list at least two names.")
    for o in members:
        try:
            inf = info(o)
        except DataError as exc:
            raise DataError(f"{file}: correlated group {name!r}: {exc}") from None
        if inf.likelihood != "gaussian":
            raise DataError(f"{file}: correlated group {name!r}: {o!r} is not a Gaussian-type observable.")
    central = [_number(file, name, "central", x) for x in _vec(file, name, "central", g["central"], n)]
    unc = [_number(file, name, "uncertainties", x, positive=True)
           for x in _vec(file, name, "uncertainties", g["uncertainties"], n)]
    rows = _vec(file, name, "correlation", g["correlation"], n)
    corr = tuple(tuple(_number(file, name, "correlation", x) for x in _vec(file, name, "correlation", r, n))
                 for r in rows)
    try:
        MultivariateGaussian(central, unc, corr)
    except ValueError as exc:
        raise DataError(f"{file}: correlated group {name!r}: {exc}.") from None
    return Measurement(
        observable=name, kind="correlated", likelihood="gaussian", unit="1", citation=citation,
        combine=_bool(file, name, "combine", g.get("combine", file_combine)),
        superseded_by=g.get("superseded_by", file_superseded), note=g.get("note"),
        members=tuple(members), central=tuple(central), uncertainties=tuple(unc), correlation=corr)


def _vec(file, name, field, v, n):
    if not isinstance(v, list) or len(v) != n:
        raise DataError(f"{file}: correlated group {name!r}: {field!r} must be a list of {n} entries.")
    return v


def _files(vintage: str | os.PathLike) -> list[Path]:
    if isinstance(vintage, str) and vintage in VINTAGES:
        root = Path(str(resources.files("jaxalign") / "data" / "measurements" / vintage))
        return sorted(root.glob("*.yaml"))
    path = Path(vintage)
    if path.is_dir():
        return sorted(list(path.glob("*.yaml")) + list(path.glob("*.yml")))
    if path.is_file():
        return [path]
    raise DataError(
        f"unknown measurement vintage {str(vintage)!r}; valid names are "
        f"{', '.join(map(repr, VINTAGES))} or a path to a directory / YAML file."
        f"{suggest(str(vintage), VINTAGES)}"
    )


def read_all_measurements(vintage: str | os.PathLike) -> list[Measurement]:
    """Every entry of every file of ``vintage``, including inactive (``combine: false``) ones."""
    files = _files(vintage)
    if not files:
        raise DataError(f"no measurement files found for {str(vintage)!r}.")
    return [m for f in files for m in _parse_file(f)]


def read_measurements(vintage: str | os.PathLike) -> dict[str, Measurement]:
    """The active entry for each observable constrained in ``vintage`` (schema-checked).

    Raises :class:`DataError` if two active entries constrain the same observable.
    """
    active: dict[str, Measurement] = {}
    for m in read_all_measurements(vintage):
        if not m.combine:
            continue
        if m.observable in active:
            other = active[m.observable].citation.file
            raise DataError(
                f"observable {m.observable!r} is constrained by two active results: {other} and "
                f"{m.citation.file}. Mark one of them 'combine: false' (with 'superseded_by')."
            )
        active[m.observable] = m
    return active


def constraint_for(name: str, measurement: Measurement, sm_inputs: SMInputs | None = None) -> Constraint:
    """Likelihood factor for observable ``name`` from a :class:`Measurement`.

    - a_e, a_μ, a_τ: Gaussian in the NP shift Δa_ℓ, centred at a_ℓ^exp − a_ℓ^SM with width
      √(σ_exp² + σ_SM²), where a_ℓ^SM, σ_SM are ``sm_inputs.a_sm``, ``sm_inputs.a_sm_err``
      (required). E.g. 2021 inputs: Δa_μ = 251(59) × 10⁻¹¹ [ALIGN eq. 2.2].
    - branching ratios: :class:`HalfNormal` with σ = limit/Φ⁻¹((1+CL)/2); x is the full BR.
    - d_e: :class:`GaussianLimit` with the same σ; x is d_e/e in e·cm.
    - every other Gaussian measurement (R_K, BR(B_s→μμ), trident ratios, ...): centred at the
      measured value minus the SM prediction of the observable catalogue, with the SM theory error
      added in quadrature; x is prediction − SM.
    - correlated groups (a published (C9, C10) fit): :class:`MultivariateGaussian`, SM values
      subtracted from the centres the same way (zero for NP Wilson coefficients).
    """
    if measurement.observable != name:
        raise DataError(
            f"constraint_for({name!r}, ...): the measurement is for {measurement.observable!r}."
        )
    if measurement.kind == "correlated":
        sm_val = [_sm_value(o, sm_inputs) for o in measurement.members]
        central = [c - v for c, (v, _) in zip(measurement.central, sm_val)]
        unc = [math.hypot(u, e) for u, (_, e) in zip(measurement.uncertainties, sm_val)]
        dist = MultivariateGaussian(central, unc, measurement.correlation)
        what = "; ".join(info(o).prediction for o in measurement.members)
        return Constraint(dist, observable=name, measurement=measurement, prediction=what)
    if measurement.likelihood == "gaussian":
        v, e = _sm_value(name, sm_inputs)
        dist = Gaussian(measurement.value - v, math.hypot(measurement.uncertainty, e))
    elif measurement.likelihood == "half_normal_at_cl":
        dist = HalfNormal.from_limit(measurement.upper_limit, measurement.cl)
    else:  # gaussian_at_cl
        dist = GaussianLimit.from_limit(measurement.upper_limit, measurement.cl)
    return Constraint(dist, observable=name, measurement=measurement, prediction=info(name).prediction)


def _sm_value(name, sm_inputs):
    """(SM prediction, its theory error) subtracted from a measurement of ``name``."""
    inf = info(name)
    if inf.kind == "dipole" and name in ("a_e", "a_mu", "a_tau") and sm_inputs is None:
        raise DataError(f"constraint_for({name!r}, ...) needs sm_inputs for a_ℓ^SM and its error.")
    return float(inf.sm_value(sm_inputs)), float(inf.sm_error(sm_inputs))


def load_measurements(
    vintage: str | os.PathLike, sm_inputs: SMInputs | str | None = None
) -> dict[str, Constraint]:
    """Observable name → :class:`Constraint` for every active result of ``vintage``.

    ``sm_inputs`` supplies a_ℓ^SM for the a_ℓ constraints: an :class:`SMInputs`, the name of an
    input set, or ``None`` for the input set of the same name as the vintage (``"2021"`` or
    ``"current"``). For a user directory/file with a_ℓ entries it must be given.
    """
    measurements = read_measurements(vintage)
    if isinstance(sm_inputs, str):
        sm_inputs = load_inputs(sm_inputs)
    elif sm_inputs is None and isinstance(vintage, str) and vintage in INPUT_SETS:
        sm_inputs = load_inputs(vintage)
    if sm_inputs is None and any(k in ("a_e", "a_mu", "a_tau") for k in measurements):
        raise DataError(
            f"load_measurements({str(vintage)!r}): a_ℓ constraints need sm_inputs (an SMInputs or "
            f"one of {', '.join(map(repr, INPUT_SETS))})."
        )
    return {k: constraint_for(k, m, sm_inputs) for k, m in measurements.items()}
