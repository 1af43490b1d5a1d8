"""Model-point files: one parameter point of a named model, for ``jaxalign predict``.

Format (YAML)::

    model: muoquark_u2            # a name listed by `jaxalign models`
    model_options: {}             # keyword arguments of the model class (optional)
    scale: 3000.0                 # matching scale Λ in GeV (SMEFT models; default: the model's own)
    parameters:                   # every parameter of the model, by name
      eta3L_3: 0.43
      ...

SMEFT models (a ``coefficients`` map) give a SMEFT point at Λ that is run, matched and evaluated
like a WCxf file; direct models (light mediators) give their predictions directly.
"""

from __future__ import annotations

import math
import pathlib
from dataclasses import dataclass

import jax.numpy as jnp
import numpy as np
import yaml

from ..errors import ConfigError, suggest
from ..io import yaml12

__all__ = ["ModelPoint", "read_model_point", "is_model_point", "build_model", "model_table"]

_KEYS = {"model", "model_options", "scale", "parameters", "description", "references"}


@dataclass(frozen=True)
class ModelPoint:
    model_name: str
    model: object
    x: np.ndarray
    scale: float | None
    path: str


def build_model(name: str, options: dict | None = None, where: str = "model"):
    """Instantiate the model registered as ``name`` with keyword ``options``."""
    from . import MODELS

    if name not in MODELS:
        raise ConfigError(f"{where}: unknown model {name!r}.{suggest(str(name), MODELS)} "
                          f"Known: {', '.join(MODELS)} (see `jaxalign models`).")
    try:
        return MODELS[name](**(options or {}))
    except TypeError as exc:
        raise ConfigError(f"{where}: bad model_options for {name!r}: {exc}") from None


def is_model_point(path) -> bool:
    """True if ``path`` is a YAML mapping with a ``model`` key (not a WCxf file)."""
    p = pathlib.Path(path)
    if p.suffix.lower() not in (".yaml", ".yml") or not p.is_file():
        return False
    try:
        d = yaml12.load(p.read_text())
    except yaml.YAMLError:
        return False
    return isinstance(d, dict) and "model" in d and "eft" not in d


def read_model_point(path) -> ModelPoint:
    """Read and check a model-point file (see module docstring)."""
    p = pathlib.Path(path)
    where = str(p)
    if not p.is_file():
        raise ConfigError(f"model point '{p}' does not exist.")
    try:
        d = yaml12.load(p.read_text())
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where}: not valid YAML: {exc}") from exc
    if not isinstance(d, dict) or "model" not in d:
        raise ConfigError(f"{where}: a model point needs 'model' and 'parameters'.")
    for k in d:
        if k not in _KEYS:
            raise ConfigError(f"{where}: unknown key {k!r}.{suggest(str(k), _KEYS)}")
    model = build_model(d["model"], d.get("model_options"), where)
    params = d.get("parameters")
    names = tuple(model.parameter_names)
    if not isinstance(params, dict):
        raise ConfigError(f"{where}: 'parameters' must be a mapping name → value for {list(names)}.")
    missing = [n for n in names if n not in params]
    extra = [n for n in params if n not in names]
    if missing or extra:
        hint = suggest(str(extra[0]), names) if extra else ""
        raise ConfigError(f"{where}: parameters of model {d['model']!r} are {list(names)} "
                          f"(missing {missing}, unknown {extra}).{hint}")
    vals = []
    for n in names:
        v = params[n]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise ConfigError(f"{where}: parameter {n!r} must be a finite number, got {v!r}.")
        vals.append(float(v))
    x = np.asarray(vals)
    check = getattr(model, "check_parameters", None)
    if check is not None:
        check(x)
    scale = d.get("scale")
    if scale is None and hasattr(model, "matching_scale"):
        scale = float(model.matching_scale(jnp.asarray(x)))
    if scale is not None:
        if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not math.isfinite(scale):
            raise ConfigError(f"{where}: 'scale' must be a number (GeV), got {scale!r}.")
        scale = float(scale)
    return ModelPoint(str(d["model"]), model, x, scale, where)


def model_table() -> str:
    """Text listing of the registered models: name, kind, description, parameters."""
    from ..likelihood.build import is_direct_model
    from . import MODELS

    lines = []
    for name, cls in MODELS.items():
        try:
            m = cls()
            params = ", ".join(m.parameter_names) or "(given in the fit configuration)"
            kind = "direct: predicts observables" if is_direct_model(m) else "SMEFT at Λ"
            desc = getattr(m, "description", "") or (cls.__doc__ or "").strip().splitlines()[0]
            refs = "; ".join(getattr(m, "references", ()) or ())
        except TypeError:
            params, kind, desc, refs = "(needs model_options)", "SMEFT at Λ", (cls.__doc__ or "").strip().splitlines()[0], ""
        lines.append(f"{name}  [{kind}]\n    {desc}\n    parameters: {params}")
        if refs:
            lines.append(f"    references: {refs}")
    return "\n".join(lines)
