"""The Suggestions panel: the hint names the keys it is given; candidates are listed and clicked."""

from PySide6.QtCore import Qt

from creagen_desktop.ui.dialogs.suggestions import SuggestionsPanel
from creagen_desktop.ui.menus import keys_text


def test_the_hint_names_the_keys_and_gives_way_to_candidates_and_notices(qtbot):
    panel = SuggestionsPanel(keys_text)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.hint.text().startswith(f"Pause while writing, or press {keys_text('generate.suggest_now')},")
    assert f"{keys_text('generate.accept')} accepts" in panel.hint.text()
    panel.set_candidates([" a door.", "\nNext day."])
    assert panel.hint.isHidden() and panel.list.item(0).text() == "…a door."
    assert panel.candidates_shown() == [" a door.", "\nNext day."]  # as offered, not as shown
    panel.clear()
    assert panel.hint.isVisible()
    panel.set_notice("Suggestions off: no pack.")
    assert panel.notice.isVisible() and panel.hint.isHidden()


def test_clicking_a_candidate_says_which(qtbot):
    panel = SuggestionsPanel(keys_text)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_candidates([" one", " two"])
    rect = panel.list.visualItemRect(panel.list.item(1))
    with qtbot.waitSignal(panel.chosen) as chosen:
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert chosen.args == [1]
