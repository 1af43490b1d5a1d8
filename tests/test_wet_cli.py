"""``jaxalign run --eft WET``: SMEFT → WET (JMS or flavio basis) against wilson 2.5.2 at m_Z.

Reference: tests/data/wilson_wet_reference.json (SMEFT points at 91.1876 GeV; wilson's match_run
to WET.JMS and WET.flavio ``sb``). Running below m_Z is tested in tests/wet/.
"""

from __future__ import annotations

import json
import pathlib

import pytest
import yaml

from jaxalign.cli import main

DATA = pathlib.Path(__file__).resolve().parent / "data" / "wilson_wet_reference.json"
REF = {r["id"]: r for r in json.loads(DATA.read_text())["records"]}


def _c(v):
    return complex(v["Re"], v["Im"]) if isinstance(v, dict) else complex(v)


def _run(tmp_path, capsys, rec_id, *extra):
    p = tmp_path / "point.yaml"
    p.write_text(yaml.safe_dump(REF[rec_id]["input"]))
    assert main(["run", str(p), "--eft", "WET", *extra]) == 0
    return yaml.safe_load(capsys.readouterr().out)


@pytest.mark.parametrize("rec_id", ["W01", "W04", "W05"])
def test_jms_output_at_mz(tmp_path, capsys, rec_id):
    out = _run(tmp_path, capsys, rec_id, "--scale", "91.1876")
    assert out["eft"] == "WET" and out["basis"] == "JMS"
    mine = {k: _c(v) for k, v in out["values"].items()}
    ref = {k: _c(v) for k, v in REF[rec_id]["jms"]["91.1876"].items()}
    big = max(abs(z) for z in ref.values())
    for k, z in ref.items():
        assert abs(mine.get(k, 0) - z) <= 1e-4 * abs(z) + 1e-9 * big, (k, mine.get(k), z)
    for k, z in mine.items():  # keys we write are non-redundant and present in wilson's output
        assert k in ref or abs(z) <= 1e-8 * big, k


def test_flavio_output_at_mz(tmp_path, capsys):
    out = _run(tmp_path, capsys, "W01", "--scale", "91.1876", "--basis", "flavio")
    assert out["basis"] == "flavio"
    mine = {k: _c(v) for k, v in out["values"].items()}
    ref = {k: _c(v) for k, v in REF["W01"]["flavio_sb"]["91.1876"].items()}
    for k in ("C9_bsmumu", "C10_bsmumu", "C9_bsee", "C10_bsee"):
        assert abs(mine[k] - ref[k]) <= 1e-4 * abs(ref[k]), k


def test_wet_scale_range_and_names(tmp_path, capsys):
    out = _run(tmp_path, capsys, "W06", "--scale", "1.0")
    assert out["eft"] == "WET-3" and "egamma_22" in out["values"]
    p = tmp_path / "point.yaml"
    assert main(["run", str(p), "--eft", "WET", "--scale", "0.05"]) == 2
    assert "outside [m_μ, m_Z]" in capsys.readouterr().err
    assert main(["run", str(p), "--basis", "JMS"]) == 2
    assert "needs --eft WET" in capsys.readouterr().err
