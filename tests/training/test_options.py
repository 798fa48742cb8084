import dataclasses
import json
from pathlib import Path

import pytest

from training.cli import build_parser
from training.options import (
    CONFIGS,
    GROUPS,
    PRESETS,
    LMTrainConfig,
    check_presets,
    record,
    resolve,
    resolve_all,
)

BUNDLED = Path(__file__).resolve().parents[2] / "resources" / "models" / "en-fiction"
ALL = ("corpus", "tokenizer", "lm", "vae", "gan", "export", "pack")


def parsed(*argv) -> dict:
    return vars(build_parser().parse_args(list(argv)))


def test_each_config_is_made_of_its_groups_options():
    for group, cls in CONFIGS.items():
        assert [f.name for f in dataclasses.fields(cls)] == [o.name for o in GROUPS[group]]
        assert dataclasses.asdict(cls()) == {o.name: o.default for o in GROUPS[group]}


def test_one_flag_one_option_within_a_command():
    seen = {}
    for group in ALL:
        for o in GROUPS[group]:
            if not o.fixed:
                # a flag shared by several runs (--seed, --threads, --eval-every) is one and the same option
                assert seen.setdefault(o.dest, o) is o, o.cli_flag


def test_presets_name_real_options_with_their_types(monkeypatch):
    check_presets()
    monkeypatch.setitem(PRESETS, "bad", {"lm": {"hidden": "512"}})
    with pytest.raises(TypeError, match="lm.hidden"):
        check_presets()


def test_a_flag_beats_the_preset_and_the_preset_beats_the_default():
    args = parsed("all", "--corpus", "c", "--out", "o", "--preset", "tiny", "--hidden", "96", "--no-tie")
    opts = resolve_all(args, args["preset"])
    assert opts.lm.hidden == 96  # given: the flag, not the preset's 64
    assert opts.lm.tie is False
    assert opts.lm.embed == PRESETS["tiny"]["lm"]["embed"] == 32  # not given: the preset, not the default 256
    assert opts.lm.clip == 0.5  # in neither: the default
    assert opts.gan.hidden == 32 and opts.vae.latent == 8 and opts.pack.name == "tiny-test"


def test_one_shared_flag_overrides_every_runs_preset_value():
    args = parsed("all", "--corpus", "c", "--out", "o", "--preset", "en-fiction")
    opts = resolve_all(args, args["preset"])
    assert (opts.lm.threads, opts.vae.threads, opts.gan.threads) == (2, 1, 1)  # the README's commands
    assert (opts.lm.eval_every_s, opts.vae.eval_every_s, opts.gan.eval_every_s) == (300.0, 240.0, 60.0)
    args = parsed("all", "--corpus", "c", "--out", "o", "--preset", "en-fiction", "--threads", "3", "--eval-every", "9")
    opts = resolve_all(args, args["preset"])
    assert (opts.lm.threads, opts.vae.threads, opts.gan.threads) == (3, 3, 3)
    assert (opts.lm.eval_every_s, opts.vae.eval_every_s, opts.gan.eval_every_s) == (9.0, 9.0, 60.0)


def test_a_step_takes_its_own_groups_values():
    args = parsed("vae", "--work", "w", "--preset", "tiny", "--vae-lr", "0.5")
    cfg = resolve("vae", args, args["preset"])
    assert (cfg.lr, cfg.latent, cfg.eval_every_s, cfg.max_steps) == (0.5, 8, 1000.0, 600)
    assert resolve("lm", parsed("lm", "--work", "w"), None) == LMTrainConfig()  # no preset: the defaults


def test_fixed_settings_have_no_flag_but_a_preset_may_set_them(monkeypatch):
    with pytest.raises(SystemExit):
        parsed("lm", "--work", "w", "--warmup", "0.1")
    monkeypatch.setitem(PRESETS, "warm", {"lm": {"warmup": 0.1}})
    assert resolve("lm", {}, "warm").warmup == 0.1


def test_an_unknown_preset_is_refused(capsys):
    with pytest.raises(SystemExit):
        parsed("lm", "--work", "w", "--preset", "huge")
    assert "invalid choice: 'huge'" in capsys.readouterr().err


def test_a_record_is_every_option_as_plain_json():
    r = record(resolve("gan", {}))
    assert list(r) == [o.name for o in GROUPS["gan"]]
    assert r["betas"] == [0.5, 0.9] and json.loads(json.dumps(r)) == r


@pytest.mark.parametrize("preset, kinds", [("en-fiction", ("lm", "vae", "gan")),
                                           ("zh-poetry", ("lm", "vae", "gan", "couplet"))])
def test_each_bundled_packs_preset_is_what_the_pack_records(preset, kinds):
    from creagen_desktop.pack import ModelPack

    manifest = ModelPack.load(BUNDLED.parent / preset, verify_hashes=False).manifest
    for kind in kinds:
        assert record(resolve(kind, {}, preset)) == manifest.section(kind).training["options"], kind
    assert manifest.name == PRESETS[preset]["pack"]["name"]
    assert manifest.description == PRESETS[preset]["pack"]["description"]
