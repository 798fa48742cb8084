import json

import pytest

from creagen_desktop.engine.prosody import PING, ZE, Prosody
from creagen_desktop.pack import ModelPack, ModelPackError

TABLE = {
    "format": 1,
    "tables": {"xin": {"groups": ["唐", "寒"]}, "pingshui": {"groups": ["下平七陽", "上平十四寒"]}},
    "chars": {
        "长": {"n": 9, "xin": [["唐", "仄"], ["唐", "平"]], "pingshui": [["下平七陽", "平"], ["上二十二養", "仄"]]},
        "安": {"n": 5, "xin": [["寒", "平"]], "pingshui": [["上平十四寒", "平"]]},
        "啼": {"n": 3, "xin": [["齐", "平"]]},  # not in the 平水韵 table
    },
    "phrases": {"xin": {"长安": [["唐", "平"], ["寒", "平"]]}},
}


def test_readings_primary_and_any():
    xin = Prosody.from_dict(TABLE).table("xin")
    assert xin.readings("长") == (("唐", ZE), ("唐", PING))
    assert xin.primary("长") == (("唐", ZE),)  # 新韵 relies on the common modern reading only
    assert xin.tones("长") == {PING, ZE} and xin.tones("长", "primary") == {ZE}
    assert xin.rhyme_groups("长") == {"唐"} and xin.rhyme_groups("长", reading="primary") == set()


def test_phrases_give_the_reading_in_context():
    xin = Prosody.from_dict(TABLE).table("xin")
    assert xin.in_context("长安") == [("唐", PING), ("寒", PING)]
    assert xin.in_context("安长") == [("寒", PING), ("唐", ZE)]
    assert xin.line_tones("长安", "context") == [{PING}, {PING}]
    assert xin.last_rhymes("安长", "context") == set() and xin.last_rhymes("安长") == {"唐"}


def test_pingshui_lists_every_reading_and_falls_back_to_the_modern_tone():
    ps = Prosody.from_dict(TABLE).table("pingshui")
    assert ps.primary("长") == ps.readings("长")  # the rhyme book's readings are all Tang usage
    assert ps.known("长") and not ps.known("啼")
    assert ps.readings("啼") == (("?", PING),) and ps.rhyme_groups("啼") == set()  # a tone, never a rhyme
    assert ps.primary("啼") == ()  # the decoder treats it as toneless
    assert ps.line_tones("啼", "primary") == [{PING}]  # the checker still reads it


@pytest.mark.parametrize("edit, words", [
    (lambda t: t.update(format=2), "format"),
    (lambda t: t.pop("chars"), "lacks"),
    (lambda t: t["tables"].update(guangyun={"groups": []}), "unknown rhyme tables"),
    (lambda t: t["tables"].pop("xin"), "新韵"),
    (lambda t: t["chars"].update({"长安": {"xin": []}}), "bad character"),
    (lambda t: t["chars"]["安"].update(xin=[["寒", "上"]]), "bad readings"),
    (lambda t: t["tables"]["xin"].update(groups="唐寒"), "groups"),
    (lambda t: t["phrases"]["xin"].update({"长安": [["唐", "平"]]}), "one reading a character"),
])
def test_a_damaged_table_is_refused_with_a_reason(edit, words):
    data = json.loads(json.dumps(TABLE))
    edit(data)
    with pytest.raises(ValueError, match=words):
        Prosody.from_dict(data)
    with pytest.raises(ValueError, match="not a prosody table"):
        Prosody.from_dict([1, 2])


def test_the_pack_table_and_a_damaged_one(tiny_zh_pack_dir, pack_variant_zh):
    prosody = Prosody.from_pack(ModelPack.load(tiny_zh_pack_dir))
    assert sorted(prosody.tables) == ["pingshui", "xin"] and prosody.counts["白"] > 0
    with pytest.raises(ValueError, match="no rhyme table"):
        prosody.table("guangyun")
    broken = pack_variant_zh("broken-prosody", lambda d: (d / "prosody.json").write_text("{not json", encoding="utf-8"))
    with pytest.raises(ModelPackError, match="rhyme and tone tables .* unusable"):
        Prosody.from_pack(ModelPack.load(broken))
