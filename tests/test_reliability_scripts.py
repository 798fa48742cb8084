"""The reliability scripts run end to end (small sizes here; the full runs are in the README)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(args, timeout=120):
    done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    return done.returncode, done.stdout.strip().splitlines()


def test_save_under_kill_finds_no_corrupt_file(tmp_path):
    code, lines = run(["benchmarks/save_under_kill.py", "--trials", "6", "--mb", "0.5", "--max-delay", "0.1",
                       "--json", str(tmp_path / "k.json")])
    assert lines[-1] == "trials: 6 corrupt: 0" and code == 0
    assert (tmp_path / "k.json").is_file()


def test_typing_storm_keeps_one_generation_in_flight(tiny_pack_dir, tmp_path):
    code, lines = run(["benchmarks/typing_storm.py", "--keys", "1500", "--pack", str(tiny_pack_dir),
                       "--json", str(tmp_path / "s.json")])
    last = lines[-1].split()
    assert code == 0 and last[0] == "peak_rss_mb:" and last[2] == "max_in_flight:" and last[3] == "1"
    assert float(last[1]) > 0
