"""The trainers on two gloo processes (torch.multiprocessing, as torchrun would start them), against one
process with the same global batch and data; and `creagen-train all` under torchrun itself.

One set of processes runs every distributed job of this module (a few seconds in all): the LM, VAE
and GAN for a few steps each, and the LM on a time budget with one rank slowed down.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

import ddp_runs  # noqa: E402
from ddp_runs import KINDS, STEPS, traced, train  # noqa: E402

from training.workdir import RunDir  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def two_ranks(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ddp")
    jobs = [{"name": kind, "kind": kind} for kind in KINDS]
    # a 3-second budget that rank 1 spends more slowly: both must still stop after the same step
    jobs.append({"name": "timed", "kind": "lm", "max_steps": None, "max_minutes": 0.05, "slow_rank": 1})
    # a trainer that stops early, as only rank 0 can tell (it alone evaluates)
    jobs.append({"name": "early", "kind": "vae", "stop_after": 3})
    # and one process's checkpoint, resumed on two
    train("gan", out / "grown", world_size=1)
    jobs.append({"name": "grown", "kind": "gan", "resume": True, "max_steps": STEPS + 3})
    ddp_runs.spawn(2, out, jobs)
    return out


def ranks(out: Path, name: str) -> list[dict]:
    return [torch.load(out / f"{name}-rank{r}.pt", weights_only=False) for r in (0, 1)]


@pytest.mark.parametrize("kind", KINDS)
def test_both_ranks_hold_the_same_parameters_after_every_step(two_ranks, kind):
    r0, r1 = ranks(two_ranks, kind)
    assert len(r0["params"]) == len(r1["params"]) == STEPS
    for step, (a, b) in enumerate(zip(r0["params"], r1["params"]), 1):
        assert torch.equal(a, b), f"{kind}: the ranks' parameters differ after step {step}"
    assert r0["figures"] == r1["figures"]  # the logged train figures are the global batch's, on both


@pytest.mark.parametrize("kind", KINDS)
def test_two_ranks_train_as_one_process_with_the_global_batch(two_ranks, kind, tmp_path):
    r0, _ = ranks(two_ranks, kind)
    with traced(kind) as one:
        summary = train(kind, tmp_path, world_size=1)
    for step in range(STEPS):
        assert r0["figures"][step] == pytest.approx(one["figures"][step], rel=1e-5, abs=1e-6), f"{kind} step {step + 1}"
        torch.testing.assert_close(r0["params"][step], one["params"][step], rtol=1e-4, atol=1e-5)
    both = r0["summary"]
    assert (both["world_size"], summary["world_size"]) == (2, 1)
    assert both["global_batch"] == summary["global_batch"] == ddp_runs.GLOBAL_BATCH[kind]
    assert both["options"]["batch"] * 2 == summary["options"]["batch"]
    assert (both["device"], both["precision"]) == ("cpu", "fp32")


@pytest.mark.parametrize("kind", KINDS)
def test_the_checkpoint_of_two_ranks_resumes_in_one_process(two_ranks, kind, tmp_path):
    shutil.copytree(two_ranks / kind, tmp_path / kind)
    run = RunDir(tmp_path / kind)
    assert sorted(p.name for p in run.path.iterdir()) == ["best.pt", "checkpoint.pt", "loss.png", "metrics.csv",
                                                          "train_summary.json"]
    ck = torch.load(run.checkpoint, weights_only=False)
    assert ck["step"] == STEPS and ck["world_size"] == 2
    r0, _ = ranks(two_ranks, kind)
    assert torch.equal(ddp_runs.checkpoint_params(kind, ck), r0["params"][-1])  # the weights the ranks ended with
    s = train(kind, run.path, world_size=1, resume=True, max_steps=STEPS + 3)
    assert s["steps"] == STEPS + 3 and s["world_size"] == 1
    (resumed,) = s["resumes"]
    assert resumed["step"] == STEPS and resumed["world_size"] == 1
    assert resumed["changed"] == {"batch": [ddp_runs.GLOBAL_BATCH[kind] // 2, ddp_runs.GLOBAL_BATCH[kind]],
                                  "max_steps": [STEPS, STEPS + 3]}
    with run.metrics.open(newline="") as f:
        assert [int(r["step"]) for r in csv.DictReader(f)] == [STEPS, STEPS + 3]


def test_a_checkpoint_of_one_process_resumes_on_two(two_ranks):
    r0, r1 = ranks(two_ranks, "grown")
    s = r0["summary"]
    assert len(r0["params"]) == 3 and torch.equal(r0["params"][-1], r1["params"][-1])
    assert (s["steps"], s["world_size"], s["global_batch"]) == (STEPS + 3, 2, ddp_runs.GLOBAL_BATCH["gan"])
    (resumed,) = s["resumes"]
    assert resumed["step"] == STEPS and resumed["world_size"] == 2
    assert resumed["changed"]["batch"] == [ddp_runs.GLOBAL_BATCH["gan"], ddp_runs.GLOBAL_BATCH["gan"] // 2]


def test_a_time_budget_stops_every_rank_after_the_same_step(two_ranks):
    r0, r1 = ranks(two_ranks, "timed")
    assert len(r0["params"]) == len(r1["params"]) == r0["summary"]["steps"] > 0
    assert torch.equal(r0["params"][-1], r1["params"][-1])
    assert 0.05 <= r0["summary"]["minutes"] < 0.5


def test_a_trainer_that_stops_early_stops_every_rank(two_ranks):
    r0, r1 = ranks(two_ranks, "early")
    assert len(r0["params"]) == len(r1["params"]) == r0["summary"]["steps"] == 3 < STEPS
    assert torch.equal(r0["params"][-1], r1["params"][-1])


def test_creagen_train_all_under_torchrun(tiny_corpus_dir, tmp_path):
    """`creagen-train all` on 2 processes started by torchrun, as the README gives it: rank 0 alone
    prepares, trains the tokenizer, exports, packs and prints; the pack records the world size.
    (The LM only: the VAE and GAN on two ranks are the tests above, and their figures take long.)"""
    out, work = tmp_path / "pack", tmp_path / "work"
    cmd = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2", "-m",
           "training.cli", "all", "--preset", "tiny", "--corpus", str(tiny_corpus_dir), "--out", str(out),
           "--work", str(work), "--max-steps", "20", "--vae-steps", "0", "--threads", "1"]
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300,
                       env={**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"})
    assert p.returncode == 0, p.stderr[-3000:]
    for line in ("== prepare", "tokenizer: ", "done: 20 steps", "export: ", "pack written to", "== all done"):
        assert p.stdout.count(line) == 1, line  # rank 0 alone did it, and printed it
    manifest = json.loads((out / "manifest.json").read_text())
    t = manifest["lm"]["training"]
    assert (t["world_size"], t["steps"], t["device"]) == (2, 20, "cpu")
    assert t["global_batch"] == 2 * t["options"]["batch"] == 16
    assert t["tokens_seen"] == 20 * 16 * 32  # steps x global lanes x bptt
    assert sorted(p.name for p in (work / "lm").iterdir()) == ["best.pt", "checkpoint.pt", "loss.png", "metrics.csv",
                                                               "train_summary.json"]
