"""Parameter spaces: names, bounds, priors, scales and the unconstrained coordinates.

A fit works with two sets of coordinates:

* the **physical** parameters ``x`` (what the likelihood ``nll(x, data)`` takes), and
* the **unconstrained** coordinates ``z`` in which optimisers and samplers move. ``z`` lives in
  all of :math:`\\mathbb{R}^n` and is O(1) for sensible values of ``x``.

Per parameter the map ``z -> x`` depends on its bounds:

* no bounds: ``x = scale * z``, ``log|dx/dz| = log scale``;
* lower bound only: ``x = lower + scale * softplus(z)``,
  ``log|dx/dz| = log scale + log sigmoid(z)``;
* upper bound only: ``x = upper - scale * softplus(-z)``,
  ``log|dx/dz| = log scale + log sigmoid(-z)``;
* both bounds: ``x = lower + (upper - lower) * sigmoid(z)``,
  ``log|dx/dz| = log(upper - lower) + log sigmoid(z) + log sigmoid(-z)``.

Every map is smooth and increasing, so bounds hold exactly for every ``z``.

Example:
    >>> space = ParameterSpace([uniform("C9", -2.0, 2.0), normal("dmu", 0.0, 1e-9)])
    >>> x = space.to_physical(jnp.zeros(2))   # -> [0., 0.]
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from ..errors import ConfigError, suggest

__all__ = ["Parameter", "ParameterSpace", "uniform", "normal", "flat"]

PRIOR_KINDS = ("uniform", "normal")

# Unconstrained starting points of bounded directions are clipped to |z| <= _Z_START_MAX so that
# no start sits where sigmoid/softplus saturate (there the gradient vanishes).
_Z_START_MAX = 6.0
# Relative distance to a bound below which to_unconstrained clips (logit(0) = -inf).
_EDGE_EPS = 1e-12


@dataclasses.dataclass(frozen=True)
class Parameter:
    """One fit parameter.

    Attributes:
        name: Unique name of the parameter.
        prior: ``"uniform"`` (flat between ``lower`` and ``upper``; improper if a bound is
            infinite) or ``"normal"`` (Gaussian with ``mean`` and ``sigma``, truncated to
            ``[lower, upper]``).
        lower: Lower bound (``-inf`` for none).
        upper: Upper bound (``+inf`` for none).
        mean: Mean of the normal prior (ignored for ``"uniform"``).
        sigma: Standard deviation of the normal prior (ignored for ``"uniform"``).
        scale: Typical size of the parameter, so that the optimiser and the sampler work with
            O(1) numbers: ``x = scale * z`` in unbounded directions. ``None`` picks ``sigma``
            for a normal prior, ``(upper - lower) / 2`` for a bounded uniform one, else 1.
            Bounded directions are normalised by their width in ``z``; ``scale`` then only
            conditions the Hessian.
    """

    name: str
    prior: str = "uniform"
    lower: float = -math.inf
    upper: float = math.inf
    mean: float = 0.0
    sigma: float = 1.0
    scale: float | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise ConfigError(f"Parameter name must be a non-empty string, got {self.name!r}.")
        if self.prior not in PRIOR_KINDS:
            raise ConfigError(
                f"Parameter {self.name!r}: unknown prior {self.prior!r}; "
                f"valid: {', '.join(PRIOR_KINDS)}.{suggest(str(self.prior), PRIOR_KINDS)}"
            )
        for attr in ("lower", "upper", "mean", "sigma"):
            object.__setattr__(self, attr, float(getattr(self, attr)))
        if math.isnan(self.lower) or math.isnan(self.upper) or not self.lower < self.upper:
            raise ConfigError(
                f"Parameter {self.name!r}: need lower < upper, got [{self.lower}, {self.upper}]."
            )
        if self.prior == "normal" and not (
            math.isfinite(self.mean) and math.isfinite(self.sigma) and self.sigma > 0
        ):
            raise ConfigError(
                f"Parameter {self.name!r}: normal prior needs finite mean and sigma > 0, "
                f"got mean={self.mean}, sigma={self.sigma}."
            )
        if self.scale is None:
            if self.prior == "normal":
                scale = self.sigma
            elif self.bounded:
                scale = 0.5 * (self.upper - self.lower)
            else:
                scale = 1.0
            object.__setattr__(self, "scale", float(scale))
        else:
            object.__setattr__(self, "scale", float(self.scale))
        if not (math.isfinite(self.scale) and self.scale > 0):
            raise ConfigError(f"Parameter {self.name!r}: scale must be > 0, got {self.scale}.")

    @property
    def bounded(self) -> bool:
        """Whether both bounds are finite."""
        return math.isfinite(self.lower) and math.isfinite(self.upper)

    @property
    def proper(self) -> bool:
        """Whether the prior is normalisable (normal, or uniform with both bounds finite)."""
        return self.prior == "normal" or self.bounded

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (JSON-friendly: infinite bounds become ``None``)."""
        d = dataclasses.asdict(self)
        for k in ("lower", "upper"):
            if not math.isfinite(d[k]):
                d[k] = None
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Parameter:
        """Inverse of :meth:`to_dict` (``None`` bounds mean unbounded)."""
        d = dict(d)
        if d.get("lower") is None:
            d["lower"] = -math.inf
        if d.get("upper") is None:
            d["upper"] = math.inf
        return cls(**d)


def uniform(name: str, lower: float, upper: float, *, scale: float | None = None) -> Parameter:
    """A parameter with a flat prior on ``[lower, upper]``."""
    return Parameter(name, "uniform", lower, upper, scale=scale)


def normal(
    name: str,
    mean: float,
    sigma: float,
    *,
    lower: float = -math.inf,
    upper: float = math.inf,
    scale: float | None = None,
) -> Parameter:
    """A parameter with a Gaussian prior ``N(mean, sigma)``, optionally truncated."""
    return Parameter(name, "normal", lower, upper, mean, sigma, scale)


def flat(
    name: str,
    *,
    lower: float = -math.inf,
    upper: float = math.inf,
    scale: float | None = None,
) -> Parameter:
    """A parameter with an (improper, if unbounded) flat prior; ``scale`` sets its typical size."""
    return Parameter(name, "uniform", lower, upper, scale=scale)


def _as_parameter(name: str, spec: Any) -> Parameter:
    """Parameter from the shorthand forms accepted by :meth:`ParameterSpace.from_dict`."""
    if isinstance(spec, Parameter):
        return dataclasses.replace(spec, name=name)
    if isinstance(spec, Mapping):
        return Parameter.from_dict({**spec, "name": name})
    if isinstance(spec, Sequence) and not isinstance(spec, str) and spec:
        kind, *args = spec
        if kind == "uniform" and len(args) in (2, 3):
            return uniform(name, *args[:2], scale=args[2] if len(args) == 3 else None)
        if kind == "normal" and len(args) in (2, 3):
            return normal(name, *args[:2], scale=args[2] if len(args) == 3 else None)
    raise ConfigError(
        f"Parameter {name!r}: cannot read {spec!r}; use ('uniform', lower, upper), "
        "('normal', mean, sigma), a dict of Parameter fields, or a Parameter."
    )


@dataclasses.dataclass(frozen=True)
class ParameterSpace:
    """An ordered, immutable set of fit parameters with their priors and transforms.

    It is hashable, so it can be a static argument of ``jax.jit``. All array methods accept a
    single point of shape ``(n,)``; use ``jax.vmap`` for batches.

    Attributes:
        parameters: The parameters, in the order of the components of ``x``.
    """

    parameters: tuple[Parameter, ...]

    def __post_init__(self) -> None:
        params = tuple(self.parameters)
        if not params:
            raise ConfigError("A ParameterSpace needs at least one parameter.")
        for p in params:
            if not isinstance(p, Parameter):
                raise ConfigError(f"Expected Parameter objects, got {p!r}.")
        names = [p.name for p in params]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ConfigError(f"Duplicate parameter names: {', '.join(dup)}.")
        object.__setattr__(self, "parameters", params)

    # ----------------------------------------------------------------------------- building
    @classmethod
    def from_dict(cls, spec: Mapping[str, Any]) -> ParameterSpace:
        """Build from ``{name: spec}``.

        ``spec`` is ``("uniform", lower, upper[, scale])``, ``("normal", mean, sigma[, scale])``,
        a dict of :class:`Parameter` fields, or a :class:`Parameter`.
        """
        return cls(tuple(_as_parameter(n, s) for n, s in spec.items()))

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """JSON-friendly ``{name: fields}`` (inverse of :meth:`from_dict`)."""
        return {p.name: {k: v for k, v in p.to_dict().items() if k != "name"} for p in self}

    # ----------------------------------------------------------------------------- container
    def __len__(self) -> int:
        return len(self.parameters)

    def __iter__(self):
        return iter(self.parameters)

    def __getitem__(self, key: int | str) -> Parameter:
        return self.parameters[self.index(key) if isinstance(key, str) else key]

    @property
    def size(self) -> int:
        """Number of parameters."""
        return len(self.parameters)

    @property
    def names(self) -> tuple[str, ...]:
        """Parameter names in order."""
        return tuple(p.name for p in self.parameters)

    def index(self, name: str) -> int:
        """Position of parameter ``name``; raises :class:`ConfigError` with a hint if unknown."""
        try:
            return self.names.index(name)
        except ValueError:
            raise ConfigError(
                f"Unknown parameter {name!r}.{suggest(name, self.names)}"
            ) from None

    def _array(self, attr: str) -> np.ndarray:
        return np.array([getattr(p, attr) for p in self.parameters], dtype=np.float64)

    @property
    def lower(self) -> np.ndarray:
        """Lower bounds (``-inf`` where none)."""
        return self._array("lower")

    @property
    def upper(self) -> np.ndarray:
        """Upper bounds (``+inf`` where none)."""
        return self._array("upper")

    @property
    def scale(self) -> np.ndarray:
        """Scales of the parameters."""
        return self._array("scale")

    @property
    def mean(self) -> np.ndarray:
        """Prior means (meaningful for normal priors only)."""
        return self._array("mean")

    @property
    def sigma(self) -> np.ndarray:
        """Prior widths (meaningful for normal priors only)."""
        return self._array("sigma")

    @property
    def prior(self) -> tuple[str, ...]:
        """Prior kind per parameter."""
        return tuple(p.prior for p in self.parameters)

    @property
    def proper(self) -> bool:
        """Whether every prior is normalisable."""
        return all(p.proper for p in self.parameters)

    def as_dict(self, x) -> dict[str, float]:
        """``{name: value}`` for a point ``x`` of shape ``(n,)``."""
        x = np.asarray(x, dtype=np.float64)
        return {n: float(v) for n, v in zip(self.names, x)}

    def vector(self, values: Mapping[str, float] | Iterable[float]) -> np.ndarray:
        """Physical vector ``x`` from ``{name: value}`` (all names needed) or a sequence."""
        if isinstance(values, Mapping):
            unknown = [k for k in values if k not in self.names]
            if unknown:
                raise ConfigError(
                    f"Unknown parameter {unknown[0]!r}.{suggest(unknown[0], self.names)}"
                )
            missing = [n for n in self.names if n not in values]
            if missing:
                raise ConfigError(f"Missing values for {', '.join(missing)}.")
            return np.array([float(values[n]) for n in self.names])
        x = np.asarray(values, dtype=np.float64)
        if x.shape[-1:] != (self.size,):
            raise ConfigError(f"Expected {self.size} values, got shape {x.shape}.")
        return x

    # ----------------------------------------------------------------------------- constants
    def _constants(self):
        """Numpy constants of the transforms; infinite bounds replaced by harmless values."""
        lo, hi = self.lower, self.upper
        has_lo, has_hi = np.isfinite(lo), np.isfinite(hi)
        both = has_lo & has_hi
        lo_only = has_lo & ~has_hi
        hi_only = ~has_lo & has_hi
        lo_s = np.where(has_lo, lo, 0.0)
        hi_s = np.where(has_hi, hi, 1.0)
        width = np.where(both, hi_s - lo_s, 1.0)
        return lo_s, hi_s, width, both, lo_only, hi_only, self.scale

    # ----------------------------------------------------------------------------- transforms
    def to_physical(self, z: jax.Array) -> jax.Array:
        """Physical ``x`` from unconstrained ``z`` (shape ``(n,)``); bounds hold for all ``z``."""
        lo, hi, width, both, lo_only, hi_only, s = self._constants()
        z = jnp.asarray(z, dtype=jnp.float64)
        return jnp.where(
            both,
            jnp.clip(lo + width * jax.nn.sigmoid(z), lo, hi),
            jnp.where(
                lo_only,
                lo + s * jax.nn.softplus(z),
                jnp.where(hi_only, hi - s * jax.nn.softplus(-z), s * z),
            ),
        )

    def to_unconstrained(self, x: jax.Array) -> jax.Array:
        """Unconstrained ``z`` from physical ``x`` (inverse of :meth:`to_physical`).

        Points on or beyond a bound are first moved just inside it (relative distance 1e-12),
        so the result is always finite.
        """
        lo, hi, width, both, lo_only, hi_only, s = self._constants()
        x = jnp.asarray(x, dtype=jnp.float64)
        tiny = _EDGE_EPS
        # bounded: logit of the position inside the interval
        u = jnp.clip(jnp.where(both, (x - lo) / width, 0.5), tiny, 1.0 - tiny)
        z_both = jnp.log(u) - jnp.log1p(-u)
        # half-bounded: inverse softplus, log(expm1(y)) = y + log(-expm1(-y))
        y_lo = jnp.maximum(jnp.where(lo_only, (x - lo) / s, 1.0), tiny)
        y_hi = jnp.maximum(jnp.where(hi_only, (hi - x) / s, 1.0), tiny)
        z_lo = y_lo + jnp.log(-jnp.expm1(-y_lo))
        z_hi = -(y_hi + jnp.log(-jnp.expm1(-y_hi)))
        return jnp.where(both, z_both, jnp.where(lo_only, z_lo, jnp.where(hi_only, z_hi, x / s)))

    def log_det_jacobian(self, z: jax.Array) -> jax.Array:
        """``sum log |dx_i/dz_i|`` of :meth:`to_physical` at ``z`` (a scalar)."""
        lo, hi, width, both, lo_only, hi_only, s = self._constants()
        z = jnp.asarray(z, dtype=jnp.float64)
        ls_p, ls_m = jax.nn.log_sigmoid(z), jax.nn.log_sigmoid(-z)
        per = jnp.where(
            both,
            np.log(width) + ls_p + ls_m,
            np.log(s) + jnp.where(lo_only, ls_p, jnp.where(hi_only, ls_m, 0.0)),
        )
        return jnp.sum(per)

    # ----------------------------------------------------------------------------- priors
    def in_bounds(self, x: jax.Array) -> jax.Array:
        """Whether every component of ``x`` lies in its closed interval ``[lower, upper]``."""
        x = jnp.asarray(x, dtype=jnp.float64)
        return jnp.all((x >= self.lower) & (x <= self.upper))

    def log_prior(self, x: jax.Array) -> jax.Array:
        """Log prior density at physical ``x`` (``-inf`` outside the bounds).

        Bounded uniform priors are normalised (``-log(upper - lower)``); flat priors with an
        infinite bound are improper and contribute 0; normal priors contribute
        ``log N(x; mean, sigma)`` (not renormalised for a truncation).
        """
        x = jnp.asarray(x, dtype=jnp.float64)
        is_normal = np.array([p.prior == "normal" for p in self.parameters])
        lo, hi = self.lower, self.upper
        both = np.isfinite(lo) & np.isfinite(hi)
        log_unif = np.where(both, -np.log(np.where(both, hi - lo, 1.0)), 0.0)
        mu, sig = self.mean, self.sigma
        log_norm = -0.5 * ((x - mu) / sig) ** 2 - np.log(sig) - 0.5 * np.log(2.0 * np.pi)
        lp = jnp.sum(jnp.where(is_normal, log_norm, log_unif))
        return jnp.where(self.in_bounds(x), lp, -jnp.inf)

    def sample_prior(self, key: jax.Array, n: int) -> jax.Array:
        """``n`` physical points drawn from the prior, shape ``(n, size)``.

        Improper flat priors have no distribution; there ``x = scale * N(0, 1)`` is used
        (folded onto the allowed side of a single bound, offset by the bound).
        """
        lo, hi = self.lower, self.upper
        is_normal = np.array([p.prior == "normal" for p in self.parameters])
        both = np.isfinite(lo) & np.isfinite(hi)
        k1, k2 = jax.random.split(key)
        shape = (n, self.size)
        # normal (possibly truncated) priors
        a = np.where(is_normal, (lo - self.mean) / self.sigma, -np.inf)
        b = np.where(is_normal, (hi - self.mean) / self.sigma, np.inf)
        t = jax.random.truncated_normal(k1, a, b, shape, dtype=jnp.float64)
        x_norm = self.mean + self.sigma * t
        # bounded uniform priors
        u = jax.random.uniform(k2, shape, dtype=jnp.float64)
        lo_s = np.where(both, lo, 0.0)
        x_unif = lo_s + np.where(both, hi - lo, 1.0) * u
        # improper flat priors: scale * N(0,1), folded onto the allowed side of a bound
        g = jax.random.normal(k2, shape, dtype=jnp.float64) * self.scale
        lo_f = np.where(np.isfinite(lo), lo, 0.0)
        hi_f = np.where(np.isfinite(hi), hi, 0.0)
        x_flat = jnp.where(
            np.isfinite(lo), lo_f + jnp.abs(g), jnp.where(np.isfinite(hi), hi_f - jnp.abs(g), g)
        )
        return jnp.where(is_normal, x_norm, jnp.where(both, x_unif, x_flat))

    def sample_start(self, key: jax.Array, n: int) -> jax.Array:
        """``n`` unconstrained starting points from the prior, shape ``(n, size)``.

        Bounded and half-bounded directions are clipped to ``|z| <= 6`` so that no start sits
        where the transform saturates.
        """
        z = jax.vmap(self.to_unconstrained)(self.sample_prior(key, n))
        unbounded = ~(np.isfinite(self.lower) | np.isfinite(self.upper))
        return jnp.where(unbounded, z, jnp.clip(z, -_Z_START_MAX, _Z_START_MAX))
