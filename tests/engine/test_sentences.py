from creagen_desktop.engine.sentences import ends_sentence, sentences, split_sentences


def test_dialogue_stays_with_its_tag():
    assert sentences('"Come here!" said he. Then he left.') == ['"Come here!" said he.', "Then he left."]
    assert sentences('He said, "I will go." And he went.') == ['He said, "I will go."', "And he went."]


def test_abbreviations_and_initials_do_not_end_a_sentence():
    text = "Mr. Brown met J. Smith at St. Paul's. It rained!"
    assert sentences(text) == ["Mr. Brown met J. Smith at St. Paul's.", "It rained!"]


def test_line_breaks_always_end_a_sentence_and_spans_skip_whitespace():
    text = "  First line\nsecond line.  Third one?\n"
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == ["First line", "second line.", "Third one?"]
    assert spans[0][0] == 2


def test_ends_sentence():
    assert ends_sentence('She went home."')
    assert not ends_sentence("He went to see Mr.")
    assert not ends_sentence("He went")


def test_a_chinese_line_ends_at_its_marks():
    from creagen_desktop.engine.sentences import ends_chinese_line

    assert all(ends_chinese_line("床前明月光" + mark) for mark in "，。！？；")
    assert not ends_chinese_line("床前明月光") and not ends_chinese_line("Well, then,") and not ends_chinese_line("")
