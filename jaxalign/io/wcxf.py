"""Reading and writing Wilson coefficients in the WCxf format (YAML or JSON).

WCxf (Aebischer et al., arXiv:1712.05298, https://wcxf.github.io) files look like::

    eft: SMEFT
    basis: Warsaw
    scale: 1000.0
    values:
      eB_22: 1.0e-11                       # real number
      lequ3_2233: {Re: 1.0e-7, Im: 0.0}    # or {Re, Im}

Values are in GeV^(4-d) (GeV⁻² for dimension six). This module only parses and validates the
*format*; which keys exist is decided by the basis definition (:mod:`jaxalign.smeft.operators`).
Everything here runs in plain Python, before any tracing.
"""

from __future__ import annotations

import json
import math
import numbers
import pathlib
from dataclasses import dataclass, field

import yaml

from ..errors import WCxfError
from . import yaml12

__all__ = ["WCxf", "read_wcxf", "parse_wcxf", "write_wcxf", "dump_wcxf"]


@dataclass(frozen=True)
class WCxf:
    """A parsed WCxf file: EFT, basis, scale (GeV) and complex values keyed by WCxf name."""

    eft: str
    basis: str
    scale: float
    values: dict = field(default_factory=dict)
    metadata: dict = field(default_factory=dict)

    def to_dict(self, *, real_as_float: bool = True) -> dict:
        """WCxf-shaped dictionary (complex values as ``{Re, Im}``, real ones as floats)."""
        vals = {}
        for k, z in self.values.items():
            z = complex(z)
            if real_as_float and z.imag == 0.0:
                vals[k] = float(z.real)
            else:
                vals[k] = {"Re": float(z.real), "Im": float(z.imag)}
        out = {"eft": self.eft, "basis": self.basis, "scale": float(self.scale), "values": vals}
        if self.metadata:
            out["metadata"] = dict(self.metadata)
        return out


def _value(key: str, v, where: str) -> complex:
    if isinstance(v, bool):
        raise WCxfError(f"{where}: value of '{key}' must be a number or {{Re, Im}}, got {v!r}.")
    if isinstance(v, numbers.Real):
        z = complex(float(v), 0.0)
    elif isinstance(v, dict):
        extra = set(v) - {"Re", "Im"}
        if extra or not v:
            raise WCxfError(
                f"{where}: value of '{key}' must be a number or a mapping with keys Re and/or Im, "
                f"got keys {sorted(v)}."
            )
        parts = []
        for part in ("Re", "Im"):
            p = v.get(part, 0.0)
            if isinstance(p, bool) or not isinstance(p, numbers.Real):
                raise WCxfError(f"{where}: '{key}.{part}' must be a number, got {p!r}.")
            parts.append(float(p))
        z = complex(*parts)
    else:
        raise WCxfError(f"{where}: value of '{key}' must be a number or {{Re, Im}}, got {v!r}.")
    if not (math.isfinite(z.real) and math.isfinite(z.imag)):
        raise WCxfError(f"{where}: value of '{key}' is not finite ({v!r}).")
    return z


def parse_wcxf(d, where: str = "WCxf input") -> WCxf:
    """Validate a WCxf-shaped mapping and return a :class:`WCxf`.

    Raises:
        WCxfError: missing or malformed ``eft``, ``basis``, ``scale`` or ``values``, naming the item.
    """
    if not isinstance(d, dict):
        raise WCxfError(f"{where}: expected a mapping with keys eft, basis, scale, values.")
    known = {"eft", "basis", "scale", "values", "metadata", "sectors"}
    unknown = set(d) - known
    if unknown:
        raise WCxfError(f"{where}: unknown top-level key(s) {sorted(unknown)}; valid: {sorted(known)}.")
    for k in ("eft", "basis", "scale", "values"):
        if k not in d:
            raise WCxfError(f"{where}: missing required key '{k}'.")
    eft, basis = d["eft"], d["basis"]
    if not isinstance(eft, str) or not isinstance(basis, str):
        raise WCxfError(f"{where}: 'eft' and 'basis' must be strings.")
    scale = d["scale"]
    if isinstance(scale, bool) or not isinstance(scale, numbers.Real) or not math.isfinite(scale):
        raise WCxfError(f"{where}: 'scale' must be a finite number in GeV, got {scale!r}.")
    if scale <= 0:
        raise WCxfError(f"{where}: 'scale' must be positive, got {scale!r}.")
    values = d["values"] if d["values"] is not None else {}
    if not isinstance(values, dict):
        raise WCxfError(f"{where}: 'values' must be a mapping from coefficient names to values.")
    vals = {}
    for key, v in values.items():
        if not isinstance(key, str):
            raise WCxfError(f"{where}: coefficient name {key!r} is not a string.")
        vals[key] = _value(key, v, where)
    meta = d.get("metadata") or {}
    return WCxf(eft=eft, basis=basis, scale=float(scale), values=vals, metadata=dict(meta))


def read_wcxf(path) -> WCxf:
    """Read a WCxf file (``.yaml``/``.yml`` or ``.json``; YAML is also tried for other suffixes)."""
    p = pathlib.Path(path)
    if not p.is_file():
        raise WCxfError(f"WCxf file '{p}' does not exist.")
    text = p.read_text()
    try:
        if p.suffix.lower() == ".json":
            d = json.loads(text)
        else:
            d = yaml12.load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise WCxfError(f"{p}: not valid {'JSON' if p.suffix.lower() == '.json' else 'YAML'}: {exc}") from exc
    return parse_wcxf(d, where=str(p))


def dump_wcxf(wc: WCxf, fmt: str = "yaml") -> str:
    """Serialise to a YAML or JSON string."""
    d = wc.to_dict()
    if fmt == "json":
        return json.dumps(d, indent=1)
    if fmt == "yaml":
        return yaml.safe_dump(d, sort_keys=False, default_flow_style=False)
    raise WCxfError(f"unknown output format '{fmt}' (use 'yaml' or 'json').")


def write_wcxf(wc: WCxf, path) -> None:
    """Write a WCxf file; the format follows the suffix (.json → JSON, else YAML)."""
    p = pathlib.Path(path)
    p.write_text(dump_wcxf(wc, "json" if p.suffix.lower() == ".json" else "yaml"))
