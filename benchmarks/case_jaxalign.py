"""The common test case of shared/BENCHMARKS.md built with jaxalign (jaxalign venv only).

Λ = 1.5 TeV, parameters ``lequ3_2233, eB_22, eW_22, eB_12`` (real parts), Δa_μ Gaussian
251(59)e-11, BR(μ→eγ) half-normal (4.2e-13 at 90 % CL); the numbers live in ``common.py``.
Used by ``lik_jaxalign.py`` (single calls and 10⁴-point batches, side by side with jelli) and
``lik_batched.py`` (throughput against the batch size, on CPU or GPU).
"""
import common as cm

from jaxalign.likelihood.distributions import Gaussian, HalfNormal
from jaxalign.likelihood.measurements import PREDICTION, Citation, Constraint, Measurement
from jaxalign.models import WilsonCoefficients

CITE = Citation(ref="benchmark common test case (shared/BENCHMARKS.md)")


def constraints() -> dict:
    """Δa_μ (Gaussian) and BR(μ→eγ) (half-normal at the 90 % CL limit), as jaxalign constraints."""
    return {
        "a_mu": Constraint(Gaussian(*cm.DAMU), observable="a_mu", prediction=PREDICTION["a_mu"],
                           measurement=Measurement("a_mu", "measurement", "gaussian", "1", CITE,
                                                   value=cm.DAMU[0], uncertainty=cm.DAMU[1])),
        "BR(mu->egamma)": Constraint(
            HalfNormal.from_limit(cm.MEG_LIMIT, cm.MEG_CL), observable="BR(mu->egamma)",
            prediction=PREDICTION["BR(mu->egamma)"],
            measurement=Measurement("BR(mu->egamma)", "upper_limit", "half_normal_at_cl", "1", CITE,
                                    upper_limit=cm.MEG_LIMIT, cl=cm.MEG_CL)),
    }


def model() -> WilsonCoefficients:
    """The four real SMEFT coefficients of the test case as parameters."""
    return WilsonCoefficients(parameter_names=cm.PARAMS)
