"""Linearised running: the evolution matrix U = ∂y(m_Z)/∂C(Λ), optionally as a smooth function of Λ.

At fixed SM couplings the one-loop running is linear in the dimension-six coefficients up to
O(C²) (from the m²·C terms of the SM β-functions), so every later point is a matrix product.
``U`` is computed once with forward-mode differentiation of the full ODE solution at C = 0
(:func:`jaxalign.smeft.rge.evolve`) and restricted to

* the *active* input entries (those a model can set), as (Re, Im) pairs, and
* the *lepton block* of the output: ``Ge, ephi, eB, eW`` at m_Z (72 real numbers), which is all
  the lepton dipole observables need (the exact mass-basis rotation is applied afterwards).

With a range of Λ, ``U(ln Λ)`` is represented by a Chebyshev interpolant in ln Λ (computed at
Chebyshev nodes, evaluated with Clenshaw's recurrence), so the derivative with respect to Λ is
smooth everywhere — unlike linear interpolation on a grid. Tests check the interpolant against
direct ODE solutions between the nodes.
"""

from __future__ import annotations

from functools import partial

import diffrax
import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from ..errors import JaxalignError
from .operators import D6_CLASSES, DIPOLE_SECTOR, class_shape
from .rge import evolve
from .sm_couplings import sm_couplings_ew, vev_from_gf
from .flavour_basis import to_warsaw_down

__all__ = [
    "LEPTON_BLOCK",
    "LinearRunning",
    "make_linear_running",
    "active_entries",
    "make_linear_outputs",
]

LEPTON_BLOCK = ("Ge", "ephi", "eB", "eW")


def active_entries(coefficient_fn, lower, upper, n_samples: int = 16, seed: int = 0):
    """Entries (class, index) that ``coefficient_fn(x)`` sets for x drawn in [lower, upper]."""
    rng = np.random.default_rng(seed)
    lower = np.asarray(lower, float)
    upper = np.asarray(upper, float)
    lo = np.where(np.isfinite(lower), lower, -1.0)
    hi = np.where(np.isfinite(upper), upper, 1.0)
    masks = {}
    for _ in range(n_samples):
        x = lo + (hi - lo) * rng.uniform(size=lo.shape)
        C = coefficient_fn(jnp.asarray(x))
        for k, v in C.items():
            m = np.abs(np.asarray(v)) > 0
            masks[k] = masks.get(k, np.zeros_like(m)) | m
    out = []
    for k in D6_CLASSES:
        if k in masks:
            for idx in zip(*np.nonzero(masks[k])):
                out.append((k, tuple(int(i) for i in idx)))
    return tuple(out)


def state_classes(entries) -> tuple:
    """Classes carried in the ODE of the evolution matrix: the dipole sector plus the classes of
    the active entries (classes generated outside this set feed back into the lepton block only at
    second order in the loop expansion, (α/4π · ln)² ≲ 1e-4 relative)."""
    extra = {k for k, _ in entries}
    return tuple(k for k in D6_CLASSES if k in DIPOLE_SECTOR or k in extra)


def _embed(c, entries):
    C = {k: jnp.zeros(class_shape(k), complex) for k in state_classes(entries)}
    for n, (k, idx) in enumerate(entries):
        C[k] = C[k].at[idx].set(c[2 * n] + 1j * c[2 * n + 1])
    return C


def _extract(C, entries):
    parts = []
    for k, idx in entries:
        z = C[k][idx]
        parts += [jnp.real(z), jnp.imag(z)]
    return jnp.stack(parts) if parts else jnp.zeros((0,))


def _block_vec(y):
    return jnp.concatenate(
        [jnp.concatenate([jnp.real(y[k]).ravel(), jnp.imag(y[k]).ravel()]) for k in LEPTON_BLOCK]
    )


def _block_dict(v):
    out = {}
    for i, k in enumerate(LEPTON_BLOCK):
        w = v[18 * i : 18 * (i + 1)]
        out[k] = (w[:9] + 1j * w[9:]).reshape(3, 3)
    return out


class LinearRunning(eqx.Module):
    """y_lepton(m_Z) = y0 + U(ln Λ) · c, with c the (Re, Im) parts of the active entries at Λ."""

    y0: jax.Array  # (72,) SM lepton block at m_Z
    coeffs: jax.Array  # (n_nodes, 72, n_in) Chebyshev coefficients, or (1, 72, n_in) at fixed Λ
    t_min: jax.Array
    t_max: jax.Array
    entries: tuple = eqx.field(static=True)

    def matrix(self, scale):
        """U at the scale ``scale`` (GeV); constant if built for one scale."""
        if self.coeffs.shape[0] == 1:
            return self.coeffs[0]
        return jnp.einsum("k,kab->ab", self._weights(scale), self.coeffs)

    def _weights(self, scale):
        """Chebyshev polynomials T_k(s) at s = (2 ln Λ − t_min − t_max)/(t_max − t_min)."""
        t = jnp.log(scale)
        s = (2.0 * t - self.t_min - self.t_max) / (self.t_max - self.t_min)
        T = [jnp.ones_like(s), s]
        for _ in range(2, self.coeffs.shape[0]):
            T.append(2.0 * s * T[-1] - T[-2])
        return jnp.stack(T[: self.coeffs.shape[0]])

    def lepton_block(self, C: dict, scale) -> dict:
        """Linearised ``Ge, ephi, eB, eW`` at m_Z (Warsaw-down basis at Λ, not yet rotated)."""
        c = _extract(C, self.entries)
        if self.coeffs.shape[0] == 1:
            return _block_dict(self.y0 + self.coeffs[0] @ c)
        # contract with c first: (n_nodes, 72) numbers instead of n_nodes matrices
        return _block_dict(self.y0 + self._weights(scale) @ (self.coeffs @ c))


@partial(jax.jit, static_argnames=("entries", "rtol", "atol"))
def _evolution_matrix(sm, t, entries, rtol, atol):
    """U = ∂(lepton block at m_Z)/∂(Re, Im of the entries at Λ = e^t), at C = 0 (jitted once per
    set of entries and reused by every later build)."""
    # throw=False: no host callback in the program, so it can be kept in the persistent
    # compilation cache; the solver status is returned and checked by the caller instead.
    t_ew = jnp.log(sm.scale_ew)
    y_ew = sm_couplings_ew(sm, {})
    y_hi, ok_up = evolve(y_ew, t_ew, t, rtol=rtol, atol=atol, throw=False, return_status=True)
    sm_hi = to_warsaw_down(y_hi, vev_from_gf(sm.GF))

    def f(c):
        y, ok = evolve({**sm_hi, **_embed(c, entries)}, t, t_ew, rtol=rtol, atol=atol,
                       adjoint=diffrax.ForwardMode(), throw=False, return_status=True)
        return _block_vec(y), ok

    U, ok_down = jax.jacfwd(f, has_aux=True)(jnp.zeros(2 * len(entries)))
    return U, ok_up & ok_down


def _checked_matrix(sm, t, entries, rtol, atol):
    U, ok = _evolution_matrix(sm, t, entries, rtol, atol)
    if not bool(ok) or not bool(jnp.all(jnp.isfinite(U))):
        raise JaxalignError(
            f"the RG solution for the evolution matrix failed at Λ = {float(jnp.exp(t)):.6g} GeV "
            "(ODE solver did not converge)."
        )
    return U


def make_linear_running(
    sm,
    entries,
    scale=None,
    scale_range=None,
    n_nodes: int = 20,
    rtol: float = 1e-12,
    atol: float = 1e-14,
) -> LinearRunning:
    """Build the evolution matrix for the ``entries`` (see :func:`active_entries`).

    Give either ``scale`` (GeV, fixed Λ) or ``scale_range = (Λ_min, Λ_max)`` for a Chebyshev
    interpolant in ln Λ with ``n_nodes`` nodes. SM couplings at Λ are those of the SM-only
    running from the EW-scale inputs (C = 0), see :mod:`jaxalign.smeft.rge`.
    """
    entries = tuple(entries)
    y_ew = sm_couplings_ew(sm, {})
    z = jnp.zeros((3, 3), complex)
    y0 = _block_vec({**y_ew, "ephi": z, "eB": z, "eW": z})
    if scale is not None:
        t = jnp.log(jnp.asarray(scale, float))
        U = _checked_matrix(sm, t, entries, rtol, atol)
        return LinearRunning(y0, U[None], t, t, entries)
    lo, hi = (float(s) for s in scale_range)
    tmin, tmax = np.log(lo), np.log(hi)
    k = np.arange(n_nodes)
    xk = np.cos(np.pi * (k + 0.5) / n_nodes)  # Chebyshev nodes of the first kind
    tk = 0.5 * (tmax + tmin) + 0.5 * (tmax - tmin) * xk
    # one compiled function for all nodes (a vmapped version would need a second compilation,
    # which costs far more than the sequential solves)
    Us = jnp.stack([_checked_matrix(sm, jnp.asarray(t), entries, rtol, atol) for t in tk])
    # c_j = (2 − δ_j0)/n Σ_k f(x_k) T_j(x_k)
    T = np.cos(np.outer(np.arange(n_nodes), np.pi * (k + 0.5) / n_nodes))  # (j, k)
    w = np.where(np.arange(n_nodes) == 0, 1.0, 2.0) / n_nodes
    coeffs = jnp.einsum("jk,kab->jab", jnp.asarray(T * w[:, None]), Us)
    return LinearRunning(y0, coeffs, jnp.asarray(tmin), jnp.asarray(tmax), entries)


# --- linear maps to other low-energy outputs (b → sℓℓ coefficients at m_b, ...) -------------------


def _embed_all(c, entries):
    """Every dimension-six class (zeros) with the active entries set: the outputs below may be
    generated at one loop by classes outside the model (e.g. C_qe from C_lq through the hypercharge
    penguin), so the whole basis runs."""
    C = {k: jnp.zeros(class_shape(k), complex) for k in D6_CLASSES}
    for n, (k, idx) in enumerate(entries):
        C[k] = C[k].at[idx].set(c[2 * n] + 1j * c[2 * n + 1])
    return C


@partial(jax.jit, static_argnames=("entries", "rtol", "atol"))
def _state_matrix(sm, t, entries, rtol, atol):
    """U = ∂(every dimension-six class at m_Z, Warsaw-down basis)/∂(Re, Im entries at Λ = e^t) at
    C = 0 (forward mode: one tangent per input, all classes run), and the SM state at m_Z."""
    t_ew = jnp.log(sm.scale_ew)
    v = vev_from_gf(sm.GF)
    y_ew = sm_couplings_ew(sm, {})
    y_hi, ok_up = evolve(y_ew, t_ew, t, rtol=rtol, atol=atol, throw=False, return_status=True)
    sm_hi = to_warsaw_down(y_hi, v)

    def f(c):
        y, ok = evolve({**sm_hi, **_embed_all(c, entries)}, t, t_ew, rtol=rtol, atol=atol,
                       adjoint=diffrax.ForwardMode(), throw=False, return_status=True)
        y = to_warsaw_down(y, v)
        return {k: y[k] for k in D6_CLASSES}, (y, ok)

    U, (y0, ok_down) = jax.jacfwd(f, has_aux=True)(jnp.zeros(2 * len(entries)))
    return U, y0, ok_up & ok_down


@partial(jax.jit, static_argnames=("out_fn",))
def _out_jacobian(y0, sm, out_fn):
    """∂ out_fn/∂(Re, Im of every class) at the SM state ``y0`` (reverse mode; the outputs are few).
    ``out_fn`` is linear in the dimension-six coefficients (tree matching, linear WET running)."""
    re = {k: jnp.real(y0[k]) for k in D6_CLASSES}
    im = {k: jnp.imag(y0[k]) for k in D6_CLASSES}

    def g(re, im):
        return out_fn({**y0, **{k: re[k] + 1j * im[k] for k in D6_CLASSES}}, sm)

    return jax.jacrev(g, argnums=(0, 1))(re, im), g(re, im)


def _output_matrix(sm, t, entries, out_fn, rtol, atol):
    """J = ∂ out_fn(y(m_Z))/∂(Re, Im entries at Λ = e^t) = (∂out/∂y) · (∂y/∂c), at C = 0."""
    U, y0, ok = _state_matrix(sm, t, entries, rtol, atol)
    (Jre, Jim), out0 = _out_jacobian(y0, sm, out_fn)
    J = 0.0
    for k in D6_CLASSES:
        a = Jre[k].reshape(Jre[k].shape[0], -1)  # (n_out, size of class)
        b = Jim[k].reshape(Jim[k].shape[0], -1)
        u = U[k].reshape(-1, U[k].shape[-1])  # (size of class, n_in), complex
        J = J + a @ jnp.real(u) + b @ jnp.imag(u)
    return J, out0, ok


def make_linear_outputs(sm, entries, out_fn, scale=None, scale_range=None, n_nodes: int = 20,
                        rtol: float = 1e-10, atol: float = 1e-14):
    """Linearised ``out_fn`` of the low-scale state: ``out ≈ out0 + J(ln Λ) · c``.

    ``out_fn(y_mz, sm)`` → real 1-D array, a static (hashable) function of the SMEFT state at m_Z in
    the Warsaw-down mass basis (e.g. the flavio b → sμμ coefficients at m_b, which are linear in the
    dimension-six coefficients). Returns ``(coeffs, out0, t_min, t_max)``: ``coeffs`` of shape
    (1, n_out, n_in) at a fixed Λ or (n_nodes, n_out, n_in) Chebyshev coefficients in ln Λ
    (same nodes and convention as :func:`make_linear_running`); ``out0`` the SM value of the outputs.
    """
    entries = tuple(entries)

    def at(t):
        J, out0, ok = _output_matrix(sm, jnp.asarray(t, float), entries, out_fn, rtol, atol)
        if not bool(ok) or not bool(jnp.all(jnp.isfinite(J))):
            raise JaxalignError(f"the RG solution for a linear output map failed at Λ = {float(np.exp(t)):.6g} GeV.")
        return J, out0

    if scale is not None:
        t = float(np.log(float(scale)))
        J, out0 = at(t)
        return J[None], out0, jnp.asarray(t), jnp.asarray(t)
    lo, hi = (float(s) for s in scale_range)
    tmin, tmax = np.log(lo), np.log(hi)
    k = np.arange(n_nodes)
    xk = np.cos(np.pi * (k + 0.5) / n_nodes)
    tk = 0.5 * (tmax + tmin) + 0.5 * (tmax - tmin) * xk
    res = [at(t) for t in tk]
    Js = jnp.stack([r[0] for r in res])
    T = np.cos(np.outer(np.arange(n_nodes), np.pi * (k + 0.5) / n_nodes))
    w = np.where(np.arange(n_nodes) == 0, 1.0, 2.0) / n_nodes
    coeffs = jnp.einsum("jk,kab->jab", jnp.asarray(T * w[:, None]), Js)
    return coeffs, res[0][1], jnp.asarray(tmin), jnp.asarray(tmax)
