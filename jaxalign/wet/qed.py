"""QED running below the electroweak scale: α_e(μ) and the self-running of the lepton dipoles.

One loop, with the fermions of the 5-flavour WET active above their thresholds
(charged leptons at their pole masses, c at 1.3 GeV and b at 4.2 GeV as in the reference
calculation; u, d, s always active):

    dα/d ln μ = (2α²/3π) Σ_f N_c Q_f² ≡ (α²/2π) b,          b = (4/3) Σ_f N_c Q_f²,
    d egamma/d ln μ = (α/4π) (10 Q_ℓ² + b) egamma            (Q_ℓ = −1),

where ``egamma`` is the coefficient of ``(ē_L σ^{μν} e_R) F_{μν}`` (JMS normalisation, GeV⁻¹).
The dipole anomalous dimension is that of the JMS WET RGE (Jenkins, Manohar, Stoffer,
arXiv:1711.05270, eq. for L_eγ at O(e²)); ``10 Q²`` is the vertex part and ``b`` comes from
the photon field (``e F`` is RG invariant). Between thresholds both equations integrate in
closed form, ``1/α(μ) = 1/α(μ₀) − (b/2π) ln(μ/μ₀)`` and
``egamma(μ)/egamma(μ₀) = (α(μ)/α(μ₀))^{(10+b)/(2b)}``, so the result is smooth in μ.

Not included here: mixing of four-fermion operators into the dipoles below m_Z (see the
complete WET running); QCD does not act on lepton dipoles at one loop.
"""

from __future__ import annotations

import jax.numpy as jnp

__all__ = ["alpha_e", "dipole_running_factor", "THRESHOLDS"]

# (threshold in GeV, N_c Q²) for fermions that decouple below m_Z; always-active: u, d, s.
THRESHOLDS = (
    (4.2, 3 * (1 / 3) ** 2),  # b (reference: b threshold 4.2 GeV)
    (1.777, 1.0),  # τ (pole mass, rounded as in the reference inputs)
    (1.3, 3 * (2 / 3) ** 2),  # c (reference: c threshold 1.3 GeV)
    (0.1056583755, 1.0),  # μ
    (0.00051099895, 1.0),  # e
)
_ALWAYS = 3 * (2 / 3) ** 2 + 2 * 3 * (1 / 3) ** 2  # u, d, s


def _segments(mu_low, mu_high):
    """Piecewise segments [(lo, hi, b)] between mu_low and mu_high (mu_low ≤ mu_high ≤ m_Z)."""
    active = _ALWAYS + sum(q for _, q in THRESHOLDS)
    segs = []
    hi = mu_high
    for m, q in THRESHOLDS:
        lo = jnp.maximum(jnp.minimum(m, hi), mu_low)
        segs.append((lo, hi, 4.0 / 3.0 * active))
        hi = lo
        active = active - q
    segs.append((mu_low, hi, 4.0 / 3.0 * active))
    return segs


def _run(mu_low, mu_high, alpha_high, q2_lepton: float = 1.0):
    """(α(mu_low), egamma(mu_low)/egamma(mu_high)) by piecewise closed-form one-loop running."""
    a = alpha_high
    log_ratio = 0.0
    for lo, hi, b in _segments(mu_low, mu_high):
        a_lo = 1.0 / (1.0 / a + b / (2 * jnp.pi) * jnp.log(hi / lo))
        log_ratio = log_ratio + (10.0 * q2_lepton + b) / (2.0 * b) * jnp.log(a_lo / a)
        a = a_lo
    return a, jnp.exp(log_ratio)


def alpha_e(mu, alpha_mz, mz: float = 91.1876):
    """MSbar α_e(μ) for μ ≤ m_Z, one loop, from α_e(m_Z)."""
    return _run(mu, mz, alpha_mz)[0]


def dipole_running_factor(mu, alpha_mz, mz: float = 91.1876):
    """egamma(μ)/egamma(m_Z) from QED self-running (μ ≤ m_Z)."""
    return _run(mu, mz, alpha_mz)[1]
