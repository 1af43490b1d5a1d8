"""WCxf keys of the JMS-basis classes that jaxalign computes (``WET.JMS``, ``WET-4.JMS``, ``WET-3.JMS``).

Index symmetries (Jenkins, Manohar, Stoffer, arXiv:1709.04486; WCxf basis file ``wet.jms.yml``):
the dipoles (``egamma, dgamma, dG``) and the scalar/tensor operators (``SedRL, SeuRR, TeuRR``) have
all index orderings independent; the vector current–current operators of two different currents
(``VedLL, VedLR, VdeLR, VedRR``) are Hermitian, ``C_rpts = C_prst*``, and WCxf lists the
lexicographically smaller of ``prst``/``rpts``. Quark indices run over the active flavours of the
EFT (``WET``: u, c; d, s, b — ``WET-4``: no b — ``WET-3``: no c, b).
"""

from __future__ import annotations

import itertools

import numpy as np

__all__ = ["HERMITIAN", "wet_name", "arrays_to_jms"]

HERMITIAN = ("VedLL", "VedLR", "VdeLR", "VedRR")
_FIELDS = {
    "egamma": "ee", "dgamma": "dd", "dG": "dd", "VedLL": "eedd", "VedLR": "eedd", "VdeLR": "ddee",
    "VedRR": "eedd", "SedRL": "eedd", "SeuRR": "eeuu", "TeuRR": "eeuu",
}


def wet_name(scale: float) -> str:
    """WCxf EFT name for a scale: WET above the b threshold (4.2 GeV), WET-4 above 1.3 GeV, else WET-3."""
    return "WET" if scale > 4.2 else ("WET-4" if scale > 1.3 else "WET-3")


def arrays_to_jms(arrays: dict, eft: str = "WET", *, drop_zero: bool = True) -> dict:
    """Full JMS arrays → non-redundant WCxf keys (complex values) for the active flavours of ``eft``."""
    n_d = {"WET": 3, "WET-4": 2, "WET-3": 2}[eft]
    n_u = {"WET": 2, "WET-4": 2, "WET-3": 1}[eft]
    n = {"e": 3, "d": n_d, "u": n_u}
    out = {}
    for name, fields in _FIELDS.items():
        if name not in arrays:
            continue
        a = np.asarray(arrays[name])
        for idx in itertools.product(*(range(n[f]) for f in fields)):
            if name in HERMITIAN:
                p, r, s, t = idx
                if (r, p, t, s) < idx:
                    continue
            z = complex(a[idx])
            if name in HERMITIAN and idx == (idx[1], idx[0], idx[3], idx[2]):
                z = complex(z.real, 0.0)
            if drop_zero and z == 0:
                continue
            out[f"{name}_{''.join(str(i + 1) for i in idx)}"] = z
    return out
