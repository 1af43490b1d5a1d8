"""Closed-form value and gradient of the dipole likelihood (linear running, tree matching).

Used by :meth:`jaxalign.likelihood.build.Likelihood.value_and_grad` when the model is affine in
its parameters, the running is the linear (evolution-matrix) mode, the matching is tree level and
every constrained observable is a dipole form (Δa_ℓ, d_e: ``re``/``im`` of a diagonal entry;
ℓ→ℓ′γ: ``abs2`` of an off-diagonal pair; :mod:`jaxalign.observables.registry`). Same numbers as
reverse-mode autodiff of ``nll`` (tests: ≤ 1e-12 of the largest gradient component), written so
that XLA compiles a single call into few kernels: for this few-µs likelihood a single call costs
about 0.3 µs per compiled kernel on a CPU, more than the arithmetic (benchmarks/README.md).

The formulas. At the parameters x = (p, [Λ]) the charged-lepton mass matrix and the photon dipole
at m_Z (Warsaw-down basis at Λ, before rotation) are affine in p,

    (M, E)(p, Λ) = Z₀ + Σ_k w_k(Λ) (K_k⁰ + Σ_i p_i K_kⁱ),

with Z₀ from the SM lepton block at m_Z, K_k the coefficients (w_k = s^k, below) of the interpolant
in ln Λ of the evolution matrix applied to the affine model c(p) = c⁰ + J p (one node, w = 1, at a
fixed Λ). With
M = U_L diag(m) U_R† and H = M M† = V diag(m²) V† (V = U_L up to column phases),
U_R = M† V diag(1/m), so every matrix X is taken to the mass basis as

    R_X = V† X U_R = V† (X M†) V diag(1/m)                                              (1)

(one double contraction, no second eigen-decomposition). For a tangent direction t with
(∂_t M, ∂_t E), first-order perturbation theory of the singular value decomposition gives, with
dP = R_{∂_t M} and A = V†∂_t V, B = U_R†∂_t U_R anti-Hermitian,

    A_ij = (m_j dP_ij + m_i dP_ji*) / (m_j² − m_i²),  B_ij = (m_i dP_ij + m_j dP_ji*) / (m_j² − m_i²)  (i ≠ j),
    B_ii − A_ii = −i Im dP_ii / m_i  (the masses stay real),                            (2)
    ∂_t eγ = R_{∂_t E} + A† eγ + eγ B.                                                  (3)

The common diagonal part A_ii = B_ii + i Im dP_ii / m_i is a rephasing of the lepton fields,
which leaves Re eγ_ii, Im eγ_ii and |eγ_ij|² unchanged, so A_ii = 0 here (the full phase
convention of :func:`jaxalign.smeft.flavour_basis.diagonalise` is not needed for these forms).
Only the entries of ∂_t eγ that the forms read are formed (3 and its transpose partner for
``abs2``). With a free Λ the Chebyshev series in s = (2 ln Λ − t_min − t_max)/(t_max − t_min) is
rewritten at construction as the same polynomial in the power basis, Σ_j s^j K̃_j (:func:`fields`;
exact algebra, rounding bounded by ε Σ_k |a_k| |T_k(i)| and checked there), so that the weights s^j
and j s^(j−1) ds/dΛ (the tangent along Λ) are products, not transcendental functions: one fused
kernel instead of eight. Finally
nll = ½|W (f − f_c)|² and ∂nll/∂x_t = Σ_p (Wᵀ W (f − f_c))_p ∂_t f_p (W the whitening matrix of
the constraints).
"""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from ..smeft.flavour_basis import small_matmul

#: position of 1/(m_j² − m_i²) for i < j in the vector of reciprocals (after the three 1/m_i)
_PAIR = {(0, 1): 3, (0, 2): 4, (1, 2): 5}


def supported(forms) -> bool:
    """Whether every form is invariant under a rephasing of the lepton fields (the formulas above
    drop the common diagonal phase): ``re``/``im`` of a diagonal entry or ``abs2``."""
    return all(k == "abs2" or (k in ("re", "im") and i == j) for k, i, j in forms)


def powers(s, n: int):
    """(s^k, k s^(k−1)) for k < n, exact for every real s (so extrapolation beyond [−1, 1] is that
    of the polynomial itself). Written as one vector expression, s^k = Π_b (s^(2^b))^(bit b of k),
    which XLA compiles into one kernel (a chain p_(k+1) = p_k s becomes a kernel per power)."""
    k = np.arange(n)
    P, sq = 1.0, s
    for b in range(max(1, int(n - 1).bit_length())):
        P = P * jnp.where((k >> b) & 1 == 1, sq, 1.0)
        sq = sq * sq
    P = jnp.broadcast_to(P, (n,))
    return P, jnp.concatenate([jnp.zeros_like(P[:1]), np.arange(1.0, n) * P[:-1]])


def value_and_grad(x, data, forms, free_scale: bool):
    """(nll, ∂nll/∂x) in closed form; ``data`` is the likelihood's :class:`LinearData` with the
    fields of :func:`fields`, ``forms`` the static dipole forms of the constrained observables."""
    z = data.get("fast_Zy0")  # (2 [re, im], 2 [M, E], 3, 3)
    Kr = data.get("fast_K")  # (n_nodes, 1 + n, 2 [re, im], 2 [M, E], 3, 3)
    nodes, n = Kr.shape[0], Kr.shape[1] - 1
    p = x[:n]
    z0 = z[0] + 1j * z[1]
    pt = jnp.concatenate([jnp.ones(1), p])  # (1, p): offset and parameter columns
    if free_scale:
        t_min, t_max = data.get("t_min"), data.get("t_max")
        s = (2.0 * jnp.log(x[n]) - t_min - t_max) / (t_max - t_min)
        w, dw = powers(s, nodes)  # the coefficients are in the power basis (fields)
        dw = dw * (2.0 / ((t_max - t_min) * x[n]))  # d/dΛ
        # two vector-matrix products over the nodes (weights materialised first; a matrix-matrix
        # product goes to a slower library path, and the weights fused into a reduction are
        # recomputed per element), then the sums over the few parameter columns written out
        flat = Kr.reshape(nodes, (n + 1) * 36)
        G = (w @ flat).reshape(n + 1, 36)
        Gd = (dw @ flat).reshape(n + 1, 36)
        zz = jnp.concatenate([sum(pt[i] * G[i] for i in range(n + 1))[None], G[1:],
                              sum(pt[i] * Gd[i] for i in range(n + 1))[None]]).reshape(n + 2, 2, 2, 3, 3)
        Z = z0 + zz[0, 0] + 1j * zz[0, 1]
        dZ = zz[-1, 0] + 1j * zz[-1, 1]
        tangents = jnp.concatenate([zz[1:-1, 0] + 1j * zz[1:-1, 1], dZ[None]])
    else:
        K = Kr[0, :, 0] + 1j * Kr[0, :, 1]  # (1 + n, 2, 3, 3)
        Z = z0 + jnp.sum(pt[:, None, None, None] * K, axis=0)
        tangents = K[1:]
    M = Z[0]
    nt = tangents.shape[0]
    Mh = jnp.conj(M.T)
    # X M† for X = M (H = M M†), E, ∂_t M, ∂_t E, then eq. (1) in one contraction
    Q = small_matmul(jnp.concatenate([Z, tangents[:, 0], tangents[:, 1]]), Mh)
    m2, V = jnp.linalg.eigh(Q[0])
    Q = Q[1:]
    inv = 1.0 / jnp.concatenate([jnp.sqrt(m2), m2[np.array([1, 2, 2])] - m2[np.array([0, 0, 1])]])
    # R[t, a, b] = Σ_cd V*_ca Q[t, c, d] V_db / m_b
    R = jnp.sum(jnp.conj(V.T)[None, :, None, :, None] * Q[:, None, None, :, :] * V.T[None, None, :, None, :],
                axis=(3, 4)) * inv[None, None, :3]
    eg, dP, dE = R[0], R[1 : 1 + nt], R[1 + nt :]
    m = m2 * inv[:3]

    def rinv(i, j):  # 1 / (m_j² − m_i²), i ≠ j
        r = inv[_PAIR[(min(i, j), max(i, j))]]
        return r if j > i else -r

    def a_(k, i):  # A_ki over the tangents, eq. (2), A_kk = 0
        return 0.0 if k == i else (m[i] * dP[:, k, i] + m[k] * jnp.conj(dP[:, i, k])) * rinv(k, i)

    def b_(k, j):
        if k == j:
            return -1j * jnp.imag(dP[:, k, k]) * inv[k]
        return (m[k] * dP[:, k, j] + m[j] * jnp.conj(dP[:, j, k])) * rinv(k, j)

    def deg(i, j):  # (∂_t eγ)_ij, eq. (3)
        return (dE[:, i, j] + sum(jnp.conj(a_(k, i)) * eg[k, j] for k in range(3))
                + sum(eg[i, k] * b_(k, j) for k in range(3)))

    coefs = data.coefs
    f, df = [], []
    for o, (kind, i, j) in enumerate(forms):
        c = coefs[o]
        if kind == "re":
            f.append(c * jnp.real(eg[i, j]))
            df.append(c * jnp.real(deg(i, j)))
        elif kind == "im":
            f.append(c * jnp.imag(eg[i, j]))
            df.append(c * jnp.imag(deg(i, j)))
        else:
            a, b = eg[i, j], eg[j, i]
            f.append(c * (jnp.real(a) ** 2 + jnp.imag(a) ** 2 + jnp.real(b) ** 2 + jnp.imag(b) ** 2))
            df.append(2.0 * c * jnp.real(jnp.conj(a) * deg(i, j) + jnp.conj(b) * deg(j, i)))
    # the few observables are summed explicitly (no reductions: fewer kernels)
    W, centre = data.whiten, data.central
    no = len(f)
    r = [f[q] - centre[q] for q in range(no)]
    wz = [sum(W[o, q] * r[q] for q in range(no)) for o in range(no)]
    value = 0.5 * sum(u * u for u in wz)
    pull = [sum(W[o, q] * wz[o] for o in range(no)) for q in range(no)]
    return value, sum(pull[q] * df[q] for q in range(no))


#: largest accepted growth of the coefficients in the change to the power basis (rounding of the
#: power-basis sum ≲ n ε times this, relative to the block; beyond it ``fields`` declines)
MAX_POWER_GROWTH = 1e3


def to_power_basis(a):
    """Coefficients b_j with Σ_j b_j s^j = Σ_k a_k T_k(s) (axis 0; exact algebra in float64).
    Σ_j |c_kj| = |T_k(i)| ≈ (1 + √2)^k / 2 for the monomial coefficients c_kj of T_k, so a rapidly
    decaying series keeps coefficients of its own size."""
    from numpy.polynomial import chebyshev as npcheb

    a = np.asarray(a, float)
    n = a.shape[0]
    C = np.zeros((n, n))  # C[k, j]: T_k = Σ_j C[k, j] s^j
    for k in range(n):
        c = npcheb.cheb2poly(np.eye(n)[k])
        C[k, : len(c)] = c
    return np.tensordot(C.T, a, axes=1)


def fields(lin, consts, c0, J) -> dict | None:
    """Packed (re, im) arrays of the affine form of (M, E): ``fast_Zy0`` (2, 2, 3, 3) from the SM
    lepton block at m_Z and ``fast_K`` (n_nodes, 1 + n, 2 [re, im], 2, 3, 3) the evolution matrix
    applied to the offset c0 and the columns of J of the affine model c(p) = c0 + J p: one node at
    a fixed Λ; with a free Λ the coefficients of its interpolant in the power basis of s
    (:func:`to_power_basis`), or ``None`` (no closed form; autodiff is used) if that change of
    basis would grow them by more than :data:`MAX_POWER_GROWTH` (a slowly converging series)."""
    from ..smeft.linear import _block_dict

    v, cw, sw = (float(c) for c in consts)

    def me(vec):  # linear in the 72 numbers of the lepton block
        b = _block_dict(vec)
        return jnp.stack([v / np.sqrt(2.0) * (b["Ge"] - v**2 / 2.0 * b["ephi"]),
                          v / np.sqrt(2.0) * (cw * b["eB"] - sw * b["eW"])])

    cJ = jnp.concatenate([jnp.asarray(c0)[:, None], jnp.asarray(J)], axis=1)  # (n_in, 1 + n)
    K = jnp.einsum("kab,bi->kia", lin.coeffs, cJ)  # (n_nodes, 1 + n, 72)
    Zy0, ZK = me(lin.y0), jax.vmap(jax.vmap(me))(K)
    Kr = np.asarray(jnp.stack([jnp.real(ZK), jnp.imag(ZK)], axis=2))
    if Kr.shape[0] > 1:
        # growth per (column, M or E) block: Σ_j |b_j| against Σ_k |a_k|, largest entries of the block
        size = lambda c: np.max(np.sum(np.abs(c), axis=0), axis=(1, 3, 4))  # noqa: E731
        a_size = size(Kr)
        Kr = to_power_basis(Kr)
        growth = size(Kr)[a_size > 0] / a_size[a_size > 0]
        if growth.size and growth.max() > MAX_POWER_GROWTH:
            return None
    return {"fast_Zy0": jnp.stack([jnp.real(Zy0), jnp.imag(Zy0)]), "fast_K": jnp.asarray(Kr)}
