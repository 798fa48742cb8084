"""When the ghost may speak unasked, on its own: no widget."""

from creagen_desktop.ui.editor.etiquette import BACKOFF_LIMIT, DELETION, DISMISSALS, TYPING, UNDO, Etiquette, quiet_reason


def test_quiet_at_the_start_of_a_paragraph_and_in_markdown_headings():
    assert quiet_reason("", 0) == "the start of a paragraph"
    assert quiet_reason("   ", 3) == "the start of a paragraph"
    assert quiet_reason("She walked", 0) == "the start of a paragraph"  # the cursor before the first word
    assert quiet_reason("She walked", 10) is None
    assert quiet_reason("# Chapter one", 13, markdown=True) == "a heading"
    assert quiet_reason("### Part", 8, markdown=True) == "a heading"
    assert quiet_reason("# Chapter one", 13, markdown=False) is None  # a plain-text file has no headings
    assert quiet_reason("#hashtag and more", 17, markdown=True) is None  # no space: not a heading


def test_quiet_right_after_a_deletion_or_an_undo():
    e = Etiquette()
    assert e.may_ask("She walked", 10)
    for kind in (DELETION, UNDO):
        e.edited(kind)
        assert not e.may_ask("She walked", 10)
        e.edited(TYPING)
        assert e.may_ask("She walked", 10)


def test_the_pause_doubles_after_dismissals_in_a_row_up_to_a_limit_and_an_accept_resets_it():
    e = Etiquette()
    factors = []
    for _ in range(DISMISSALS * 5):
        factors.append(e.pause_factor())
        e.dismissed_one()
    assert factors[:DISMISSALS] == [1] * DISMISSALS and factors[DISMISSALS] == 2
    assert factors[2 * DISMISSALS] == 4 and max(factors) == BACKOFF_LIMIT == e.pause_factor()
    e.accepted()
    assert e.pause_factor() == 1
    off = Etiquette(back_off=False)
    for _ in range(3 * DISMISSALS):
        off.dismissed_one()
    assert off.pause_factor() == 1
