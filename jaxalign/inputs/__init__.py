"""Standard-Model input sets: ``load_inputs("2021" | "current" | "reference" | path)``.

The bundled sets live in ``jaxalign/data/inputs/<name>.yaml``:

- ``"2021"``: the inputs of the 2021 papers (PDG 2020, a_μ^SM of the 2020 Theory Initiative
  White Paper, ...);
- ``"current"``: PDG 2024 values and the 2025 White Paper a_μ^SM;
- ``"current_rb"``: ``"current"`` with a_e^SM computed with the fine-structure constant from
  Rb recoil instead of Cs (the two disagree by > 5σ; FLAVON-type Δa_e fits use either);
- ``"reference"``: exactly the inputs with which ``shared/reference/oracle_public.json`` was
  computed (wilson 2.5.2 / flavio 2.7.1 defaults), for validation against those numbers.

File format (YAML)::

    name: current                      # optional, defaults to the file stem
    description: "..."                 # optional free text
    inputs:
      GF: {value: 1.1663788e-5, unit: "GeV^-2", source: "PDG 2024, Physical constants table"}
      lepton_mass: {value: [0.51099895e-3, 0.1056583755, 1.77693], unit: GeV, source: "..."}
      ...

A variant file may start with ``based_on: <bundled set>`` and list only the inputs it changes.

Every entry needs ``value``, ``unit`` and ``source``; ``uncertainty`` and ``note`` are optional
(uncertainties are documentation only, except ``a_sm_err`` which is a field of its own). Masses
may be given in GeV or MeV. Two fields have an alternative spelling, exactly one of each pair must
be present:

- ``delta_ckm`` (CKM phase δ, rad) or ``gamma_ckm`` (unitarity-triangle angle γ, rad), converted
  exactly with :func:`jaxalign.inputs.sm.delta_from_gamma`;
- ``lepton_lifetime`` (s; ``.inf`` for the electron) or ``lepton_width`` (GeV, 0 for the
  electron), converted with τ = ħ/Γ.

Errors name the offending key: unknown or missing keys, non-numeric values, wrong shapes, unknown
units, negative masses / widths / uncertainties and non-positive lifetimes all raise
:class:`jaxalign.errors.InputError` before anything is traced.
"""

from __future__ import annotations

import math
import os
from importlib import resources
from pathlib import Path

import jax.numpy as jnp
import yaml

from jaxalign import require_x64
from jaxalign.errors import InputError, suggest
from jaxalign.io import yaml12
from jaxalign.units import GeV, MeV, hbar_GeV_s

from .sm import SCALAR_FIELDS, VECTOR_FIELDS, SMInputs, delta_from_gamma

__all__ = ["SMInputs", "load_inputs", "INPUT_SETS", "delta_from_gamma"]

#: Names of the bundled input sets.
INPUT_SETS = ("2021", "current", "reference", "current_rb")

# Accepted units per input key and their conversion factor to the internal unit.
_MASS = {"GeV": GeV, "MeV": MeV}
_ONE = {"1": 1.0}
_UNITS: dict[str, dict[str, float]] = {
    "scale_ew": _MASS,
    "GF": {"GeV^-2": 1.0},
    "alpha_e_mz": _ONE,
    "alpha_s_mz": _ONE,
    "m_W_run": _MASS,
    "m_h_run": _MASS,
    "m_up_mz": _MASS,
    "m_down_mz": _MASS,
    "m_lepton_mz": _MASS,
    "Vus": _ONE,
    "Vub": _ONE,
    "Vcb": _ONE,
    "delta_ckm": {"rad": 1.0},
    "gamma_ckm": {"rad": 1.0},
    "match_m_W": _MASS,
    "match_m_Z": _MASS,
    "match_alpha_e": _ONE,
    "lepton_mass": _MASS,
    "lepton_lifetime": {"s": 1.0},
    "lepton_width": _MASS,
    "alpha_e_0": _ONE,
    "a_sm": _ONE,
    "a_sm_err": _ONE,
}
_ALTERNATIVES = {"delta_ckm": "gamma_ckm", "lepton_lifetime": "lepton_width"}
_POSITIVE = {  # must be > 0
    "scale_ew", "GF", "alpha_e_mz", "alpha_s_mz", "m_W_run", "m_h_run", "m_up_mz", "m_down_mz",
    "m_lepton_mz", "match_m_W", "match_m_Z", "match_alpha_e", "lepton_mass", "lepton_lifetime",
    "alpha_e_0", "Vus", "Vub", "Vcb",
}
_NON_NEGATIVE = {"lepton_width", "a_sm_err"}  # may be 0
_MAY_BE_INFINITE = {"lepton_lifetime"}
_ENTRY_KEYS = {"value", "uncertainty", "unit", "source", "note"}
_TOP_KEYS = {"name", "description", "notes", "inputs", "based_on"}


def _read_yaml(path: Path, error_cls):
    """Read a YAML mapping from ``path`` (YAML-1.2 floats), raising ``error_cls`` on failure.

    Shared with :mod:`jaxalign.likelihood.measurements`.
    """
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml12.load(fh)
    except OSError as exc:
        raise error_cls(f"cannot read {path}: {exc}") from exc
    except yaml.YAMLError as exc:
        raise error_cls(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise error_cls(f"{path}: expected a YAML mapping at top level, got {type(data).__name__}")
    return data


def _resolve(name: str | os.PathLike) -> Path:
    if isinstance(name, str) and name in INPUT_SETS:
        return Path(str(resources.files("jaxalign") / "data" / "inputs" / f"{name}.yaml"))
    path = Path(name)
    looks_like_path = not isinstance(name, str) or path.suffix in (".yaml", ".yml") or os.sep in name
    if looks_like_path:
        if not path.is_file():
            raise InputError(f"input file {str(path)!r} does not exist.")
        return path
    raise InputError(
        f"unknown input set {name!r}; valid names are {', '.join(map(repr, INPUT_SETS))} "
        f"or a path to a YAML file.{suggest(str(name), INPUT_SETS)}"
    )


def _is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _number_array(path, key, value, shape):
    where = f"{path}: input {key!r}"
    if shape == ():
        if not _is_number(value):
            raise InputError(f"{where}: value must be a number, got {value!r}.")
        vals = [float(value)]
    else:
        if not isinstance(value, list) or len(value) != shape[0]:
            raise InputError(f"{where}: value must be a list of {shape[0]} numbers, got {value!r}.")
        bad = [v for v in value if not _is_number(v)]
        if bad:
            raise InputError(f"{where}: value must contain only numbers, got {bad[0]!r}.")
        vals = [float(v) for v in value]
    for v in vals:
        if math.isnan(v):
            raise InputError(f"{where}: value is NaN.")
        if math.isinf(v) and key not in _MAY_BE_INFINITE:
            raise InputError(f"{where}: value must be finite, got {v}.")
        if key in _POSITIVE and not v > 0:
            raise InputError(f"{where}: must be positive, got {v}.")
        if key in _NON_NEGATIVE and v < 0:
            raise InputError(f"{where}: must not be negative, got {v}.")
    return vals if shape else vals[0]


def _parse(path: Path, data: dict) -> SMInputs:
    unknown_top = set(data) - _TOP_KEYS
    if unknown_top:
        k = sorted(unknown_top)[0]
        raise InputError(
            f"{path}: unknown top-level key {k!r}; allowed: {sorted(_TOP_KEYS)}.{suggest(k, _TOP_KEYS)}"
        )
    entries = data.get("inputs")
    if not isinstance(entries, dict):
        raise InputError(f"{path}: missing 'inputs' mapping.")

    allowed = set(_UNITS)
    for key in entries:
        if key not in allowed:
            raise InputError(
                f"{path}: unknown input key {key!r}.{suggest(str(key), allowed)} "
                f"Valid keys: {', '.join(sorted(allowed))}."
            )
    for field, alt in _ALTERNATIVES.items():
        if field in entries and alt in entries:
            raise InputError(f"{path}: give either {field!r} or {alt!r}, not both.")
    for field in SCALAR_FIELDS + VECTOR_FIELDS:
        if field not in entries and _ALTERNATIVES.get(field) not in entries:
            alt = _ALTERNATIVES.get(field)
            extra = f" (or {alt!r})" if alt else ""
            raise InputError(f"{path}: missing input key {field!r}{extra}.")

    values: dict[str, object] = {}
    sources = []
    for key, entry in entries.items():
        if not isinstance(entry, dict):
            raise InputError(
                f"{path}: input {key!r} must be a mapping with value, unit and source, got {entry!r}."
            )
        bad = set(entry) - _ENTRY_KEYS
        if bad:
            k = sorted(bad)[0]
            raise InputError(
                f"{path}: input {key!r} has unknown field {k!r}; allowed: {sorted(_ENTRY_KEYS)}."
            )
        for need in ("value", "unit", "source"):
            if need not in entry:
                raise InputError(f"{path}: input {key!r} lacks {need!r}.")
        if not isinstance(entry["source"], str) or not entry["source"].strip():
            raise InputError(f"{path}: input {key!r}: 'source' must be a non-empty string.")
        units = _UNITS[key]
        unit = entry["unit"]
        if unit not in units:
            raise InputError(
                f"{path}: input {key!r}: unknown unit {unit!r}; allowed: {sorted(units)}."
            )
        shape = (3,) if key in VECTOR_FIELDS or key == "lepton_width" else ()
        val = _number_array(path, key, entry["value"], shape)
        if "uncertainty" in entry:  # documentation only: a number (or one per entry), >= 0
            unc = entry["uncertainty"]
            uncs = _number_array(
                path, f"{key}.uncertainty", unc, shape if isinstance(unc, list) else ()
            )
            if any(u < 0 for u in (uncs if isinstance(uncs, list) else [uncs])):
                raise InputError(f"{path}: input {key!r}: uncertainty must not be negative.")
        factor = units[unit]
        values[key] = [v * factor for v in val] if shape else val * factor
        sources.append((key, entry["source"].strip()))

    if "gamma_ckm" in values:
        values["delta_ckm"] = float(
            delta_from_gamma(values["Vus"], values["Vub"], values["Vcb"], values.pop("gamma_ckm"))
        )
    if "lepton_width" in values:
        widths = values.pop("lepton_width")
        values["lepton_lifetime"] = [hbar_GeV_s / w if w > 0 else math.inf for w in widths]

    name = data.get("name", path.stem)
    if not isinstance(name, str):
        raise InputError(f"{path}: 'name' must be a string, got {name!r}.")
    arrays = {k: jnp.asarray(v, dtype=jnp.float64) for k, v in values.items()}
    return SMInputs(**arrays, name=name, sources=tuple(sources))


def load_inputs(name: str | os.PathLike) -> SMInputs:
    """Load an SM input set: ``"2021"``, ``"current"``, ``"reference"`` or a path to a YAML file.

    Returns an :class:`SMInputs` whose numeric fields are float64 arrays. Raises
    :class:`jaxalign.errors.InputError` (listing the valid names) for an unknown name and, naming
    the key, for any schema violation (see the module docstring).
    """
    require_x64()
    path = _resolve(name)
    return _parse(path, _with_base(path, _read_yaml(path, InputError)))


def _with_base(path: Path, data: dict) -> dict:
    """``based_on: <bundled set>``: the variant's ``inputs`` replace those keys of the base set."""
    base = data.get("based_on")
    if base is None:
        return data
    if not isinstance(base, str) or base not in INPUT_SETS or base == data.get("name", path.stem):
        raise InputError(f"{path}: 'based_on' must name another bundled input set "
                         f"({', '.join(map(repr, INPUT_SETS))}), got {base!r}.")
    base_path = _resolve(base)
    base_data = _read_yaml(base_path, InputError)
    if "based_on" in base_data:
        raise InputError(f"{path}: 'based_on: {base}' is itself a variant; chains are not supported.")
    own = data.get("inputs") or {}
    if not isinstance(own, dict):
        raise InputError(f"{path}: 'inputs' must be a mapping.")
    merged = dict(base_data.get("inputs") or {})
    for key in own:
        if key not in merged and key not in _UNITS:
            raise InputError(f"{path}: unknown input key {key!r}.{suggest(str(key), set(_UNITS))}")
    merged.update(own)
    out = {k: v for k, v in data.items() if k != "based_on"}
    out["inputs"] = merged
    out.setdefault("name", path.stem)
    return out
