"""Builder of the pure likelihood ``nll(x, data)`` of a fit configuration.

``nll, data = build_likelihood(config)`` resolves names, reads the data files and precomputes the
running once, in Python; afterwards ``nll(x, data)`` (−log L, χ² = 2·nll) is a pure JAX
function of the parameter vector ``x`` (the model's parameters, then ``scale`` if Λ is free):
``jit``, ``grad``, ``hessian`` and ``vmap`` all work.

Running modes (``running:`` in the configuration):

* ``linear`` (default): the evolution matrix of :mod:`jaxalign.smeft.linear` (exact one-loop
  running, linearised in C at fixed SM couplings; Chebyshev-interpolated in ln Λ when Λ is free),
  followed by the exact mass-basis rotation — microseconds per point;
* ``ode``: the full numerical solution for every call (milliseconds; the reference);
* ``leadinglog``: first-order solution, β evaluated at Λ.

How limits enter: see :mod:`jaxalign.likelihood.distributions` (branching ratios: half-normal
with σ = limit/Φ⁻¹((1+CL)/2); d_e: Gaussian centred at zero with the same σ).
"""

from __future__ import annotations

from dataclasses import dataclass

import equinox as eqx
import jax
import jax.numpy as jnp

from .. import require_x64
from ..errors import ConfigError
from ..inputs import SMInputs
from ..matching.smeft_to_wet import egamma_tree
from ..observables.registry import observable, predict_from_egamma
from ..smeft.linear import LinearRunning, active_entries, lepton_mass_basis, make_linear_running
from ..smeft.rge import evolve, leading_log
from ..smeft.flavour_basis import to_warsaw_down
from ..smeft.rge import sm_at_scale
from ..smeft.sm_couplings import vev_from_gf
from .measurements import Constraint

__all__ = ["LikelihoodData", "Likelihood", "make_likelihood"]


class LikelihoodData(eqx.Module):
    """Everything ``nll`` needs besides the parameters (a pytree)."""

    sm: SMInputs
    constraints: dict  # observable name -> Constraint
    running: LinearRunning | None
    sm_at_lambda: dict | None  # SM couplings at fixed Λ for the 'ode' / 'leadinglog' modes
    scale: jax.Array  # fixed Λ (ignored when Λ is a parameter)


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

    def _split(self, x, data):
        n = len(self.model.parameter_names)
        scale = x[n] if self.free_scale else data.scale
        return x[:n], scale

    def lepton_state(self, x, data):
        """Lepton block (Ge, ephi, eB, eW) at m_Z in the mass basis, and the photon dipole."""
        p, scale = self._split(x, data)
        C = self.model.coefficients(p)
        v = vev_from_gf(data.sm.GF)
        if self.running_mode == "linear":
            block = lepton_mass_basis(data.running.lepton_block(C, scale), v)
        else:
            y0 = {**data.sm_at_lambda, **C}
            t0, t1 = jnp.log(scale), jnp.log(data.sm.scale_ew)
            if self.running_mode == "ode":
                y = evolve(y0, t0, t1)
            else:
                y = leading_log(y0, t0, t1)
            block = to_warsaw_down(y, v)
        return block, egamma_tree(block, data.sm)

    def predictions(self, x, data) -> dict:
        """SM + NP predictions of the fitted observables."""
        _, eg = self.lepton_state(x, data)
        return predict_from_egamma(eg, data.sm, self.observables)

    def derived(self, x, data) -> dict:
        """Model-derived quantities (e.g. ε₁₂) plus the predictions, for posteriors."""
        block, eg = self.lepton_state(x, data)
        out = dict(self.model.derived(block, eg))
        pred = predict_from_egamma(eg, data.sm, self.observables)
        for n, val in pred.items():
            out[n] = val
        return out

    def nll(self, x, data):
        """−log L (χ² = 2·nll). Pure in (x, data)."""
        pred = self.predictions(x, data)
        total = 0.0
        for n in self.observables:
            c = data.constraints[n]
            val = pred[n] - observable(n).sm(data.sm) if n.startswith("a_") else pred[n]
            total = total + c.nll(val)
        return total


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
        sm: SM inputs. constraints: observable name → :class:`Constraint`.
        scale: fixed Λ in GeV, or None with ``scale_range`` (Λ becomes the last parameter).
        running: ``linear`` | ``ode`` | ``leadinglog``.
        parameter_bounds: (lower, upper) arrays of the model parameters, used to find which
            coefficients the model sets (linear mode).
    """
    require_x64()
    if running not in ("linear", "ode", "leadinglog"):
        raise ConfigError(f"running must be 'linear', 'ode' or 'leadinglog', got {running!r}.")
    if (scale is None) == (scale_range is None):
        raise ConfigError("give exactly one of a fixed scale or a scale range (free Λ).")
    if scale_range is not None and running != "linear":
        raise ConfigError("a free scale Λ is supported with running: linear.")
    for n in constraints:
        observable(n)
    lik = Likelihood(model, tuple(constraints), running, scale_range is not None)
    lin = None
    sm_hi = None
    if running == "linear":
        n = len(model.parameter_names)
        lo, hi = parameter_bounds if parameter_bounds is not None else (-jnp.ones(n), jnp.ones(n))
        entries = active_entries(model.coefficients, lo, hi)
        lin = make_linear_running(sm, entries, scale=scale, scale_range=scale_range, n_nodes=n_nodes)
    else:
        sm_hi = sm_at_scale(sm, {}, scale)
    data = LikelihoodData(
        sm=sm,
        constraints=dict(constraints),
        running=lin,
        sm_at_lambda=sm_hi,
        scale=jnp.asarray(scale if scale is not None else 0.0, float),
    )
    return lik, data
