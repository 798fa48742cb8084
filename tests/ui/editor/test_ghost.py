"""The ghost text's state machine on its own: no widget, no painting."""

from creagen_desktop.ui.editor.ghost import Ghost


def offered(*candidates, pos=10):
    g = Ghost()
    assert g.show(list(candidates), pos)
    return g


def test_empty_candidates_are_dropped_and_none_left_shows_nothing():
    g = Ghost()
    assert not g.show(["", ""], 3) and not g.shows_at(3)


def test_an_empty_ghost_shows_nothing_but_offers_the_others_to_cycle_to():
    g = offered("", " a door.", " a cat.", pos=3)  # the model was not sure: no ghost, two alternatives
    assert g.candidates == [" a door.", " a cat."] and not g.shows_at(3) and g.offered_at(3)
    assert g.cycle(1, 3) == 0 and g.text == " a door." and g.shows_at(3)
    g = offered("", " a door.", " a cat.", pos=3)
    assert g.cycle(-1, 3) == 1 and g.text == " a cat."


def test_more_candidates_join_the_offer_where_it_stands():
    g = offered(" the end.")
    assert g.offer_more([" the end.", " a door.", ""], 10) and g.candidates == [" the end.", " a door."]
    assert g.text == " the end." and g.index == 0  # what shows stays
    assert not g.offer_more([" the cat."], 11)  # the cursor moved on
    g = Ghost()
    assert g.offer_more([" a door."], 4) and g.offered_at(4) and not g.shows_at(4)


def test_the_ghost_shows_only_where_it_was_offered():
    g = offered(" the end.")
    assert g.shows_at(10) and not g.shows_at(9) and not g.shows_at(11)


def test_cycle_wraps_both_ways_and_only_where_offered():
    g = offered(" one", " two", " three")
    assert g.cycle(1, 10) == 1 and g.text == " two"
    assert g.cycle(-1, 10) == 0 and g.cycle(-1, 10) == 2 and g.text == " three"
    assert g.cycle(1, 11) is None and g.text == " three"  # the cursor moved: nothing changes


def test_take_word_keeps_the_rest_at_the_new_cursor():
    g = offered(" the end of the road.")
    word, rest = g.take_word()
    assert (word, rest) == (" the", " end of the road.") and g.text == ""  # empty until kept
    assert g.keep(rest, 14) and g.shows_at(14) and g.text == " end of the road."
    assert g.candidates == [" the end of the road."]  # the offer stays, for cycling and the panel


def test_take_word_of_a_last_word_leaves_nothing_to_keep():
    g = offered(" road.")
    word, rest = g.take_word()
    assert (word, rest) == (" road.", "") and not g.keep(rest, 16) and not g.shows_at(16)


def test_typing_through_gives_the_rest_only_for_what_was_predicted():
    g = offered(" the end", "\nNext day.")
    assert g.typed_through(" th") == "e end"
    assert g.typed_through(" x") is None and g.typed_through("") is None
    assert g.typed_through("\x08") is None  # a control character is never "typing along"
    g.cycle(1, 10)
    assert g.typed_through("\n") == "Next day."


def test_candidate_by_index_only_where_offered():
    g = offered(" a", " b")
    assert g.candidate(1, 10) == " b"
    assert g.candidate(2, 10) is None and g.candidate(-1, 10) is None and g.candidate(0, 9) is None


def test_clear_says_whether_there_was_anything():
    g = offered(" a")
    assert g.clear() and not g.shows_at(10) and g.candidates == []
    assert not g.clear()
