import json

from creagen_desktop.documents.authorship import (
    AuthorshipMarks,
    Span,
    load_sidecar,
    qt_length,
    save_sidecar,
    sidecar_path,
)


def spans(m):
    return [(s.start, s.end, s.feature) for s in m.spans]


def test_marks_from_spans_are_merged_and_checked():
    m = AuthorshipMarks.from_spans([[5, 8, "spark"], [0, 5, "spark"], [9, 10, "blend"]], 10)
    assert spans(m) == [(0, 8, "spark"), (9, 10, "blend")]
    for bad in ([[0, 11, "spark"]], [[3, 3, "spark"]], [[0, 2, "nobody"]], [[-1, 2, "spark"]]):
        try:
            AuthorshipMarks.from_spans(bad, 10)
        except ValueError:
            continue
        raise AssertionError(f"{bad} was accepted")


def test_report_by_feature():
    m = AuthorshipMarks([Span(0, 25, "continuation"), Span(50, 60, "blend")])
    r = m.report(100)
    assert r["continuation"] == 0.25 and r["blend"] == 0.10 and r["variation"] == 0 and abs(r["writer"] - 0.65) < 1e-9


def test_sidecar_round_trip_and_outside_changes(tmp_path):
    doc = tmp_path / "a.md"
    text = "Héllo 😀 world"
    m = AuthorshipMarks([Span(6, qt_length(text), "spark")])
    save_sidecar(doc, m, text)
    assert sidecar_path(doc).name == "a.md.creagen.json"
    back, note = load_sidecar(doc, text)
    assert spans(back) == spans(m) and note is None
    back, note = load_sidecar(doc, text + " edited elsewhere")
    assert back.spans == [] and "changed outside" in note
    sidecar_path(doc).write_text("{not json")
    assert load_sidecar(doc, text)[0].spans == []
    save_sidecar(doc, AuthorshipMarks(), text)  # no marks: no sidecar
    assert not sidecar_path(doc).exists()
    json.dumps(m.to_json(text))
