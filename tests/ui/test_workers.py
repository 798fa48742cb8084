import threading

from fakes import FakeEngine, broken_factory

from creagen_desktop.engine.sampling import SamplingConfig
from creagen_desktop.ui.workers import EngineThread


def test_newer_request_replaces_the_queued_one(qtbot):
    engine = FakeEngine(candidates=[" #"], delays=[0.3, 0, 0])
    worker = EngineThread(lambda: engine)
    results = []
    worker.result.connect(lambda job, s: results.append((job, s.candidates)))
    with qtbot.waitSignal(worker.loaded, timeout=5000) as loaded:
        worker.start()
    try:
        assert loaded.args == ["fake-pack", "CPU"]
        worker.request(1, "a", SamplingConfig())
        qtbot.waitUntil(lambda: engine.running == 1, timeout=5000)
        worker.request(2, "ab", SamplingConfig())  # queued...
        worker.request(3, "abc", SamplingConfig())  # ...and replaced before it ran
        qtbot.waitUntil(lambda: len(results) == 2, timeout=5000)
        assert engine.calls == ["a", "abc"]
        assert [job for job, _ in results] == [1, 3]
        assert engine.max_running == 1 and threading.get_ident() not in engine.threads
    finally:
        worker.stop()
    assert worker.isFinished()


def test_load_failure_is_reported_and_reload_recovers(qtbot):
    worker = EngineThread(broken_factory)
    with qtbot.waitSignal(worker.load_failed, timeout=5000) as failed:
        worker.start()
    try:
        assert "was not found" in failed.args[0] and worker.engine is None
        with qtbot.waitSignal(worker.loaded, timeout=5000):
            worker.reload(lambda: FakeEngine())
        assert worker.engine is not None
    finally:
        worker.stop()


def test_an_engine_error_is_reported_not_fatal(qtbot):
    class Exploding(FakeEngine):
        def suggest(self, text, config):
            raise RuntimeError("boom")

    worker = EngineThread(Exploding)
    with qtbot.waitSignal(worker.loaded, timeout=5000):
        worker.start()
    try:
        with qtbot.waitSignal(worker.failed, timeout=5000) as failed:
            worker.request(7, "x", SamplingConfig())
        assert failed.args == [7, "boom"] and worker.isRunning()
    finally:
        worker.stop()
