"""Registry of observables: fit name (as in flavio) → definition, scale, units and references.

Every entry maps the photon dipole at m_Z (``egamma``, JMS, GeV⁻¹, mass basis) to the full
prediction *SM + NP* (like flavio's ``np_prediction``). The dipole is first run to the natural
scale of the observable with QED (:mod:`jaxalign.wet.qed`); the scales are those of the reference
calculation (flavio): a_e, a_μ and μ→eγ at 1 GeV, τ decays at 1.8 GeV, d_e at 2 GeV, a_τ at m_Z.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import jax.numpy as jnp

from ..errors import JaxalignError, suggest
from ..matching.smeft_to_wet import weak_mixing
from ..wet.qed import alpha_e, dipole_running_factor
from .dipoles import delta_a_lepton, edm_over_e_cm
from .lfv_radiative import br_radiative_lfv

__all__ = [
    "Observable",
    "OBSERVABLES",
    "observable",
    "predict_from_egamma",
    "sm_prediction",
    "linear_coefficients",
    "apply_forms",
]

_MZ = 91.0  # observables at or above this scale are evaluated at m_Z without QED running
_ALIGN = "Isidori, Pagès, Wilsch, arXiv:2111.13724 (ALIGN)"
_FLAVON = "Calibbi, López-Ibáñez, Melis, Vives, JHEP 06 (2020) 087, arXiv:2003.06633 (FLAVON)"


@dataclass(frozen=True)
class Observable:
    """One observable: ``np(egamma_at_scale, sm, e_match, e_scale)`` → SM + NP prediction."""

    name: str
    tex: str
    unit: str
    scale: float
    formula: str
    references: tuple[str, ...]
    np: Callable = field(repr=False)
    sm: Callable = field(repr=False)
    #: how the NP part depends on the photon dipole: ("re" | "im", i, i) linear in Re/Im egamma_ii,
    #: ("abs2", i, j) proportional to |egamma_ij|² + |egamma_ji|² (used by the compiled fast path)
    form: tuple = ()


def _a(i):
    return lambda eg, sm, e_match, e_mu: sm.a_sm[i] + delta_a_lepton(eg, sm.lepton_mass, e_match, i)


def _br(i, j):
    return lambda eg, sm, e_match, e_mu: br_radiative_lfv(eg, sm.lepton_mass, sm.lepton_width, i, j)


def _zero(sm):
    return 0.0


OBSERVABLES: dict[str, Observable] = {
    "a_e": Observable(
        "a_e", r"a_e", "1", 1.0, "a_e^SM + 4 m_e Re egamma_11 / e",
        (_ALIGN + " eq. 2.3", _FLAVON + " eq. 1.4"), _a(0), lambda sm: sm.a_sm[0], ("re", 0, 0),
    ),
    "a_mu": Observable(
        "a_mu", r"a_\mu", "1", 1.0, "a_mu^SM + 4 m_mu Re egamma_22 / e",
        (_ALIGN + " eq. 2.3", _FLAVON + " eq. 1.4"), _a(1), lambda sm: sm.a_sm[1], ("re", 1, 1),
    ),
    "a_tau": Observable(
        "a_tau", r"a_\tau", "1", 91.1876, "a_tau^SM + 4 m_tau Re egamma_33 / e",
        (_ALIGN + " eq. 2.3",), _a(2), lambda sm: sm.a_sm[2], ("re", 2, 2),
    ),
    "BR(mu->egamma)": Observable(
        "BR(mu->egamma)", r"\mathcal{B}(\mu\to e\gamma)", "1", 1.0,
        "m_mu^3/(4 pi Gamma_mu) (|egamma_21|^2 + |egamma_12|^2)(1 - m_e^2/m_mu^2)^3",
        (_ALIGN + " eq. 2.5", _FLAVON + " eq. 1.7"), _br(1, 0), _zero, ("abs2", 1, 0),
    ),
    "BR(tau->mugamma)": Observable(
        "BR(tau->mugamma)", r"\mathcal{B}(\tau\to \mu\gamma)", "1", 1.8,
        "m_tau^3/(4 pi Gamma_tau) (|egamma_32|^2 + |egamma_23|^2)(1 - m_mu^2/m_tau^2)^3",
        (_ALIGN + " eq. 2.5",), _br(2, 1), _zero, ("abs2", 2, 1),
    ),
    "BR(tau->egamma)": Observable(
        "BR(tau->egamma)", r"\mathcal{B}(\tau\to e\gamma)", "1", 1.8,
        "m_tau^3/(4 pi Gamma_tau) (|egamma_31|^2 + |egamma_13|^2)(1 - m_e^2/m_tau^2)^3",
        (_ALIGN + " eq. 2.5",), _br(2, 0), _zero, ("abs2", 2, 0),
    ),
    "d_e": Observable(
        "d_e", r"d_e", "e cm", 2.0, "2 Im egamma_11 / e(2 GeV), converted to e cm",
        (_FLAVON + " eq. 4.5",),
        lambda eg, sm, e_match, e_mu: edm_over_e_cm(eg, e_mu, 0), _zero, ("im", 0, 0),
    ),
}


def observable(name: str) -> Observable:
    """Look up an observable by its flavio name, with a clear error for unknown names."""
    try:
        return OBSERVABLES[name]
    except KeyError:
        raise JaxalignError(
            f"unknown observable '{name}'.{suggest(name, OBSERVABLES)} "
            f"Available: {', '.join(OBSERVABLES)}."
        ) from None


def sm_prediction(name: str, sm):
    """SM prediction of an observable (from the input set ``sm``)."""
    return observable(name).sm(sm)


def linear_coefficients(sm, names) -> tuple:
    """(coefficient, SM value) per observable, such that NP part = coefficient × form(egamma_mz).

    Obtained by evaluating the registry itself on unit dipoles, so the compiled fast path of the
    likelihood cannot drift from the definitions above.
    """
    coefs, sms = [], []
    for n in names:
        ob = observable(n)
        kind, i, j = ob.form
        unit = jnp.zeros((3, 3), complex).at[i, j].set(1.0 if kind != "im" else 1.0j)
        val = predict_from_egamma(unit, sm, (n,))[n] - ob.sm(sm)
        coefs.append(val)
        sms.append(ob.sm(sm))
    return jnp.asarray(coefs, float), jnp.asarray(sms, float)


def apply_forms(egamma_mz, forms, coefs):
    """NP parts from the dipole at m_Z with the static ``forms`` and the ``coefs`` (see above)."""
    out = []
    for (kind, i, j), c in zip(forms, coefs):
        if kind == "re":
            out.append(c * jnp.real(egamma_mz[i, j]))
        elif kind == "im":
            out.append(c * jnp.imag(egamma_mz[i, j]))
        else:
            a, b = egamma_mz[i, j], egamma_mz[j, i]
            out.append(c * (jnp.real(a) ** 2 + jnp.imag(a) ** 2 + jnp.real(b) ** 2 + jnp.imag(b) ** 2))
    return out


def predict_from_egamma(egamma_mz, sm, names=None) -> dict:
    """SM + NP predictions from the photon dipole at m_Z (mass basis, GeV⁻¹).

    ``names``: static tuple of observable names (default: all). Pure and jit-able.
    """
    names = tuple(OBSERVABLES) if names is None else tuple(names)
    _, _, e_match = weak_mixing(sm)
    out = {}
    for n in names:
        ob = observable(n)
        mu = ob.scale
        if mu < _MZ:  # static: observable scales are constants of the registry
            eg = egamma_mz * dipole_running_factor(mu, sm.alpha_e_mz, sm.scale_ew)
            e_mu = jnp.sqrt(4.0 * jnp.pi * alpha_e(mu, sm.alpha_e_mz, sm.scale_ew))
        else:
            eg = egamma_mz
            e_mu = jnp.sqrt(4.0 * jnp.pi * sm.alpha_e_mz)
        out[n] = ob.np(eg, sm, e_match, e_mu)
    return out
