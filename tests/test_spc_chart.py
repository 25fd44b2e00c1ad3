"""The SPC chart, its data table, the icons and the summary matrix (cib.charts.spc)."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from cib import measures, spc
from cib.charts import spc as charts

MEASURES = {m.measure_id: m for m in measures.CATALOGUE}
PCT = MEASURES["assessments_within_45wd_pct"]  # %, higher is better
NOISE = [78.0, 82.0] * 10


def frame(values: list[float | None], target: float | list | None = 80.0) -> pd.DataFrame:
    months = pd.date_range("2016-01-01", periods=len(values), freq="MS")
    return pd.DataFrame({"month": months, "value": values, "target": target})


def traces(fig) -> dict[str, list]:
    out: dict[str, list] = {}
    for t in fig.data:
        out.setdefault(t.name, []).append(t)
    return out


def chart(values, polarity="up", target=80.0, **kw):
    series = frame(values, target)
    result = spc.analyse_series(series, polarity=polarity, rebase_months=kw.pop("rebases", ()))
    return series, result, charts.spc_chart(series, result, PCT, **kw)


def test_xmr_chart_has_actual_mean_limits_target_and_a_legend():
    _, result, fig = chart([*NOISE, 100.0])
    named = traces(fig)
    assert {"Actual", "Mean", "Process limits", "Target"} <= set(named)
    assert "2-sigma lines" not in named
    assert len(named["Process limits"]) == 2  # upper and lower, one legend entry
    assert [t.showlegend for t in named["Process limits"]] == [True, False]
    assert named["Target"][0].line.dash == "dash" and named["Target"][0].line.shape == "hv"
    assert list(named["Mean"][0].y) == [result.mean, result.mean]
    assert fig.layout.xaxis.tickformat == "%b %Y"
    assert fig.layout.yaxis.title.text == "Per cent (%)"
    assert fig.layout.xaxis.title.text == "Month"
    title = fig.layout.title.text
    assert len(title.split()) <= 10
    assert "improvement" in title.lower()
    fig.to_json()  # serialisable as st.plotly_chart needs


def test_special_causes_are_marked_by_colour_and_shape_with_the_rule_in_the_hover():
    _, _, up = chart([*NOISE, 100.0, *NOISE[:3], 60.0], polarity="up")
    named = traces(up)
    better = named["Special cause - improvement"][0]
    worse = named["Special cause - concern"][0]
    assert better.marker.symbol == "triangle-up" and worse.marker.symbol == "triangle-down"
    assert better.marker.color == spc.COLOURS["improvement"]
    assert worse.marker.color == spc.COLOURS["concern"]
    assert better.marker.color != worse.marker.color
    assert list(better.y) == [100.0] and list(worse.y) == [60.0]
    assert "Above the upper process limit" in better.text[0]
    assert "Special cause - improvement" in better.text[0]
    assert "Below the lower process limit" in worse.text[0]
    actual_hover = named["Actual"][0].text
    assert "Common cause" in actual_hover[0] and "Jan 2016" in actual_hover[0]


def test_neither_polarity_marks_special_causes_as_neutral_diamonds():
    _, _, fig = chart([*NOISE, 100.0], polarity="neither", target=None)
    named = traces(fig)
    assert named["Special cause - neither"][0].marker.symbol == "diamond"
    assert "Special cause - improvement" not in named and "Target" not in named


def test_common_cause_only_has_no_special_cause_traces():
    _, _, fig = chart(NOISE)
    assert not [n for n in traces(fig) if n.startswith("Special cause")]


def test_two_sigma_lines_are_optional():
    _, result, fig = chart(NOISE, show_two_sigma=True)
    lines = traces(fig)["2-sigma lines"]
    assert len(lines) == 2
    assert list(lines[0].y) == [result.last_segment.upper_two_sigma] * 2


def test_rebased_segments_are_drawn_apart_with_the_reason():
    values = [50.0, 54.0] * 8 + [80.0, 84.0] * 8
    series, result, fig = chart(
        values,
        rebases=["2017-05-01"],
        rebase_reasons={pd.Timestamp("2017-05-01"): "new practice model"},
    )
    mean = traces(fig)["Mean"][0]
    assert list(mean.y) == [52.0, 52.0, None, 82.0, 82.0]  # broken between segments
    assert mean.x[2] is None and pd.Timestamp(mean.x[3]) == pd.Timestamp("2017-05-01")
    assert len(fig.layout.shapes) == 1  # the rebase line
    notes = [a.text for a in fig.layout.annotations]
    assert any("Limits recalculated: new practice model" in n for n in notes)


def test_run_chart_has_the_median_and_no_limits_or_flags():
    values = [70.0, 72.0] * 6 + [99.0]  # 13 points, one wild
    _, result, fig = chart(values)
    named = traces(fig)
    assert result.is_run_chart
    assert "Median" in named
    assert list(named["Median"][0].y) == [72.0, 72.0]
    assert not {"Mean", "Process limits", "2-sigma lines"} & set(named)
    assert not [n for n in named if n.startswith("Special cause")]
    assert "run chart" in fig.layout.title.text.lower()


def test_missing_values_stay_as_gaps():
    values = [*NOISE[:5], None, *NOISE[5:]]
    _, _, fig = chart(values)
    actual = traces(fig)["Actual"][0]
    assert len(actual.y) == 21 and pd.isna(actual.y[5])
    assert "–" in actual.text[5]


def test_series_and_result_must_match():
    series = frame(NOISE)
    with pytest.raises(ValueError, match="months"):
        charts.spc_chart(series.iloc[:-1], spc.analyse(NOISE), PCT)


def test_data_table_has_month_value_limits_and_rules_in_words():
    series, result, _ = chart([*NOISE, 100.0])
    table = charts.spc_table(series, result, PCT)
    assert list(table.columns) == [
        "Month",
        "Value",
        "Target",
        "Mean",
        "Lower process limit",
        "Upper process limit",
        "Variation",
        "Rules fired",
    ]
    last = table.iloc[-1]
    assert last["Month"] == "Sep 2017" and last["Value"] == "100.0%"
    assert last["Rules fired"] == "Above the upper process limit"
    assert last["Variation"] == "Special cause - improvement"
    assert table.iloc[0]["Rules fired"] == "" and table.iloc[0]["Variation"] == "Common cause"


def test_run_chart_table_shows_the_median():
    values = [70.0, 72.0] * 5
    series = frame(values)
    table = charts.spc_table(series, spc.analyse(values), PCT)
    assert "Median" in table.columns and "Upper process limit" not in table.columns


def test_summary_sentence_says_the_icons_in_words():
    series, result, _ = chart([*NOISE, 100.0])
    text = charts.summary_sentence(result, PCT)
    assert "special cause - improvement (H)" in text
    assert "target" in text.lower()


# --- icons --------------------------------------------------------------------------------------


def without_colour(svg: str) -> str:
    return re.sub(r"#[0-9A-Fa-f]{6}", "", re.sub(r'class="[^"]*"', "", svg))


@pytest.mark.parametrize(
    ("kind", "codes"),
    [("variation", list(spc.VARIATION_ICONS)), ("assurance", list(spc.ASSURANCE_ICONS))],
)
def test_icons_are_valid_svg_and_differ_without_colour(kind, codes):
    drawn = {}
    for code in codes:
        svg = charts.icon_svg(kind, code)
        root = ET.fromstring(svg)
        info = (spc.VARIATION_LABELS if kind == "variation" else spc.ASSURANCE_LABELS)[code]
        assert root.get("aria-label") == info.label
        assert root.get("role") == "img"
        letters = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
        assert letters == ([info.letter] if info.letter else [])
        drawn[code] = without_colour(svg.replace(info.label, ""))
    assert len(set(drawn.values())) == len(codes)  # greyscale or colour-blind: still distinct


def test_icon_shapes_follow_meaning():
    assert "<polygon" in charts.icon_svg("variation", "concern_high")  # concern: diamond
    assert "<circle" in charts.icon_svg("variation", "improvement_low")
    assert "<rect" in charts.icon_svg("variation", "neither_high")
    assert ">F</text>" in charts.icon_svg("assurance", "fail")
    assert 'width="40"' in charts.icon_svg("assurance", "pass")


def test_icon_html_shows_the_words_beside_the_icon():
    out = charts.icon_html("variation", "improvement_high")
    assert "Special cause - improvement (H)</span>" in out and 'alt=""' in out
    encoded = re.search(r"base64,([A-Za-z0-9+/=]+)", out).group(1)
    assert base64.b64decode(encoded).decode() == charts.icon_svg("variation", "improvement_high")
    bare = charts.icon_html("assurance", "fail", words="")
    assert 'alt="Target consistently missed (F)"' in bare
    assert "improvement (H)</span>" in charts.icon_html(
        "variation", "improvement_high", words="short"
    )
    assert "spc-icon-label" not in charts.icon_html("assurance", "pass", words="")


def test_icons_line_for_a_scorecard_card():
    both = charts.icons_line("improvement_high", "hit_and_miss")
    assert both.startswith('<span class="spc-icons">SPC: ')
    assert "improvement (H)</span>" in both and "hit and miss (?)</span>" in both
    assert both.count("<img") == 2
    assert charts.icons_line("common_cause", "none").count("<img") == 1
    assert "run chart" in charts.icons_line("none", "none")


def test_unknown_icons_are_refused():
    with pytest.raises(ValueError, match="no variation icon"):
        charts.icon_svg("variation", "pass")
    with pytest.raises(ValueError, match="kind"):
        charts.icon_svg("colour", "pass")


# --- summary matrix -----------------------------------------------------------------------------

SUMMARY = pd.DataFrame(
    {
        "short_title": ["Timeliness", "Caseload", "Visits <b>", "Audits"],
        "variation": ["improvement_high", "common_cause", "common_cause", "none"],
        "assurance": ["pass", "fail", "fail", "none"],
    }
)


def test_summary_matrix_places_each_measure_by_its_two_icons():
    matrix = charts.summary_matrix(SUMMARY)
    assert list(matrix.index) == [
        "Special cause - improvement (H)",
        "Common cause - no significant change",
        "No variation icon",
    ]
    assert list(matrix.columns) == [
        "Target consistently met (P)",
        "Target consistently missed (F)",
        "No assurance icon",
    ]
    assert matrix.loc["Common cause - no significant change", "Target consistently missed (F)"] == (
        "Caseload; Visits <b>"
    )
    assert matrix.loc["Special cause - improvement (H)", "Target consistently missed (F)"] == ""


def test_summary_matrix_html_escapes_titles_and_labels_every_header():
    out = charts.summary_matrix_html(SUMMARY)
    assert "Visits &lt;b&gt;" in out and "Visits <b>" not in out
    for code in charts.MATRIX_COLUMNS:
        assert spc.ASSURANCE_LABELS[code].label in out
    assert out.count('<th scope="row"') == 3
    ET.fromstring(out.replace("&ndash;", "-"))  # well-formed


def test_summary_table_in_words():
    summary = pd.DataFrame(
        {
            "area": ["A"],
            "title": ["Timeliness"],
            "unit": ["%"],
            "decimals": [1],
            "variation_label": ["Common cause - no significant change"],
            "assurance_label": ["Target hit and miss (?)"],
            "latest_month": [pd.Timestamp("2018-03-01")],
            "latest_value": [88.66],
            "mean": [80.0],
            "lpl": [70.0],
            "upl": [90.0],
            "target": [83.0],
            "n": [36],
            "note": [""],
        }
    )
    row = charts.summary_table(summary).iloc[0]
    assert row["Latest month"] == "Mar 2018" and row["Latest value"] == "88.7%"
    assert row["Assurance"] == "Target hit and miss (?)"
