"""The Sparks panel: flagged lines are marked, and a click hands over the line itself."""

from creagen_desktop.ui.dialogs.sparks import FLAG_MARK, SparksPanel
from creagen_desktop.ui.menus import keys_text


def test_flagged_lines_are_marked_but_handed_over_unmarked(qtbot):
    panel = SparksPanel(keys_text)
    qtbot.addWidget(panel)
    panel.show_lines(["A copied line.", "A new line."], flagged={"A copied line."})
    assert panel.list.item(0).text() == FLAG_MARK + "A copied line." and "training text" in panel.list.item(0).toolTip()
    assert panel.list.item(1).text() == "A new line."
    with qtbot.waitSignal(panel.chosen) as chosen:
        panel.list.itemClicked.emit(panel.list.item(0))
    assert chosen.args == ["A copied line."]


def test_no_lines_says_to_spark_again(qtbot):
    panel = SparksPanel(keys_text)
    qtbot.addWidget(panel)
    panel.show_lines([])
    assert "spark again" in panel.status.text()
    assert f"({keys_text('generate.spark')})" in panel.spark_button.toolTip()
