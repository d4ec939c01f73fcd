"""The SVG charts: well-formed, scalable, escaped, and drawn to the data."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from assistant.analytics.charts import Series, bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_a_line_chart_is_one_scalable_svg_with_a_line_per_series() -> None:
    svg = line_chart(
        "Conversations per day",
        ["2026-11-01", "2026-11-02", "2026-11-03"],
        [Series("Conversations", [10, 40, 20]), Series("Handed off", [1, 4, 2])],
    )
    root = ET.fromstring(svg)
    assert root.get("viewBox") == "0 0 640 300"
    assert root.get("width") is None  # scales to the page, phone or desk
    assert root.findtext(f"{SVG}title") == "Conversations per day"
    lines = root.findall(f"{SVG}polyline")
    assert len(lines) == 2
    # The axis tops out at 50 (the round number above 40): 40 sits at 4/5 of the plot height.
    ys = [float(point.split(",")[1]) for point in lines[0].get("points", "").split()]
    top, plot_h = 64, 300 - 64 - 40
    assert ys[1] == round(top + plot_h - plot_h * 40 / 50, 1)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "2026-11-01" in texts and "2026-11-03" in texts and "50" in texts


def test_bars_are_as_long_as_their_share_of_the_largest() -> None:
    svg = bar_chart("Handoff reasons", [("no_answer", 30), ("complaint", 15)])
    root = ET.fromstring(svg)
    widths = [float(r.get("width", 0)) for r in root.findall(f"{SVG}rect")[1:]]
    assert widths == [520.0, 260.0]


def test_labels_are_escaped() -> None:
    svg = bar_chart("Top products", [("<script>alert(1)</script> & boots", 3)])
    assert "<script>" not in svg
    root = ET.fromstring(svg)
    assert any("<script>" in (t.text or "") for t in root.iter(f"{SVG}text"))


def test_an_empty_period_says_so() -> None:
    root = ET.fromstring(bar_chart("Top products", []))
    assert "No data in this period" in [t.text for t in root.iter(f"{SVG}text")]
    assert ET.fromstring(line_chart("Per day", [], [])) is not None
