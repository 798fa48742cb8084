"""Stand-ins for the engine in GUI tests."""

import threading

from creagen_desktop.engine.cancel import Cancelled
from creagen_desktop.engine.continuation import Suggestions
from creagen_desktop.engine.ghost import Ghost
from creagen_desktop.engine.sampling import SUGGEST_DEFAULT
from creagen_desktop.pack import ModelPackError


class FakePack:
    def __init__(self, kinds):
        self.kinds = list(kinds)
        self.name = "fake-pack"


class FakeEngine:
    """Stands in for the engine (creagen_desktop.engine.engine.Engine, the same attributes and
    methods the UI uses): canned candidates, optional delays, a record of requests. Without a VAE
    or a generator, variations, blends and sparks refuse as the engine does.

    The ghost is the first candidate (an empty one: the model is not sure); `calls` records the texts
    the ghost was asked for (with the delays), `list_calls` and `configs` those the side panel's
    list was asked for. A "#" in a candidate becomes the number of the ghost call that produced it,
    so tests can tell which request a result answers.
    """

    provider = "CPU"
    # what the fakes record for the tests' eyes; everything else is the engine's interface (test_rules.py)
    RECORDS = ("RECORDS", "candidates", "delays", "calls", "configs", "threads", "running", "max_running", "stopped",
               "vary_calls", "blend_calls", "spark_calls", "list_calls", "settings", "alternative_calls", "where")

    def __init__(self, candidates=None, delays=None, kinds=("lm",)):
        self.pack = FakePack(kinds)
        self.originality = "drop"
        self.guard = None  # no fingerprint: the originality guard is off
        self.guard_counts = {"checked": 0, "dropped": 0, "flagged": 0}
        self.flagged: list[str] = []
        self.candidates = candidates or [" the end of the road.", " a door.", " it was"]
        self.delays = list(delays or [])
        self.calls: list[str] = []
        self.settings: list[str] = []
        self.list_calls: list[str] = []
        self.alternative_calls: list[tuple] = []
        self.configs = []
        self.where: list[tuple] = []  # (document key, where the text starts in it) of each request
        self.threads: set[int] = set()
        self.running = 0
        self.max_running = 0
        self.stopped = threading.Event()  # shutdown(): a delay in progress ends at once, as a model call would
        self._lock = threading.Lock()

    def ghost(self, text, setting=SUGGEST_DEFAULT, doc=None, start=0):
        with self._lock:
            self.where.append((doc, start))
            self.running += 1
            self.max_running = max(self.max_running, self.running)
            self.calls.append(text)
            self.settings.append(setting)
            self.threads.add(threading.get_ident())
            delay = self.delays.pop(0) if self.delays else 0
        try:
            if self.stopped.wait(delay) if delay else self.stopped.is_set():
                raise Cancelled("stopped")
        finally:
            with self._lock:
                self.running -= 1
                n = len(self.calls)
        first = self.candidates[0].replace("#", str(n))
        return Ghost(first, [(first, 1.0)] if first else [], first, latency_ms=1.5)

    def suggest(self, text, config=None, setting=SUGGEST_DEFAULT, doc=None, start=0):
        with self._lock:
            self.where.append((doc, start))
            self.list_calls.append(text)
            self.configs.append(config)
            self.threads.add(threading.get_ident())
            n = len(self.calls)
        return Suggestions([c.replace("#", str(n)) for c in self.candidates if c], 1.5,
                           ghost=self.candidates[0].replace("#", str(n)))

    @property
    def pack_name(self):
        return self.pack.name

    def shutdown(self):
        self.stopped.set()

    def set_originality(self, mode):
        if mode not in ("drop", "flag"):
            raise ValueError(mode)
        self.originality = mode

    def alternatives(self, text, n=8):
        self.alternative_calls.append((text, n))
        return [("harbour", 0.4), ("sea", 0.25), ("town", 0.1)][:n]

    def variations(self, text, n=5, creativity=1.0, seed=None, cursor=None, context=""):
        raise ModelPackError(f"The model pack {self.pack.name} has no model for variations and blends.")

    def blend(self, a, b, steps=8, path="slerp", context=""):
        raise ModelPackError(f"The model pack {self.pack.name} has no model for variations and blends.")

    def sparks(self, n=5, near=None, seed=None, context=""):
        raise ModelPackError(f"The model pack {self.pack.name} has no generator for sparks.")


class FakeFactory:
    """engine_factory(pack_dir, device) that records its calls (and the thread they ran on)."""

    def __init__(self, engine=None):
        self.engine = engine or FakeEngine()
        self.calls: list[tuple[object, str]] = []
        self.threads: set[int] = set()

    def __call__(self, pack_dir=None, device="auto"):
        self.calls.append((pack_dir, device))
        self.threads.add(threading.get_ident())
        self.engine.provider = "CUDA" if device == "cuda" else "CPU"
        return self.engine


def broken_factory(pack_dir=None, device="auto"):
    raise ModelPackError("The model pack at /nowhere was not found. Reinstall Creagen or choose another pack.")


class FakeLatentEngine(FakeEngine):
    """A fake with a VAE: variations and blends that say what they were asked."""

    def __init__(self, *args, kinds=("lm", "vae"), **kw):
        super().__init__(*args, kinds=kinds, **kw)
        self.vary_calls: list[tuple] = []
        self.blend_calls: list[tuple] = []

    def variations(self, text, n=5, creativity=1.0, seed=None, cursor=None, context=""):
        self.vary_calls.append((text, n, creativity, seed, cursor))
        self.threads.add(threading.get_ident())
        return [f"Variation {i + 1} of call {len(self.vary_calls)}." for i in range(n)]

    def blend(self, a, b, steps=8, path="slerp", context=""):
        self.blend_calls.append((a, b, steps, path))
        return [f"Step {i + 1} of {steps} ({path})." for i in range(steps)]


class FakeSparksEngine(FakeLatentEngine):
    """A fake with a VAE, a sparks generator and an originality guard that flags lines with "copy"."""

    def __init__(self, *args, kinds=("lm", "vae", "gan", "fingerprint"), **kw):
        super().__init__(*args, kinds=kinds, **kw)
        self.spark_calls: list[tuple] = []
        self.guard = object()  # a fingerprint: the guard is on
        self.guard_counts = {"checked": 7, "dropped": 2, "flagged": 0}

    def sparks(self, n=5, near=None, seed=None, context=""):
        self.spark_calls.append((n, near, seed))
        self.threads.add(threading.get_ident())
        lines = [f"Spark {i + 1} of call {len(self.spark_calls)}." for i in range(n)]
        if self.originality == "flag":
            lines[0] = "A copy of training text."
            self.flagged.append(lines[0])
        return lines


class FakePoemEngine(FakeEngine):
    """A fake of the Chinese poetry pack: Chinese ghosts, poems, next lines and revisions that say what
    they were asked (and, with `poem_delay`, take that long)."""

    def __init__(self, *args, kinds=("lm", "vae", "gan", "poem", "couplet"), poem_delay=0.0, **kw):
        kw.setdefault("candidates", ["疑是地上霜。", "夜深人未眠。"])
        super().__init__(*args, kinds=kinds, **kw)
        self.pack.name = "fake-zh"
        self.poem_calls: list[tuple] = []
        self.next_calls: list[str] = []
        self.revise_calls: list[tuple] = []
        self.poem_delay = poem_delay

    @property
    def rhyme_tables(self):
        return ["xin", "pingshui"]

    def poem(self, form, acrostic=None, first_line=None, rhyme="xin", seed=None):
        from types import SimpleNamespace

        self.poem_calls.append((form, acrostic, first_line, rhyme))
        self.threads.add(threading.get_ident())
        if self.stopped.wait(self.poem_delay) if self.poem_delay else False:
            raise Cancelled("stopped")
        if acrostic and len(acrostic) != 4:
            raise ValueError("An acrostic for a 五绝 needs 4 characters, one a line.")
        lines = ["春风吹绿柳", "江水映晴天", "花落无人见", "月明照客眠"]
        return SimpleNamespace(text=f"{lines[0]}，{lines[1]}。\n{lines[2]}，{lines[3]}。", lines=lines)

    def check_poem(self, text, rhyme="xin"):
        from types import SimpleNamespace

        return SimpleNamespace(form="wujue", rhyme_ok=True, rhyme_group="an", tones=SimpleNamespace(ok=True))

    def next_line(self, text, n=3, rhyme="xin", seed=None):
        self.next_calls.append(text)
        return ["疑是地上霜", "清辉满画堂"][:n]

    def revise_line(self, poem, index, rhyme=None, n=3, seed=None):
        self.revise_calls.append((poem, index))
        return ["江流映远天", "江声入暮天"][:n]


class LanguageFactory:
    """engine_factory(pack_dir, device) for two languages: the Chinese fake for a Chinese pack's folder
    (its name says zh), the English one for any other (None: the default pack)."""

    def __init__(self, en=None, zh=None):
        self.en, self.zh = en or FakeEngine(), zh or FakePoemEngine()
        self.calls: list[tuple[object, str]] = []
        self.threads: set[int] = set()

    def __call__(self, pack_dir=None, device="auto"):
        self.calls.append((pack_dir, device))
        self.threads.add(threading.get_ident())
        from pathlib import Path

        return self.zh if pack_dir is not None and "zh" in Path(pack_dir).name else self.en
