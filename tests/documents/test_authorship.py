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


def test_marks_follow_edits_and_edited_text_becomes_the_writers():
    m = AuthorshipMarks()
    m.edit(5, 0, 10, "continuation")  # model text at 5..15
    m.edit(0, 0, 3)  # writer types before it: it shifts
    assert spans(m) == [(8, 18, "continuation")]
    m.edit(18, 0, 4)  # writer types right after it: untouched
    m.edit(8, 0, 0)
    assert spans(m) == [(8, 18, "continuation")]
    m.edit(22, 0, 6, "continuation")
    m.edit(28, 0, 2, "continuation")  # word by word accepts merge
    assert spans(m) == [(8, 18, "continuation"), (22, 30, "continuation")]
    m.edit(12, 1, 1)  # the writer fixes a letter inside: that passage is theirs now
    assert spans(m) == [(22, 30, "continuation")]
    m.edit(20, 4, 0)  # a deletion overlapping a passage also makes it the writer's
    assert spans(m) == []


def test_model_replacing_inside_a_passage_keeps_the_rest():
    m = AuthorshipMarks([Span(0, 20, "continuation")])
    m.edit(5, 5, 3, "variation")
    assert spans(m) == [(0, 5, "continuation"), (5, 8, "variation"), (8, 18, "continuation")]


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
