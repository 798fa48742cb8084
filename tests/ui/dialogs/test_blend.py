"""The Blend dialog: asks only with a passage B, then slides along the decoded path."""

from creagen_desktop.ui.dialogs.blend import BlendDialog


def test_an_empty_passage_b_asks_nothing_and_says_so(qtbot):
    dlg = BlendDialog("Passage A.", "   ")
    qtbot.addWidget(dlg)
    with qtbot.assertNotEmitted(dlg.requested):
        dlg.request()
    assert dlg.status.text() == "Passage B is empty." and not dlg.replace_button.isEnabled()


def test_typing_b_asks_once_it_pauses(qtbot):
    dlg = BlendDialog("Passage A.")
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.requested, timeout=3000) as asked:
        dlg.b_edit.setPlainText("Passage B.")
    assert asked.args == ["Passage A.", "Passage B.", 8, "slerp"]


def test_a_path_starts_in_the_middle_and_inserts_the_step_shown(qtbot):
    dlg = BlendDialog("A.", "B.")
    qtbot.addWidget(dlg)
    dlg.show_path(["s1", "s2", "s3", "s4", "s5"])
    assert dlg.slider.value() == 2 and dlg.current.text() == "s3" and dlg.replace_button.isEnabled()
    dlg.list.setCurrentRow(4)
    with qtbot.waitSignal(dlg.insert) as inserted:
        dlg.insert_button.click()
    assert inserted.args == ["s5", False]
