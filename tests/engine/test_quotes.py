"""Generated quotes follow the document's style."""

from creagen_desktop.engine.quotes import CURLY, STRAIGHT, quote_style, restyle


def test_the_style_is_the_documents_majority():
    assert quote_style('“Come,” she said. "No," he said. “Yes.”') == CURLY
    assert quote_style("\"Come,\" she said, \"don't.\"") == STRAIGHT
    assert quote_style("No quotes here") is None


def test_restyled_to_straight_and_to_curly():
    assert restyle("“Come,” he said, ‘don’t.’", STRAIGHT) == "\"Come,\" he said, 'don't.'"
    assert restyle('"Come," he said, \'don\'t.\'', CURLY) == "“Come,” he said, ‘don’t.’"
    assert restyle('" she said.', CURLY, before="Come,") == "” she said."  # closes what came before
    assert restyle('"No."', CURLY, before="(") == "“No.”"


def test_without_a_style_a_line_agrees_with_itself():
    assert restyle('“Come," he said.', None) in ('“Come,” he said.', '"Come," he said.')
    mixed = restyle("“Yes,” he said, \"no.\" ‘Maybe.’", None)
    assert set(mixed) & set("“”‘’") and not set(mixed) & set("\"'")
