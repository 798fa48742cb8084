import json

import pytest

pytest.importorskip("pypinyin")
pytest.importorskip("opencc")

from creagen_desktop.engine.prosody import Prosody  # noqa: E402
from training import prosody_table  # noqa: E402
from training.prosody_table import (  # noqa: E402
    build_table,
    pingshui_readings,
    xin_of_syllable,
    xin_readings,
)

FAKE_PINGSHUI = {
    "ping": {"上平聲部": {"上平聲一東": ["東風中"], "上平聲七虞": ["鑪"]}, "下平聲部": {"下平聲六麻": ["髮"]}},
    "ze": {"入聲部": {"入聲六月": ["發月"]}},
}


@pytest.mark.parametrize("syllable, reading", [
    ("zhong1", ("庚", "平")), ("shi4", ("支", "仄")), ("xi1", ("齐", "平")), ("lv4", ("齐", "仄")),
    ("yue4", ("皆", "仄")), ("er2", ("齐", "平")), ("hua2", ("麻", "平")), ("wu3", ("姑", "仄")), ("a5", None), ("", None),
])
def test_xin_yun_groups_and_tones_of_syllables(syllable, reading):
    assert xin_of_syllable(syllable) == reading


def test_sandhi_is_not_a_reading_of_its_own():
    assert xin_readings("一") == (("齐", "平"),)  # not yí / yì
    assert xin_readings("不")[0] == ("姑", "仄")


def test_pingshui_in_simplified_and_traditional(tmp_path):
    path = tmp_path / "ps.json"
    path.write_text(json.dumps(FAKE_PINGSHUI, ensure_ascii=False), encoding="utf-8")
    groups, readings = pingshui_readings(path)
    assert groups == ["上平一東", "上平七虞", "下平六麻", "入六月"]
    assert readings["东"] == readings["東"] == [("上平一東", "平")]
    # 發 and 髮 both become 发, which keeps the readings of both
    assert sorted(readings["发"]) == [("下平六麻", "平"), ("入六月", "仄")]
    data, fig = build_table("东风发炉长安。长安月", path, heldout_text="啼")
    chars = data["chars"]
    assert chars["炉"]["pingshui"] == [["上平七虞", "平"]]  # by its variant 鑪
    assert "pingshui" not in chars["安"] and fig["pingshui_missing_chars"] >= 2
    assert chars["啼"]["n"] == 0 and chars["长"]["n"] == 2  # held-out characters are readable, never written
    assert data["phrases"]["xin"]["长安"][0] == ["唐", "平"]  # cháng in 长安, zhǎng alone
    table = Prosody.from_dict(data)
    assert table.table("xin").in_context("长安")[0] == ("唐", "平")
    assert "上平一東" in table.table("pingshui").rhyme_groups("风")


def test_characters_the_corpus_doubles():
    data, fig = build_table("萧萧班马鸣。" * 5 + "泪泪。" * 4, None)
    assert data["doubles"] == ["萧"] and fig["doubles"] == 1
    assert Prosody.from_dict(data).doubles == {"萧"}


def test_without_pingshui_data_the_table_is_xin_only(monkeypatch):
    monkeypatch.setattr(prosody_table.importlib.util, "find_spec", lambda name: None)
    assert prosody_table.find_pingshui_data() is None
    data, fig = build_table("东风", None)
    assert list(data["tables"]) == ["xin"] and "pingshui_missing_chars" not in fig
    assert list(Prosody.from_dict(data).tables) == ["xin"]
