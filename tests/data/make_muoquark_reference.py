"""Generate tests/data/muoquark_reference.json: wilson/flavio oracle numbers for muoquark points.

Run with the oracle environment (wilson 2.5.2, flavio 2.7.1 are test-time oracles only, used as
black boxes):

    .oracle/bin/python tests/data/make_muoquark_reference.py

Stage 1 (run automatically in the jaxalign venv ``.venv/bin/python``, by a subprocess call of this
file with ``--inputs``): the model points below are matched with
``jaxalign.models.muoquark.to_wcxf`` and the WCxf inputs (SMEFT, Warsaw, at the matching scale) are
written to the JSON. Stage 2 (oracle): for each stored input,

* wilson ``SMEFT(wc).run(91.1876, accuracy='integrate', method='DOP853', rtol=1e-10)`` (the tight
  settings of the shared reference 'integrate_precise'; default SM inputs = jaxalign's 'reference'
  input set), then ``Wilson(out, 91.1876, 'SMEFT', 'Warsaw').match_run(91.1876, 'WET', 'flavio',
  sectors=('sb',))``: tree-level matching, no WET running → ``C9_bsmumu, C10_bsmumu, C9p_bsmumu,
  C10p_bsmumu`` at 91.1876 GeV;
* the run-down values of a few SMEFT coefficients (``SMEFT_KEYS``, for diagnosis);
* the same run-down SMEFT point through flavio 2.7.1 ``np_prediction`` for ``a_mu``,
  ``BR(Bs->mumu)`` and ``<Rmue>(B+->Kll)[1.1,6.0]`` (flavio's own SMEFT→WET matching and WET running;
  reported, ``a_mu`` also tested), and ``sm_prediction`` of the same observables.
"""

import datetime
import json
import pathlib
import subprocess
import sys

OUT = pathlib.Path(__file__).with_name("muoquark_reference.json")
ROOT = pathlib.Path(__file__).resolve().parents[2]
MAIN_PY = ROOT / ".venv" / "bin" / "python"

# id -> (model class, static options, parameter vector, note)
POINTS = {
    "U2_bestfit": ("MuoquarkU2", {"tie_1R": True}, [0.43, 0.12, 3000.0, 3000.0],
                   "MUOQ Fig. 1 best fit (eta3L_3, eta1L_3 = eta1R_3) = (0.43, 0.12), M1 = M3 = 3 TeV, a = +1"),
    "U2_bestfit_aneg": ("MuoquarkU2", {"tie_1R": True, "spurion_coeff": -1.0}, [0.43, 0.12, 3000.0, 3000.0],
                        "same with the U(2) spurion coefficient a = -1"),
    "S3_only": ("Muoquark", {"with_nuR": False},
                [0.0, 0.0, 0.03, 0.01, 0.4, 0.0] + [0.0] * 12 + [2500.0, 2000.0], "S3 only, M3 = 2 TeV (matching at max(M1, M3) = 2.5 TeV)"),
    "S1_only": ("Muoquark", {"with_nuR": False},
                [0.0] * 6 + [0.0, 0.0, 0.05, -0.02, 0.3, 0.1] + [0.0, 0.0, 0.0, 0.0, 0.2, 0.05]
                + [2000.0, 1500.0], "S1 only with complex couplings, M1 = 2 TeV"),
    "general": ("Muoquark", {"with_nuR": False},
                [0.01, 0.0, -0.04, 0.01, 0.5, 0.1, 0.002, 0.001, 0.01, 0.0, 0.15, -0.05,
                 0.0, 0.0, 0.01, 0.0, 0.1, 0.02, 1500.0, 4000.0],
                "all couplings, complex, M1 = 1.5 TeV, M3 = 4 TeV"),
}
# SMEFT coefficients at 91.1876 GeV stored for diagnosis (those entering C9, C10 and the muon dipole)
SMEFT_KEYS = ("lq1_2223", "lq3_2223", "qe_2322", "phil1_22", "phil3_22", "phiq1_23", "phiq3_23",
              "eB_22", "eW_22", "lequ1_2233", "lequ3_2233", "ephi_22")
OBS = ("a_mu", "BR(Bs->mumu)", ("<Rmue>(B+->Kll)", 1.1, 6.0))


def stage_inputs():
    """jaxalign venv: WCxf inputs of the points."""
    import numpy as np

    import jaxalign.models.muoquark as mq

    recs = []
    for pid, (cls, opts, x, note) in POINTS.items():
        model = getattr(mq, cls)(**opts)
        x = np.asarray(x, float)
        assert len(x) == len(model.parameter_names), (pid, len(x), len(model.parameter_names))
        wc = mq.to_wcxf_dict(model, x)
        recs.append({"id": pid, "model": cls, "options": opts, "x": x.tolist(), "note": note, "input": wc})
        print(pid, wc["scale"], len(wc["values"]), "keys", flush=True)
    OUT.write_text(json.dumps({"records": recs}, indent=0))


def _c(v):
    return complex(v["Re"], v["Im"]) if isinstance(v, dict) else complex(v)


def stage_oracle():
    import flavio
    import wilson
    from wilson import wcxf
    from wilson.run.smeft.classes import SMEFT

    data = json.loads(OUT.read_text())
    for rec in data["records"]:
        inp = rec["input"]
        vals = {k: _c(v) for k, v in inp["values"].items()}
        wc = wcxf.WC("SMEFT", "Warsaw", inp["scale"], wcxf.WC.dict2values(vals))
        out = SMEFT(wc).run(91.1876, accuracy="integrate", method="DOP853", rtol=1e-10)
        low = {k: complex(v) for k, v in out.dict.items()}
        w = wilson.Wilson(low, scale=91.1876, eft="SMEFT", basis="Warsaw")
        sb = w.match_run(91.1876, "WET", "flavio", sectors=("sb",)).dict
        rec["flavio_sb_91.1876"] = {k: {"Re": complex(sb[k]).real, "Im": complex(sb[k]).imag}
                                    for k in ("C9_bsmumu", "C10_bsmumu", "C9p_bsmumu", "C10p_bsmumu") if k in sb}
        rec["smeft_91.1876"] = {k: {"Re": low[k].real, "Im": low[k].imag} for k in SMEFT_KEYS if k in low}
        obs = {}
        for o in OBS:
            name, args = (o, ()) if isinstance(o, str) else (o[0], o[1:])
            label = name if not args else f"{name}[{args[0]},{args[1]}]"
            obs[label] = {"np": float(flavio.np_prediction(name, w, *args)),
                          "sm": float(flavio.sm_prediction(name, *args))}
        rec["flavio"] = obs
        print(rec["id"], rec["flavio_sb_91.1876"].get("C9_bsmumu"), obs, flush=True)
    data["header"] = {
        "generator": "tests/data/make_muoquark_reference.py",
        "reference": (f"wilson {wilson.__version__}: SMEFT(wc).run(91.1876, accuracy='integrate', method='DOP853', "
                      "rtol=1e-10); Wilson(...).match_run(91.1876, 'WET', 'flavio', sectors=('sb',)); "
                      f"flavio {flavio.__version__} np_prediction / sm_prediction"),
        "date": datetime.date.today().isoformat(),
        "note": "inputs from jaxalign.models.muoquark.to_wcxf (stage 1); smeft_91.1876: wilson's run-down values of SMEFT_KEYS",
    }
    OUT.write_text(json.dumps(data, indent=0))
    print("wrote", OUT)


if __name__ == "__main__":
    if "--inputs" in sys.argv:
        stage_inputs()
    else:
        subprocess.run([str(MAIN_PY), __file__, "--inputs"], check=True, cwd=ROOT)
        stage_oracle()
