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

with Z₀ from the SM lepton block at m_Z, K_k the Chebyshev coefficients in ln Λ of the evolution
matrix applied to the affine model c(p) = c⁰ + J p (one node, w = 1, at a fixed Λ). With
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
``abs2``). With a free Λ the tangent along ln Λ is the derivative of the Chebyshev series,
w′_k(s) ds/dΛ with s = (2 ln Λ − t_min − t_max)/(t_max − t_min). Finally
nll = ½|W (f − f_c)|² and ∂nll/∂x_t = Σ_p (Wᵀ W (f − f_c))_p ∂_t f_p (W the whitening matrix of
the constraints).
"""
from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from ..smeft.flavour_basis import small_matmul

#: position of 1/(m_j² − m_i²) for i < j in the vector of reciprocals (after the three 1/m_i)
_PAIR = {(0, 1): 3, (0, 2): 4, (1, 2): 5}


def supported(forms) -> bool:
    """Whether every form is invariant under a rephasing of the lepton fields (the formulas above
    drop the common diagonal phase): ``re``/``im`` of a diagonal entry or ``abs2``."""
    return all(k == "abs2" or (k in ("re", "im") and i == j) for k, i, j in forms)


def chebyshev(s, n: int):
    """(T_k(s), T_k′(s)) for k < n in closed form. With a = |s| and r = √|1 − a²|:
    T_k(a) = cos kθ, T_k′(a) = k sin kθ / r for a ≤ 1 (θ = atan2(r, a) = arccos a), and
    cosh kη, k sinh kη / r beyond (η = ln(a + r) = arccosh a), T_k′(1) = k²; then
    T_k(−a) = (−1)^k T_k(a), T_k′(−a) = (−1)^(k+1) T_k′(a) (so θ stays away from π, where sin θ
    would lose its relative precision). One vector expression, so XLA compiles it into a few
    kernels (the three-term recursion becomes a chain of ~20); equal to the recursion to ~1e-14
    for |s| ≤ 1.05 (tests)."""
    k = np.arange(n, dtype=float)
    a = jnp.abs(s)
    r = jnp.sqrt(jnp.abs((1.0 - a) * (1.0 + a)))
    inside = a <= 1.0
    theta = jnp.arctan2(r, a)
    eta = jnp.log(a + r)
    T = jnp.where(inside, jnp.cos(k * theta), jnp.cosh(k * eta))
    num = k * jnp.where(inside, jnp.sin(k * theta), jnp.sinh(k * eta))
    dT = jnp.where(r == 0.0, k**2, num / jnp.where(r == 0.0, 1.0, r))
    parity = (-1.0) ** k
    return jnp.where(s < 0, parity, 1.0) * T, jnp.where(s < 0, -parity, 1.0) * dT


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
        w, dw = chebyshev(s, nodes)
        dw = dw * (2.0 / ((t_max - t_min) * x[n]))  # d/dΛ
        # as vector-matrix products: their operands are materialised, so the transcendental
        # functions are evaluated once, not once per element of K (as XLA does when it fuses them
        # into a reduction: 42 µs instead of 19); three plain dot kernels beat one matrix-matrix
        # product (which XLA hands to its YNNPACK path)
        flat = Kr.reshape(nodes * (n + 1), 36)
        zz = jnp.stack([(w[:, None] * pt[None, :]).ravel() @ flat,
                        *(w @ Kr[:, 1:].reshape(nodes, n * 36)).reshape(n, 36),
                        (dw[:, None] * pt[None, :]).ravel() @ flat]).reshape(n + 2, 2, 2, 3, 3)
        Z = z0 + zz[0, 0] + 1j * zz[0, 1]
        dZ = zz[-1, 0] + 1j * zz[-1, 1]
        tangents = jnp.concatenate([zz[1:-1, 0] + 1j * zz[1:-1, 1], dZ[None]])
    else:
        K = Kr[0, :, 0] + 1j * Kr[0, :, 1]  # (1 + n, 2, 3, 3)
        Z = z0 + jnp.sum(pt[:, None, None, None] * K, axis=0)
        tangents = K[1:]
    M, E = Z[0], Z[1]
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


def fields(lin, consts, c0, J) -> dict:
    """Packed (re, im) arrays of the affine form of (M, E): ``fast_Zy0`` (2, 2, 3, 3) from the SM
    lepton block at m_Z and ``fast_K`` (n_nodes, 1 + n, 2 [re, im], 2, 3, 3), the Chebyshev coefficients
    (one node at a fixed Λ) of the evolution matrix applied to the offset c0 and the columns of J
    of the affine model c(p) = c0 + J p."""
    import jax

    from ..smeft.linear import _block_dict

    v, cw, sw = (float(c) for c in consts)

    def me(vec):  # linear in the 72 numbers of the lepton block
        b = _block_dict(vec)
        return jnp.stack([v / np.sqrt(2.0) * (b["Ge"] - v**2 / 2.0 * b["ephi"]),
                          v / np.sqrt(2.0) * (cw * b["eB"] - sw * b["eW"])])

    cJ = jnp.concatenate([jnp.asarray(c0)[:, None], jnp.asarray(J)], axis=1)  # (n_in, 1 + n)
    K = jnp.einsum("kab,bi->kia", lin.coeffs, cJ)  # (n_nodes, 1 + n, 72)
    Zy0, ZK = me(lin.y0), jax.vmap(jax.vmap(me))(K)
    return {"fast_Zy0": jnp.stack([jnp.real(Zy0), jnp.imag(Zy0)]),
            "fast_K": jnp.stack([jnp.real(ZK), jnp.imag(ZK)], axis=2)}
