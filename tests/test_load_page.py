"""The Upload page through AppTest, from the real entry point, on a real demo database."""

import pytest
from streamlit.testing.v1 import AppTest

from cib import db
from tests.conftest import ROOT

ENTRY = "../dashboard.py"  # relative to this file
FAULTY = ROOT / "tests" / "files" / "faulty"
GOOD = (
    b"measure_id,month,team,numerator,denominator,value\n"
    b"assessments_within_45wd_pct,2018-04,All,120,150,\n"
    b"assessments_within_45wd_pct,2018-03,All,1,2,\n"
)


def upload_page() -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.run()
    at.switch_page("pages/upload.py").run()
    assert not at.exception, at.exception
    return at


def give(at: AppTest, name: str, data: bytes) -> AppTest:
    at.get("file_uploader")[0].set_value((name, data, "text/csv"))
    at.run()
    assert not at.exception, at.exception
    return at


def plain(markdown: str) -> str:
    """Text as shown: the page escapes data so it is never read as markup."""
    return markdown.replace("\\", "")


def button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def test_page_shows_kinds_history_and_templates(demo_db):
    at = upload_page()
    assert at.title[0].value == "Upload data"
    kinds = at.selectbox(key="upload_kind")
    assert kinds.options[:3] == [
        "Work it out from the columns",
        "Monthly measure extract (measures)",
        "Targets (targets)",
    ]
    assert [s.value for s in at.header] == ["1. Choose a file", "Upload history", "Templates"]
    history = at.dataframe[0].value
    assert history["Kind"].tolist() == ["demo"]
    assert any(e.label.startswith("Monthly measure extract (measures)") for e in at.expander)
    downloads = at.get("download_button")
    assert len(downloads) >= 2


def test_a_bad_file_shows_every_problem_and_loads_nothing(demo_db):
    at = upload_page()
    data = (FAULTY / "measures__value_disagrees.csv").read_bytes()
    give(at, "bad.csv", data)
    assert len(at.error) == 1
    text = plain(at.error[0].value)
    assert "bad.csv was not loaded: 1 problem found" in text
    assert "does not match the numerator and denominator" in text
    assert not [b for b in at.button if b.key == "upload_confirm"]
    # the refusal is on the history, nothing else changed
    assert at.dataframe[0].value["Status"].tolist()[0] == "refused"


def test_preview_confirm_load_then_undo(demo_db):
    at = upload_page()
    give(at, "april.csv", GOOD)
    assert [m.value for m in at.metric] == ["1", "1", "0"]  # add, replace, unchanged
    changes = at.dataframe[0].value
    assert changes["Change"].tolist() == ["replace", "add"]
    assert changes["Month"].tolist() == ["Mar 2018", "Apr 2018"]
    assert changes["Value"].iloc[1] == "80"
    assert changes["Value"].iloc[0].endswith(" → 50")  # old -> new
    assert changes["Numerator"].iloc[0].endswith(" → 1")
    button(at, "upload_confirm").click().run()
    assert not at.exception, at.exception
    assert plain(at.success[0].value).startswith("loaded april.csv as upload 2 (measures): 1 added")
    con = db.connect(demo_db)
    assert con.execute(
        "select value from observation where month = '2018-04-01' and team = 'All'"
    ).fetchall() == [(80.0,)]
    con.close()
    history = at.dataframe[0].value
    assert history[["Upload", "Status", "Added", "Replaced"]].values.tolist()[0] == [
        2,
        "loaded",
        1,
        1,
    ]
    # the file box is empty again; undo the load from the history
    assert at.get("file_uploader")[0].value is None
    assert at.selectbox(key="undo_pick").value == 2
    button(at, "undo_go").click().run()
    assert not at.exception, at.exception
    assert plain(at.success[0].value).startswith("undid upload 2")
    assert at.dataframe[0].value["Status"].tolist()[0] == "undone"


def test_the_same_file_again_is_already_loaded(demo_db):
    at = upload_page()
    give(at, "april.csv", GOOD)
    button(at, "upload_confirm").click().run()
    give(at, "april again.csv", GOOD)
    assert "Already loaded" in at.info[0].value
    assert not [b for b in at.button if b.key == "upload_confirm"]


@pytest.mark.parametrize("kind", ["measures", "targets"])
def test_templates_load_as_they_are(demo_db, kind):
    at = upload_page()
    at.selectbox(key="upload_kind").set_value(kind).run()
    give(at, f"{kind}.csv", (ROOT / "data" / "templates" / f"{kind}.csv").read_bytes())
    assert not at.error, [e.value for e in at.error]
    assert plain(at.success[0].value).startswith(f"**{kind}.csv** passed every check")


def test_the_data_layer_checks_the_role_whatever_the_page_shows(demo_db, monkeypatch):
    from cib import auth, ingest
    from cib.data import uploads

    analyst = auth.User("Ann", "analyst", auth.PASSWORD, username="ann")
    viewer = auth.User("Vic", "viewer", auth.PASSWORD, username="vic")
    targets = (ROOT / "data" / "templates" / "targets.csv").read_bytes()
    checked = uploads.check(GOOD, "april.csv", "measures", None, "vic")
    monkeypatch.setattr(auth, "current_user", lambda: viewer)
    with pytest.raises(auth.Forbidden, match="Uploading data needs the analyst role"):
        uploads.load(checked, "vic")
    monkeypatch.setattr(auth, "current_user", lambda: analyst)
    assert uploads.current_user() == "ann"
    done = uploads.load(checked, "ann")
    with pytest.raises(auth.Forbidden, match="Changing targets needs the administrator role"):
        uploads.load(uploads.check(targets, "t.csv", "targets", None, "ann"), "ann")
    monkeypatch.setattr(auth, "current_user", lambda: viewer)
    with pytest.raises(auth.Forbidden):
        uploads.undo(done.upload_id, "vic")
    con = db.connect(demo_db)
    assert ingest.history(con)["status"].tolist()[0] == "loaded"  # still: the undo was refused
    con.close()
