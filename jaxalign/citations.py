"""`jaxalign citations`: the references behind the chain that a fit configuration builds.

"Cite what ran": the list is assembled from the pieces actually used — the running, the
matching, the observables of the configuration (their registry entries), the measurements of its
vintage (their YAML sources) and the model.
"""

from __future__ import annotations

CHAIN = (
    "E. E. Jenkins, A. V. Manohar, M. Trott, arXiv:1308.2627 (one-loop SMEFT RGE: λ terms)",
    "E. E. Jenkins, A. V. Manohar, M. Trott, arXiv:1310.4838 (one-loop SMEFT RGE: Yukawa terms)",
    "R. Alonso, E. E. Jenkins, A. V. Manohar, M. Trott, arXiv:1312.2014 (one-loop SMEFT RGE: gauge terms)",
    "B. Grzadkowski, M. Iskrzynski, M. Misiak, J. Rosiek, arXiv:1008.4884 (Warsaw basis)",
    "J. Aebischer et al., arXiv:1712.05298 (WCxf)",
    "E. E. Jenkins, A. V. Manohar, P. Stoffer, arXiv:1711.05270 (QED running of the dipoles below m_Z)",
    "P. Kidger, On Neural Differential Equations (diffrax), arXiv:2202.02435",
)


def citations_text(config=None) -> str:
    """Plain-text list of references for the dipole chain, or for a fit configuration."""
    lines = ["jaxalign chain:"] + [f"  - {c}" for c in CHAIN]
    if config is None:
        from .observables.registry import OBSERVABLES

        obs = list(OBSERVABLES)
        refs = []
    else:
        from .fit.driver import load_fit_config
        from .likelihood.measurements import read_measurements

        cfg = load_fit_config(config)
        obs = list(cfg.observables)
        refs = list(cfg.references)
        meas = read_measurements(cfg.vintage)
        lines.append(f"measurements ({cfg.vintage}):")
        for o in obs:
            if o in meas:
                lines.append(f"  - {o}: {meas[o].citation}")
    from .observables.catalog import references

    lines.append("observables:")
    for o in obs:
        members = meas[o].members if config is not None and o in meas and meas[o].members else (o,)
        for m in members:
            lines.append(f"  - {m}: " + "; ".join(references(m)))
    if refs:
        lines.append("analysis:")
        lines += [f"  - {r}" for r in refs]
    return "\n".join(lines)
