"""The tests' Chinese data: a few dozen well-known Tang poems and two Song ci (all public domain) laid
out as the chinese-poetry collections are (JSON files under quan_tang_shi/, song_ci/ and the two
anthologies), with records the corpus reader must drop; the command that trains the tiny Chinese
pack from them; and where the committed copy of that pack is (tests/data/make_tiny_zh_pack.py)."""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
TINY_ZH_PACK = DATA / "tiny-zh-pack"

# (title, author, text); the text in Simplified characters
TANG = [
    ("登鹳雀楼", "王之涣", "白日依山尽，黄河入海流。欲穷千里目，更上一层楼。"),
    ("静夜思", "李白", "床前明月光，疑是地上霜。举头望明月，低头思故乡。"),
    ("春晓", "孟浩然", "春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。"),
    ("相思", "王维", "红豆生南国，春来发几枝。愿君多采撷，此物最相思。"),
    ("鹿柴", "王维", "空山不见人，但闻人语响。返景入深林，复照青苔上。"),
    ("江雪", "柳宗元", "千山鸟飞绝，万径人踪灭。孤舟蓑笠翁，独钓寒江雪。"),
    ("登乐游原", "李商隐", "向晚意不适，驱车登古原。夕阳无限好，只是近黄昏。"),
    ("寻隐者不遇", "贾岛", "松下问童子，言师采药去。只在此山中，云深不知处。"),
    ("早发白帝城", "李白", "朝辞白帝彩云间，千里江陵一日还。两岸猿声啼不住，轻舟已过万重山。"),
    ("望庐山瀑布", "李白", "日照香炉生紫烟，遥看瀑布挂前川。飞流直下三千尺，疑是银河落九天。"),
    ("黄鹤楼送孟浩然之广陵", "李白", "故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。"),
    ("凉州词", "王之涣", "黄河远上白云间，一片孤城万仞山。羌笛何须怨杨柳，春风不度玉门关。"),
    ("出塞", "王昌龄", "秦时明月汉时关，万里长征人未还。但使龙城飞将在，不教胡马度阴山。"),
    ("枫桥夜泊", "张继", "月落乌啼霜满天，江枫渔火对愁眠。姑苏城外寒山寺，夜半钟声到客船。"),
    ("清明", "杜牧", "清明时节雨纷纷，路上行人欲断魂。借问酒家何处有，牧童遥指杏花村。"),
    ("回乡偶书", "贺知章", "少小离家老大回，乡音无改鬓毛衰。儿童相见不相识，笑问客从何处来。"),
    ("九月九日忆山东兄弟", "王维", "独在异乡为异客，每逢佳节倍思亲。遥知兄弟登高处，遍插茱萸少一人。"),
    ("芙蓉楼送辛渐", "王昌龄", "寒雨连江夜入吴，平明送客楚山孤。洛阳亲友如相问，一片冰心在玉壶。"),
    ("送元二使安西", "王维", "渭城朝雨浥轻尘，客舍青青柳色新。劝君更尽一杯酒，西出阳关无故人。"),
    ("乌衣巷", "刘禹锡", "朱雀桥边野草花，乌衣巷口夕阳斜。旧时王谢堂前燕，飞入寻常百姓家。"),
    ("绝句", "杜甫", "两个黄鹂鸣翠柳，一行白鹭上青天。窗含西岭千秋雪，门泊东吴万里船。"),
    ("春望", "杜甫", "国破山河在，城春草木深。感时花溅泪，恨别鸟惊心。烽火连三月，家书抵万金。白头搔更短，浑欲不胜簪。"),
    ("山居秋暝", "王维", "空山新雨后，天气晚来秋。明月松间照，清泉石上流。竹喧归浣女，莲动下渔舟。随意春芳歇，王孙自可留。"),
    ("送友人", "李白", "青山横北郭，白水绕东城。此地一为别，孤蓬万里征。浮云游子意，落日故人情。挥手自兹去，萧萧班马鸣。"),
    ("赋得古原草送别", "白居易", "离离原上草，一岁一枯荣。野火烧不尽，春风吹又生。远芳侵古道，晴翠接荒城。又送王孙去，萋萋满别情。"),
    ("春夜喜雨", "杜甫", "好雨知时节，当春乃发生。随风潜入夜，润物细无声。野径云俱黑，江船火独明。晓看红湿处，花重锦官城。"),
    ("使至塞上", "王维", "单车欲问边，属国过居延。征蓬出汉塞，归雁入胡天。大漠孤烟直，长河落日圆。萧关逢候骑，都护在燕然。"),
    ("登高", "杜甫", "风急天高猿啸哀，渚清沙白鸟飞回。无边落木萧萧下，不尽长江滚滚来。"
     "万里悲秋常作客，百年多病独登台。艰难苦恨繁霜鬓，潦倒新停浊酒杯。"),
    ("闻官军收河南河北", "杜甫", "剑外忽传收蓟北，初闻涕泪满衣裳。却看妻子愁何在，漫卷诗书喜欲狂。"
     "白日放歌须纵酒，青春作伴好还乡。即从巴峡穿巫峡，便下襄阳向洛阳。"),
]
# 全唐诗 is in Traditional characters: these three are written so, and must come out as above
TRADITIONAL = {
    "登鹳雀楼": ("登鸛雀樓", "白日依山盡，黃河入海流。欲窮千里目，更上一層樓。"),
    "江雪": ("江雪", "千山鳥飛絕，萬徑人蹤滅。孤舟蓑笠翁，獨釣寒江雪。"),
    "春望": ("春望", "國破山河在，城春草木深。感時花濺淚，恨別鳥驚心。烽火連三月，家書抵萬金。白頭搔更短，渾欲不勝簪。"),
}
CI = [
    ("如梦令", "李清照", "昨夜雨疏风骤，浓睡不消残酒。试问卷帘人，却道海棠依旧。知否，知否？应是绿肥红瘦。"),
    ("忆江南", "白居易", "江南好，风景旧曾谙。日出江花红胜火，春来江水绿如蓝。能不忆江南？"),
]
# records the reader drops, and why (training.poetry_corpus.reject_reason)
BAD = [
    ({"title": "缺字", "author": "佚名", "paragraphs": ["白日依山□，黄河入海流。"]}, "missing character"),
    ({"title": "校注", "author": "佚名", "paragraphs": ["春风[一作东风]吹古道，明月照高楼。"]}, "editorial note"),
    ({"title": "乱码", "author": "佚名", "paragraphs": ["春风吹古道abc，明月照高楼。"]}, "foreign character"),
    ({"title": "无句末", "author": "佚名", "paragraphs": ["春风吹古道"]}, "no sentence end"),
    ({"title": "坏", "author": "佚名", "paragraphs": "不是列表"}, "malformed record"),
]


def _paragraphs(text: str) -> list[str]:
    """One couplet an element, as the collections store them."""
    out, cur = [], ""
    for ch in text:
        cur += ch
        if ch in "。？！":
            out.append(cur)
            cur = ""
    return out + ([cur] if cur else [])


def write_tiny_poetry(folder: Path) -> Path:
    """The tiny collections in `folder`: 全唐诗 (with three poems in Traditional and the bad records),
    an anthology repeating two of its poems (dropped as duplicates), and the ci."""
    folder = Path(folder)
    (folder / "quan_tang_shi").mkdir(parents=True, exist_ok=True)
    (folder / "song_ci").mkdir(parents=True, exist_ok=True)
    tang = []
    for title, author, text in TANG:
        title, text = TRADITIONAL.get(title, (title, text))
        tang.append({"title": title, "author": author, "paragraphs": _paragraphs(text), "id": str(len(tang))})
    tang += [r for r, _ in BAD]
    (folder / "quan_tang_shi" / "poet.tang.0.json").write_text(json.dumps(tang, ensure_ascii=False), encoding="utf-8")
    anthology = [{"title": t, "author": a, "paragraphs": _paragraphs(x)} for t, a, x in TANG[:2]]
    (folder / "tangshi_300.json").write_text(json.dumps(anthology, ensure_ascii=False), encoding="utf-8")
    ci = [{"rhythmic": t, "author": a, "paragraphs": _paragraphs(x)} for t, a, x in CI]
    (folder / "song_ci" / "ci.song.0.json").write_text(json.dumps(ci, ensure_ascii=False), encoding="utf-8")
    (folder / "songci_300.json").write_text("[]", encoding="utf-8")
    return folder


def tiny_zh_pack_args(corpus: Path, out: Path, work: Path) -> list[str]:
    """`creagen-train all` arguments for the tiny Chinese pack (the `tiny-zh` preset)."""
    return ["all", "--preset", "tiny-zh", "--corpus", str(corpus), "--out", str(out), "--work", str(work)]
