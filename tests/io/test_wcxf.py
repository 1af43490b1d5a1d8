"""WCxf parsing, validation and the Warsaw key table (against the WCxf basis file)."""

import json
import pathlib

import numpy as np
import pytest

from jaxalign.errors import WCxfError
from jaxalign.io.wcxf import dump_wcxf, parse_wcxf, read_wcxf, write_wcxf
from jaxalign.smeft.operators import all_keys, arrays_to_wcxf, parse_key, split_sector, wcxf_to_arrays

DATA = pathlib.Path(__file__).parent.parent / "data"


def test_key_table_matches_wcxf_basis_file():
    """Every non-redundant Warsaw key and its reality flag equals the WCxf basis definition
    (tests/data/wcxf_smeft_warsaw_keys.json, copied from the WCxf basis file in wilson 2.5.2)."""
    ref = json.loads((DATA / "wcxf_smeft_warsaw_keys.json").read_text())["keys"]
    mine = all_keys()
    assert set(mine) == set(ref)
    assert {k: mine[k] for k in ref} == ref
    n_real = sum(1 if r else 2 for k, r in mine.items() if not k.startswith(("duql", "qque", "qqql", "duue", "llphiphi")))
    assert n_real == 2499  # the famous count of baryon-number conserving dim-6 parameters


def test_roundtrip_yaml_json(tmp_path):
    d = {"eft": "SMEFT", "basis": "Warsaw", "scale": 1000.0,
         "values": {"eB_22": 1e-11, "lequ3_2233": {"Re": 1e-7, "Im": -2e-8}}}
    wc = parse_wcxf(d)
    for suffix in (".yaml", ".json"):
        p = tmp_path / f"p{suffix}"
        write_wcxf(wc, p)
        back = read_wcxf(p)
        assert back.values == wc.values and back.scale == 1000.0
    assert "lequ3_2233" in dump_wcxf(wc)


@pytest.mark.parametrize(
    "bad, match",
    [
        ({"basis": "Warsaw", "scale": 1e3, "values": {}}, "missing required key 'eft'"),
        ({"eft": "SMEFT", "basis": "Warsaw", "scale": "1 TeV", "values": {}}, "'scale' must be"),
        ({"eft": "SMEFT", "basis": "Warsaw", "scale": -5.0, "values": {}}, "positive"),
        ({"eft": "SMEFT", "basis": "Warsaw", "scale": 1e3, "values": {"eB_22": "big"}}, "eB_22"),
        ({"eft": "SMEFT", "basis": "Warsaw", "scale": 1e3, "values": {"eB_22": {"Re": 1, "Img": 0}}}, "eB_22"),
        ({"eft": "SMEFT", "basis": "Warsaw", "scale": 1e3, "values": {"eB_22": float("nan")}}, "not finite"),
        ({"eft": "SMEFT", "basis": "Warsaw", "scale": 1e3, "values": {}, "valus": {}}, "valus"),
    ],
)
def test_malformed_inputs_name_the_item(bad, match):
    with pytest.raises(WCxfError, match=match):
        parse_wcxf(bad)


def test_malformed_yaml_file(tmp_path):
    p = tmp_path / "x.yaml"
    p.write_text("eft: SMEFT\nvalues: {eB_22: [1,\n")
    with pytest.raises(WCxfError, match="not valid YAML"):
        read_wcxf(p)


def test_yaml_floats_without_a_dot_are_numbers(tmp_path):
    """``1e-11`` in a WCxf file is a number (YAML 1.2), not the string PyYAML's YAML-1.1 resolver
    makes of it (which the parser would then reject); integers stay integers, quoted scalars stay
    strings, and a NaN written as .nan is still refused."""
    import yaml

    from jaxalign.io import yaml12

    assert yaml.safe_load("x: 1e-8")["x"] == "1e-8"  # the YAML-1.1 behaviour this works around
    got = yaml12.load("a: 1e-8\nb: -2.5E+3\nc: 1E3\nd: 3\ne: '1e-8'\nf: 1.0e-8\ng: abc\n")
    assert got == {"a": 1e-8, "b": -2500.0, "c": 1000.0, "d": 3, "e": "1e-8", "f": 1e-8, "g": "abc"}
    assert type(got["a"]) is float and type(got["d"]) is int
    p = tmp_path / "p.yaml"
    p.write_text("eft: SMEFT\nbasis: Warsaw\nscale: 1e3\nvalues:\n  eB_22: 1e-11\n"
                 "  lequ3_2233: {Re: 1e-7, Im: -2E-8}\n")
    wc = read_wcxf(p)
    assert wc.scale == 1000.0
    assert wc.values == {"eB_22": 1e-11 + 0j, "lequ3_2233": complex(1e-7, -2e-8)}
    p.write_text("eft: SMEFT\nbasis: Warsaw\nscale: 1e3\nvalues: {eB_22: .nan}\n")
    with pytest.raises(WCxfError, match="not finite"):
        read_wcxf(p)
    p.write_text("eft: SMEFT\nbasis: Warsaw\nscale: 1e3\nvalues: {eB_22: '1e-11'}\n")
    with pytest.raises(WCxfError, match="must be a number"):
        read_wcxf(p)


@pytest.mark.parametrize(
    "key, match",
    [("eB_2", "takes 2 generation"), ("lequ3_22334", "takes 4"), ("eG_22", "unknown Warsaw"),
     ("lq1_2232", "redundant"), ("phil1_21", "redundant"), ("eB_24", "unknown|takes")],
)
def test_bad_keys(key, match):
    with pytest.raises(WCxfError, match=match):
        parse_key(key)


def test_unknown_key_suggests():
    with pytest.raises(WCxfError, match="Did you mean 'eB_22'"):
        parse_key("eb_22")


def test_real_coefficient_with_imaginary_part():
    with pytest.raises(WCxfError, match="real in WCxf"):
        wcxf_to_arrays({"phil1_22": 1j * 1e-9})


def test_outside_sector_is_rejected_clearly():
    assert split_sector({"lq1_2223": 1e-9, "phiBox": 1e-8})  # every B-conserving class is run
    with pytest.raises(WCxfError, match="valid Warsaw coefficient.*baryon-number violating"):
        split_sector({"duql_1111": 1e-9})
    with pytest.raises(WCxfError, match="dimension five"):
        split_sector({"llphiphi_11": 1e-9})
    with pytest.raises(WCxfError, match="uses only the classes eB"):
        split_sector({"lq1_2223": 1e-9}, ("eB",))


def test_symmetrised_arrays_roundtrip():
    """WCxf symmetry conventions (reference/README): lq1_2232 = conj(lq1_2223); ll_1122 fills
    C_1122 = C_2211 = ll_1122/2; ee_1122 fills 1/4 in C_1122, C_2211, C_1221, C_2112."""
    vals = {"lq1_2223": 2e-10 + 1e-11j, "ll_1122": 4e-10, "ee_1122": 8e-10, "phil1_12": 1e-9 + 2e-9j,
            "lequ3_2233": 1e-7 - 1e-8j}
    arr = wcxf_to_arrays(vals)
    assert arr["lq1"][1, 1, 2, 1] == np.conj(vals["lq1_2223"])
    assert arr["ll"][0, 0, 1, 1] == arr["ll"][1, 1, 0, 0] == 2e-10
    for idx in [(0, 0, 1, 1), (1, 1, 0, 0), (0, 1, 1, 0), (1, 0, 0, 1)]:
        assert arr["ee"][idx] == 2e-10
    assert arr["phil1"][1, 0] == np.conj(vals["phil1_12"])
    back = arrays_to_wcxf(arr)
    assert back.keys() == vals.keys()
    for k in vals:
        assert back[k] == pytest.approx(vals[k], rel=1e-15)
