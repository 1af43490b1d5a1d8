"""Builder of the pure likelihood ``nll(x, data)`` of a fit configuration.

``lik, data = make_likelihood(model, sm, constraints, scale=...)`` resolves names, reads the data
files and precomputes the running once, in Python; afterwards ``lik.nll(x, data)`` (−log L,
χ² = 2·nll) is a pure JAX function of the parameter vector ``x`` (the model's parameters, then
``scale`` if Λ is free): ``jit``, ``grad``, ``hessian`` and ``vmap`` all work.

Running modes (``running=`` / ``running:`` in a fit configuration):

* ``linear`` (default): the evolution matrix of :mod:`jaxalign.smeft.linear` (exact one-loop
  running, linearised in C at fixed SM couplings; Chebyshev-interpolated in ln Λ when Λ is free),
  followed by the exact mass-basis rotation. The data are packed into a handful of arrays
  (:class:`LinearData`) and every observable is reduced to one coefficient times Re/Im/|·|² of the
  photon dipole at m_Z — coefficients computed from the observable registry itself
  (:func:`jaxalign.observables.registry.linear_coefficients`). Microseconds per point.
* ``ode``: the full numerical solution for every call (milliseconds; the reference).
* ``leadinglog``: first-order solution, β evaluated at Λ.

How limits enter: see :mod:`jaxalign.likelihood.distributions` — every factor is quadratic,
``−log L = ½((x − c)/σ)²``: Gaussian for a_ℓ (c = a_exp − a_SM, σ² = σ_exp² + σ_SM²), half-normal
for branching ratios (c = 0, σ = limit/Φ⁻¹((1+CL)/2)), zero-centred Gaussian for d_e.
"""

from __future__ import annotations

from dataclasses import dataclass

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from .. import require_x64
from ..errors import ConfigError
from ..inputs import SMInputs
from ..matching.smeft_to_wet import egamma_tree, weak_mixing
from ..observables.registry import apply_forms, linear_coefficients, observable
from ..smeft.flavour_basis import diagonalise, to_warsaw_down
from ..models.base import zero_coefficients
from ..smeft.linear import LinearRunning, active_entries, make_linear_running
from ..smeft.operators import D6_CLASSES
from ..smeft.rge import evolve, leading_log, sm_at_scale
from ..smeft.sm_couplings import vev_from_gf

__all__ = ["LinearData", "FullData", "Likelihood", "make_likelihood"]


class LinearData(eqx.Module):
    """Data of the linear-running likelihood, packed into ONE float64 array.

    Passing a pytree to a jitted function costs a few µs per leaf on every call; the likelihood
    itself costs tens of µs, so everything (evolution matrix, constants, measurement centres and
    widths) lives in ``packed`` and is sliced out under jit via the static ``layout``. Read a
    field with :meth:`get` (``"y0"``, ``"coeffs"``, ``"t_min"``, ``"t_max"``, ``"consts"`` =
    [v, c_θ, s_θ], ``"coefs"``, ``"sm_values"``, ``"central"``, ``"sigma"``, ``"scale"``).
    """

    packed: jax.Array
    layout: tuple = eqx.field(static=True)  # ((name, start, shape), ...)
    entries: tuple = eqx.field(static=True)

    @classmethod
    def pack(cls, fields: dict, entries) -> "LinearData":
        layout, parts, start = [], [], 0
        for name, arr in fields.items():
            a = jnp.asarray(arr, float)
            layout.append((name, start, tuple(a.shape)))
            parts.append(a.ravel())
            start += a.size
        return cls(jnp.concatenate(parts), tuple(layout), tuple(entries))

    def get(self, name: str):
        for n, start, shape in self.layout:
            if n == name:
                size = int(np.prod(shape)) if shape else 1
                return self.packed[start : start + size].reshape(shape)
        raise KeyError(name)

    @property
    def running(self) -> LinearRunning:
        return LinearRunning(self.get("y0"), self.get("coeffs"), self.get("t_min"), self.get("t_max"),
                             self.entries)

    # the generic code reads these as attributes
    coefs = property(lambda self: self.get("coefs"))
    sm_values = property(lambda self: self.get("sm_values"))
    central = property(lambda self: self.get("central"))
    sigma = property(lambda self: self.get("sigma"))
    scale = property(lambda self: self.get("scale"))
    consts = property(lambda self: self.get("consts"))


class FullData(eqx.Module):
    """Data of the 'ode' / 'leadinglog' likelihoods (SM inputs and SM couplings at Λ)."""

    sm: SMInputs
    sm_at_lambda: dict
    coefs: jax.Array
    sm_values: jax.Array
    central: jax.Array
    sigma: jax.Array
    scale: jax.Array


@dataclass(frozen=True)
class Likelihood:
    """Static description of the chain; ``self.nll`` is the pure function (no captured arrays)."""

    model: object
    observables: tuple[str, ...]
    running_mode: str
    free_scale: bool

    @property
    def parameter_names(self) -> tuple[str, ...]:
        return tuple(self.model.parameter_names) + (("scale",) if self.free_scale else ())

    @property
    def forms(self):
        return tuple(observable(n).form for n in self.observables)

    def _split(self, x, data):
        n = len(self.model.parameter_names)
        scale = x[n] if self.free_scale else data.scale
        return x[:n], scale

    def photon_dipole(self, x, data):
        """egamma at m_Z (3×3, GeV⁻¹, charged-lepton mass basis) for parameters ``x``."""
        p, scale = self._split(x, data)
        C = self.model.coefficients(p)
        if self.running_mode == "linear":
            v, cw, sw = data.consts[0], data.consts[1], data.consts[2]
            block = data.running.lepton_block(C, scale)
            Me = v / jnp.sqrt(2.0) * (block["Ge"] - v**2 / 2.0 * block["ephi"])
            Ul, _, Ue = diagonalise(Me)
            eg = v / jnp.sqrt(2.0) * (cw * block["eB"] - sw * block["eW"])
            return Ul.conj().T @ eg @ Ue
        if self.running_mode == "ode":  # every class, so that all generated coefficients run
            C = {**zero_coefficients(D6_CLASSES), **C}
        y0 = {**data.sm_at_lambda, **C}
        t0, t1 = jnp.log(scale), jnp.log(data.sm.scale_ew)
        y = evolve(y0, t0, t1) if self.running_mode == "ode" else leading_log(y0, t0, t1)
        y = to_warsaw_down(y, vev_from_gf(data.sm.GF))
        return egamma_tree(y, data.sm)

    def np_parts(self, x, data):
        """(n_obs,) new-physics parts of the observables (shift for a_ℓ; full value for BR, d_e)."""
        eg = self.photon_dipole(x, data)
        return jnp.stack(apply_forms(eg, self.forms, data.coefs))

    def predictions(self, x, data) -> dict:
        """SM + NP predictions of the fitted observables."""
        tot = data.sm_values + self.np_parts(x, data)
        return {n: tot[i] for i, n in enumerate(self.observables)}

    def derived(self, x, data) -> dict:
        """Model-derived quantities (e.g. ε₁₂) plus the predictions, for posteriors."""
        eg = self.photon_dipole(x, data)
        out = dict(self.model.derived(None, eg))
        tot = data.sm_values + jnp.stack(apply_forms(eg, self.forms, data.coefs))
        out.update({n: tot[i] for i, n in enumerate(self.observables)})
        return out

    def chi2_sm(self, data):
        """χ² of the Standard Model (all coefficients zero: the NP parts vanish)."""
        return jnp.sum((data.central / data.sigma) ** 2)

    def nll(self, x, data):
        """−log L (χ² = 2·nll). Pure in (x, data)."""
        z = (self.np_parts(x, data) - data.central) / data.sigma
        return 0.5 * jnp.sum(z * z)


def _quadratic(constraint):
    d = constraint.distribution
    return jnp.asarray(getattr(d, "central", 0.0), float), jnp.asarray(d.sigma, float)


def make_likelihood(
    model,
    sm: SMInputs,
    constraints: dict,
    *,
    scale=None,
    scale_range=None,
    running: str = "linear",
    parameter_bounds=None,
    n_nodes: int = 20,
):
    """Build ``(likelihood, data)`` with ``likelihood.nll(x, data)`` pure.

    Args:
        model: a model (``parameter_names``, ``coefficients``), see :mod:`jaxalign.models`.
        sm: SM inputs. constraints: observable name → :class:`~jaxalign.likelihood.measurements.Constraint`.
        scale: fixed Λ in GeV, or None with ``scale_range`` (Λ becomes the last parameter).
        running: ``linear`` | ``ode`` | ``leadinglog``.
        parameter_bounds: (lower, upper) arrays of the model parameters, used to find which
            coefficients the model sets (linear mode).
        n_nodes: Chebyshev nodes in ln Λ for a free scale.
    """
    require_x64()
    if running not in ("linear", "ode", "leadinglog"):
        raise ConfigError(f"running must be 'linear', 'ode' or 'leadinglog', got {running!r}.")
    if (scale is None) == (scale_range is None):
        raise ConfigError("give exactly one of a fixed scale or a scale range (free Λ).")
    if scale_range is not None and running != "linear":
        raise ConfigError("a free scale Λ is supported with running: linear.")
    names = tuple(constraints)
    for n in names:
        observable(n)
    for s in ([scale] if scale is not None else list(scale_range)):
        if not float(s) >= float(sm.scale_ew):
            raise ConfigError(f"matching scale {s} GeV is below the electroweak scale {float(sm.scale_ew)} GeV.")
    lik = Likelihood(model, names, running, scale_range is not None)
    coefs, sm_values = linear_coefficients(sm, names)
    quad = [_quadratic(constraints[n]) for n in names]
    central = jnp.stack([q[0] for q in quad])
    sigma = jnp.stack([q[1] for q in quad])
    scale_arr = jnp.asarray(scale if scale is not None else 0.0, float)
    if running == "linear":
        n = len(model.parameter_names)
        lo, hi = parameter_bounds if parameter_bounds is not None else (-jnp.ones(n), jnp.ones(n))
        entries = active_entries(model.coefficients, lo, hi)
        lin = make_linear_running(sm, entries, scale=scale, scale_range=scale_range, n_nodes=n_nodes)
        cw, sw, _ = weak_mixing(sm)
        consts = jnp.stack([vev_from_gf(sm.GF), cw, sw])
        fields = {"y0": lin.y0, "coeffs": lin.coeffs, "t_min": lin.t_min, "t_max": lin.t_max,
                  "consts": consts, "coefs": coefs, "sm_values": sm_values, "central": central,
                  "sigma": sigma, "scale": scale_arr}
        return lik, LinearData.pack(fields, lin.entries)
    sm_hi = sm_at_scale(sm, {}, scale)
    return lik, FullData(sm, sm_hi, coefs, sm_values, central, sigma, scale_arr)
