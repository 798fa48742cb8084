"""The one job mechanism: JobThread (one job running, one waiting, stale answers dropped) and the
EngineThread, which is a JobThread that also loads the engine."""

import threading

from fakes import FakeEngine, broken_factory
from PySide6.QtCore import QCoreApplication

from creagen_desktop.ui.workers import EngineThread, JobThread


def settle(qtbot, jobs):
    """Wait until nothing runs or waits, then deliver every answer already sent: after this, an
    answer that has not arrived was never sent."""
    qtbot.waitUntil(jobs.idle, timeout=5000)
    QCoreApplication.sendPostedEvents()


def gated(value, gate: threading.Event, ran: list):
    """A job that records that it ran and holds until the test opens the gate."""
    def run(_subject):
        ran.append(value)
        assert gate.wait(5)
        return value
    return run


def test_newer_request_replaces_the_queued_one(qtbot):
    engine = FakeEngine(candidates=[" #"], delays=[0.3, 0, 0])
    worker = EngineThread(lambda: engine)
    results = []
    worker.result.connect(lambda job, g: results.append((job, g.text)))
    with qtbot.waitSignal(worker.loaded, timeout=5000) as loaded:
        worker.start()
    try:
        assert loaded.args == ["fake-pack", "CPU"]
        first = worker.submit(lambda e: e.ghost("a"))
        qtbot.waitUntil(lambda: engine.running == 1, timeout=5000)
        worker.submit(lambda e: e.ghost("ab"))  # queued...
        last = worker.submit(lambda e: e.ghost("abc"))  # ...and replaced before it ran
        qtbot.waitUntil(lambda: len(results) == 2, timeout=5000)
        assert engine.calls == ["a", "abc"]
        assert [job for job, _ in results] == [first, last] == [1, 3]
        assert engine.max_running == 1 and threading.get_ident() not in engine.threads
    finally:
        worker.stop()
    assert worker.isFinished()


def test_engine_thread_submit_passes_on_the_newest_answer(qtbot):
    # EngineThread once overrode request() with another signature, so its inherited submit() raised TypeError.
    worker = EngineThread(lambda: FakeEngine(candidates=[" answer #"]))
    with qtbot.waitSignal(worker.loaded, timeout=5000):
        worker.start()
    try:
        with qtbot.waitSignal(worker.fresh_result, timeout=5000) as got:
            job_id = worker.submit(lambda e: e.ghost("x"))
        assert job_id == 1 and got.args[0].text == " answer 1"
    finally:
        worker.stop()


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
        def ghost(self, text, setting="when fairly sure"):
            raise RuntimeError("boom")

    worker = EngineThread(Exploding)
    with qtbot.waitSignal(worker.loaded, timeout=5000):
        worker.start()
    try:
        worker.submit(lambda e: None)
        with qtbot.waitSignal(worker.failed, timeout=5000) as failed:
            job_id = worker.submit(lambda e: e.ghost("x"))
        assert failed.args == [job_id, "boom"] and worker.isRunning()
    finally:
        worker.stop()


def test_job_thread_runs_one_job_at_a_time_and_skips_replaced_ones(qtbot):
    subject = object()
    jobs = JobThread(lambda: subject)
    ran, results, failing = [], [], []
    gate = threading.Event()
    jobs.result.connect(lambda job_id, out: results.append((job_id, out)))
    jobs.failed.connect(lambda job_id, msg: failing.append((job_id, msg)))

    def job(i):
        def run(s):
            assert s is subject
            ran.append(i)
            assert gate.wait(5)
            return i * 10
        return run

    try:
        jobs.submit(job(1))
        qtbot.waitUntil(lambda: ran == [1], timeout=5000)  # the first runs and holds...
        ids = [jobs.submit(job(i)) for i in range(2, 6)]  # ...while four more come, each replacing the last
        gate.set()
        qtbot.waitUntil(lambda: bool(results) and results[-1][0] == ids[-1] == 5, timeout=5000)
        assert jobs.max_in_flight == 1
        assert ran == [1, 5] and [out for _, out in results] == [10, 50]  # waiting jobs were replaced
        bad = jobs.submit(lambda e: 1 / 0)
        qtbot.waitUntil(lambda: bool(failing), timeout=5000)
        assert failing[0][0] == bad and "division" in failing[0][1]
    finally:
        gate.set()
        jobs.stop()


def test_job_thread_passes_on_only_the_newest_submitted_answer(qtbot):
    jobs = JobThread(lambda: object())
    fresh, every, ran = [], [], []
    first_gate, third_gate, fifth_gate = threading.Event(), threading.Event(), threading.Event()
    jobs.fresh_result.connect(fresh.append)
    jobs.result.connect(lambda job_id, out: every.append(out))
    try:
        jobs.submit(gated("first", first_gate, ran))
        qtbot.waitUntil(lambda: jobs.in_flight == 1, timeout=5000)
        jobs.submit(lambda _s: "second")
        first_gate.set()  # the first was running: its answer comes, but stale
        qtbot.waitUntil(lambda: fresh == ["second"], timeout=5000)
        assert every == ["first", "second"]

        jobs.submit(gated("third", third_gate, ran))
        qtbot.waitUntil(lambda: jobs.in_flight == 1, timeout=5000)
        jobs.forget()  # the asker went away while the third ran
        third_gate.set()
        settle(qtbot, jobs)
        assert every[-1] == "third" and fresh == ["second"]  # it answered, but nobody was told

        jobs.submit(gated("fifth", fifth_gate, ran))
        qtbot.waitUntil(lambda: jobs.in_flight == 1, timeout=5000)
        jobs.submit(lambda _s: ran.append("sixth") or "sixth")  # waits behind the fifth
        jobs.forget()
        fifth_gate.set()
        settle(qtbot, jobs)
        assert "sixth" not in ran and every[-1] == "fifth" and fresh == ["second"]  # the waiting one was dropped
    finally:
        for gate in (first_gate, third_gate, fifth_gate):
            gate.set()
        jobs.stop()


def test_an_unexpected_load_error_is_reported_and_the_thread_goes_on(qtbot):
    class Nameless(FakeEngine):
        @property
        def pack_name(self):
            raise KeyError("name")

    worker = EngineThread(Nameless)
    with qtbot.waitSignal(worker.load_failed, timeout=5000) as failed:
        worker.start()
    try:
        assert failed.args[0] == "The model could not be loaded (KeyError: 'name')." and worker.engine is None
        with qtbot.waitSignal(worker.loaded, timeout=5000):
            worker.reload(FakeEngine)
    finally:
        worker.stop()
