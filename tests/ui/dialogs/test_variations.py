"""The Variations panel: the creativity slider asks again once it rests; what it shows."""

from creagen_desktop.ui.dialogs.variations import VariationsPanel
from creagen_desktop.ui.menus import keys_text


def test_moving_the_slider_asks_once_when_it_rests(qtbot):
    panel = VariationsPanel(keys_text)
    qtbot.addWidget(panel)
    asked = []
    panel.reroll.connect(lambda: asked.append(panel.creativity))
    with qtbot.waitSignal(panel.reroll, timeout=2000):
        for value in (1.2, 1.5, 1.8):  # three steps in a row: one request, for where it stopped
            panel.set_creativity(value)
        assert asked == []
    assert asked == [1.8] and panel.value_label.text() == "1.8"


def test_the_source_is_shortened_and_an_empty_answer_says_what_to_try(qtbot):
    panel = VariationsPanel(keys_text)
    qtbot.addWidget(panel)
    panel.set_source("word " * 100)
    assert panel.source.text().startswith("Varying: “word") and panel.source.text().endswith("…”")
    panel.show_variations([])
    assert "try more creativity" in panel.status.text() and panel.variations() == []
    panel.show_variations(["One.", "Two."])
    assert panel.variations() == ["One.", "Two."] and panel.status.text() == ""
