"""The user-facing chain: WCxf → running → observables, the command line, errors and gradients."""

import json
import pathlib
import subprocess
import sys

import jax
import jax.numpy as jnp
import pytest
import yaml
from jax.test_util import check_grads

from jaxalign.chain import coefficient_arrays, dipole_predictions, evolve_point, predict_wcxf
from jaxalign.cli import main
from jaxalign.inputs import load_inputs
from jaxalign.io.wcxf import parse_wcxf

DATA = pathlib.Path(__file__).parent / "data"
REF = json.loads((DATA / "reference_points.json").read_text())
REC = {r["id"]: r for r in REF["records"]}


@pytest.fixture(scope="module")
def sm():
    return load_inputs("reference")


def _write(tmp_path, values, scale=1000.0, name="p.yaml"):
    p = tmp_path / name
    p.write_text(yaml.safe_dump({"eft": "SMEFT", "basis": "Warsaw", "scale": scale, "values": values}))
    return p


@pytest.mark.parametrize("pid", ["P01", "P03", "P04", "P10", "P11"])
def test_predict_vs_flavio(sm, pid):
    """Dipole observables against flavio (reference file): a_μ and BR(μ→eγ) to 1e-3, the τ rates
    to 5e-3. The residuals come from the running below m_Z: wilson's WET running differs from our
    closed-form QED dipole running by 2.7e-4 at 1 GeV and 1.9e-3 at 1.8 GeV in the amplitude
    (docs/validation.md); the mixing of other WET operators is not in the dipole-sector chain."""
    rec = REC[pid]
    wc = parse_wcxf(rec["input"])
    res = predict_wcxf(wc, sm, ("a_mu", "BR(mu->egamma)", "BR(tau->mugamma)"))
    for name, tol in (("a_mu", 1e-3), ("BR(mu->egamma)", 1e-3), ("BR(tau->mugamma)", 5e-3)):
        ref = rec["observables"][name]["shift"]
        mine = res[name]["np"] - res[name]["sm"]
        if abs(ref) > 1e-25:
            assert mine == pytest.approx(ref, rel=tol), name
    assert res["a_mu"]["sm"] == REF["sm_predictions"]["a_mu"]


@pytest.mark.parametrize("pid", ["P01", "P03", "P04", "P10", "P11"])
def test_predict_one_loop_matching_vs_reference(sm, pid):
    """With the one-loop matching of the dipoles the shifts follow the reference's
    `observables_variants.smeft_matching_1loop` (wilson's one-loop matching + flavio) to 2e-3
    (the tree-level residual of the test above, plus the reference's CKM in the top loop, which
    we take from the SMEFT state: ≲ 1e-3 for these points); for P01 (C_lequ^(3)_2233 at 1 TeV)
    the loop lowers Δa_μ by ~27 % (issue 3: 13–27 %)."""
    rec = REC[pid]
    res = predict_wcxf(parse_wcxf(rec["input"]), sm, ("a_mu", "BR(mu->egamma)"), matching="1loop")
    ref = rec["observables_variants"]["smeft_matching_1loop"]
    for name in ("a_mu", "BR(mu->egamma)"):
        if abs(ref[name]) > 1e-25:
            assert res[name]["np"] - res[name]["sm"] == pytest.approx(ref[name], rel=2e-3), name
    if pid == "P01":
        tree = rec["observables"]["a_mu"]["shift"]
        assert 0.70 < (res["a_mu"]["np"] - res["a_mu"]["sm"]) / tree < 0.76


@pytest.mark.parametrize("pid", ["P01", "P06", "P10", "P11"])
def test_predict_through_wet_running_vs_flavio(sm, pid):
    """Issue 3 item 4: the dipole observables through the full WET path (tree matching of the whole
    state at m_Z, QCD+QED WET running with thresholds to 1 GeV / 1.8 GeV, observables at their
    scales) against flavio's values (reference file): a_μ to 5e-4 (flavio: C7 at 1 GeV from
    wilson's WET running; residual −1.6e-4 common to both of our paths, from the running
    conventions in docs/validation.md), BR(μ→eγ) to 1e-3, BR(τ→μγ) to 5e-3. For P06
    (C_ledq_2233, a scalar that mixes into the dipole only below m_Z through the WET) the WET path
    brings a_μ from −5.4e-4 (dipole-only QED running) to −1.9e-4."""
    rec = REC[pid]
    res = predict_wcxf(parse_wcxf(rec["input"]), sm, ("a_mu", "BR(mu->egamma)", "BR(tau->mugamma)"),
                       below_mz="wet")
    for name, tol in (("a_mu", 5e-4), ("BR(mu->egamma)", 1e-3), ("BR(tau->mugamma)", 5e-3)):
        ref = rec["observables"][name]["shift"]
        if abs(ref) > 1e-25:
            assert res[name]["np"] - res[name]["sm"] == pytest.approx(ref, rel=tol), name


@pytest.mark.slow  # ~50 s on 2 cores (full-basis ODE compile)
def test_cli_run_matches_reference(tmp_path, capsys):
    """`jaxalign run` writes WCxf comparable key by key with wilson's match_run (P01)."""
    rec = REC["P01"]
    p = _write(tmp_path, rec["input"]["values"])
    out = tmp_path / "out.json"
    assert main(["run", str(p), "--scale", "91.1876", "-o", str(out)]) == 0
    d = json.loads(out.read_text())
    assert d["eft"] == "SMEFT" and d["basis"] == "Warsaw" and d["scale"] == 91.1876
    ref = rec["smeft_ew"]["integrate_precise"]["eB_22"]
    v = d["values"]["eB_22"]
    z = complex(v["Re"], v["Im"]) if isinstance(v, dict) else complex(v)
    assert z.real == pytest.approx(ref["Re"], rel=1e-4)
    # YAML on stdout without -o
    assert main(["run", str(p), "--accuracy", "leadinglog"]) == 0
    y = yaml.safe_load(capsys.readouterr().out)
    assert "lequ3_2233" in y["values"]


def test_cli_predict_json(tmp_path, capsys):
    p = _write(tmp_path, {"eB_22": 1e-11})
    assert main(["predict", str(p), "--obs", "a_mu", "BR(mu->egamma)", "--vintage", "2021"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert set(d) == {"a_mu", "BR(mu->egamma)"}
    assert d["a_mu"]["np"] > d["a_mu"]["sm"] > 0  # positive Re eB_22 gives positive Δa_μ


@pytest.mark.parametrize(
    "values, scale, match",
    [
        ({"eB_2": 1e-11}, 1000.0, "takes 2 generation"),
        ({"foo_22": 1e-11}, 1000.0, "unknown Warsaw"),
        ({"eB_22": 1e-11}, 50.0, "below the electroweak scale"),
        ({"duql_1111": 1e-9}, 1000.0, "baryon-number violating"),
    ],
)
def test_cli_errors_are_clear(tmp_path, capsys, values, scale, match):
    p = _write(tmp_path, values, scale)
    assert main(["predict", str(p)]) == 2
    assert match in capsys.readouterr().err


def test_cli_wrong_basis_and_below_ew_output(tmp_path, capsys):
    p = tmp_path / "w.yaml"
    p.write_text("eft: WET\nbasis: JMS\nscale: 5\nvalues: {}\n")
    assert main(["run", str(p)]) == 2
    assert "expected eft 'SMEFT'" in capsys.readouterr().err
    q = _write(tmp_path, {"eB_22": 1e-11})
    assert main(["run", str(q), "--scale", "10"]) == 2
    assert "below the electroweak scale" in capsys.readouterr().err


def test_unknown_observable(tmp_path, capsys):
    p = _write(tmp_path, {"eB_22": 1e-11})
    assert main(["predict", str(p), "--obs", "a_muon"]) == 2
    assert "Did you mean 'a_mu'" in capsys.readouterr().err


def test_help_texts():
    for cmd in (["--help"], ["run", "--help"], ["predict", "--help"], ["fit", "--help"]):
        r = subprocess.run([sys.executable, "-m", "jaxalign", *cmd], capture_output=True, text=True)
        assert r.returncode == 0 and "usage" in r.stdout and len(r.stdout) > 300


@pytest.mark.slow
def test_gradient_of_whole_chain(sm):
    """d a_μ / d(C, ln Λ) through the full ODE chain, checked against finite differences; inputs
    scaled to O(1) (C in units of 1e-7 GeV⁻², Λ via ln(Λ/TeV)), output in units of 1e-6. The state
    is restricted to the dipole sector to keep the eager check_grads affordable; the reverse-mode
    gradient through the complete basis (backsolve adjoint) is tested in
    tests/smeft/test_running_full.py (slow)."""
    from jaxalign.smeft.operators import DIPOLE_SECTOR

    C0 = coefficient_arrays(parse_wcxf({"eft": "SMEFT", "basis": "Warsaw", "scale": 1000.0, "values": {}}),
                            sector=DIPOLE_SECTOR)

    def f(c, eb, lnl):
        C = dict(C0)
        C["lequ3"] = C["lequ3"].at[1, 1, 2, 2].set(1e-7 * c)
        C["eB"] = C["eB"].at[1, 1].set(1e-9 * eb)
        y = evolve_point(C, 1000.0 * jnp.exp(lnl), 91.1876, sm)
        return (dipole_predictions(y, sm, ("a_mu",))["a_mu"] - sm.a_sm[1]) / 1e-6

    check_grads(jax.jit(f), (1.0, 0.5, 0.3), order=1, modes=("rev",), atol=1e-6, rtol=1e-5)
