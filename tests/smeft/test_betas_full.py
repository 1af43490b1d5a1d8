"""The assembled complete-basis β (jaxalign.smeft.betas.beta_hat) against wilson 2.5.2.

Reference: tests/data/wilson_beta_full.npz (tests/data/make_wilson_beta_full.py): 4 random points
with every one of the 2499 real parameters non-zero. The per-family modules are tested on their
own in test_betas_<family>.py; this file checks the assembly: every key, symmetric outputs,
and the dimension-six part of the SM-coupling β's on its own scale.
"""

from __future__ import annotations

import jax
import numpy as np
import pytest
from betas_reference import RTOL, load, max_rel_dev, state

from jaxalign.smeft.betas import ALL_KEYS, CLASSES, KEYS_SM, beta_hat, complete_state
from jaxalign.smeft.betas.common import project

HEADER, POINTS = load()
# wilson 2.5.2's β(dphi) has a flavour-non-covariant term from C_quqd1 (see
# jaxalign/smeft/betas/yukawa.py, "wilson 2.5.2 discrepancy"); dphi is compared in
# test_betas_yukawa.py with that term accounted for.
SKIP = {"dphi"}


@pytest.fixture(scope="module", params=range(len(POINTS)))
def point_and_beta(request):
    pt = POINTS[request.param]
    return pt, jax.jit(lambda y: beta_hat(y, ALL_KEYS))(state(pt))


def test_every_key_has_a_beta_function():
    assert len(CLASSES) == 59 and len(ALL_KEYS) == 67


def test_all_keys_agree_with_wilson(point_and_beta):
    pt, b = point_and_beta
    bad = {k: max_rel_dev(b[k], pt["beta"][k]) for k in ALL_KEYS if k not in SKIP}
    bad = {k: v for k, v in bad.items() if not v < RTOL}
    assert not bad


def test_dimension_six_part_of_sm_betas(point_and_beta):
    pt, b = point_and_beta
    sm_only = {k: v for k, v in state(pt).items() if k in KEYS_SM}
    b0 = beta_hat(sm_only, KEYS_SM)
    for k in KEYS_SM:
        ref = np.asarray(pt["beta"][k]) - np.asarray(pt["beta_sm"][k])
        assert max_rel_dev(np.asarray(b[k]) - np.asarray(b0[k]), ref) < 1e-9, k


def test_outputs_are_symmetric(point_and_beta):
    _, b = point_and_beta
    for k in CLASSES:
        assert np.max(np.abs(np.asarray(project(k, b[k])) - np.asarray(b[k]))) <= 1e-15 * (
            1 + np.max(np.abs(np.asarray(b[k])))), k


def test_missing_classes_count_as_zero():
    pt = POINTS[0]
    y = {k: v for k, v in state(pt).items() if k in KEYS_SM or k == "eB"}
    full = complete_state(y)
    assert set(full) == set(ALL_KEYS)
    b1 = beta_hat(y, ("eB", "Ge"))
    b2 = beta_hat(full, ("eB", "Ge"))
    for k in b1:
        np.testing.assert_allclose(np.asarray(b1[k]), np.asarray(b2[k]), rtol=0, atol=0)
