"""The pieces of benchmarks/lighthouse.py that read Lighthouse's report and print the table; no
score is asserted here (the script prints figures, it never tests them)."""

from __future__ import annotations

from benchmarks.lighthouse import VARIANT_INPUT, lost_points, scores, table


def report(performance: float, seo: float) -> dict[str, object]:
    refs = [{"id": "total-blocking-time", "weight": 30}, {"id": "unused", "weight": 0}]
    return {
        "categories": {
            "performance": {"score": performance, "auditRefs": refs},
            "accessibility": {"score": 1, "auditRefs": []},
            "best-practices": {"score": 0.96, "auditRefs": []},
            "seo": {"score": seo, "auditRefs": []},
        },
        "audits": {
            "total-blocking-time": {"score": 0.5, "displayValue": "300 ms"},
            "unused": {"score": 0},
        },
    }


def test_scores_are_out_of_100_and_the_lost_points_are_the_weighted_audits_under_1():
    found = report(0.944, 0.69)
    assert scores(found) == {
        "performance": 94,
        "accessibility": 100,
        "best-practices": 96,
        "seo": 69,
    }
    assert lost_points(found) == ["  performance: total-blocking-time 0.50 300 ms"]


def test_the_table_marks_figures_under_target_but_not_the_seo_of_noindex_pages():
    results = {
        "home": scores(report(0.94, 0.69)),
        "cart": scores(report(0.99, 0.69)),
    }
    assert table(results)[2:] == [
        "| home | 94 ! | 100 | 96 | 69 ! |",
        "| cart | 99 | 100 | 96 | 69 |",
    ]


def test_the_product_form_s_variant_is_found():
    page = '<input type="hidden" name="variant" value="42" data-variant-input>'
    found = VARIANT_INPUT.search(page)
    assert found and found.group(1) == "42"
