"""Training's device and precision choices: honest about CUDA, autocast where asked, the same step
with loss scaling as without. The GPU test runs only where torch can really start on CUDA."""

from __future__ import annotations

import shutil

import pytest

torch = pytest.importorskip("torch")

from training import devices  # noqa: E402
from training.cli import main as train_main  # noqa: E402
from training.devices import DeviceError, Precision, choose_device, choose_precision  # noqa: E402

NO_CUDA = devices.cuda_problem()
CPU = torch.device("cpu")


@pytest.mark.skipif(not NO_CUDA, reason="CUDA works here")
def test_without_cuda_auto_trains_on_the_cpu_and_cuda_says_why():
    assert choose_device("auto") == CPU and choose_device("cpu") == CPU
    with pytest.raises(DeviceError) as e:
        choose_device("cuda")
    assert str(e.value) == f"--device cuda: {NO_CUDA}. Use --device auto or --device cpu."


def test_more_processes_than_gpus_is_refused(monkeypatch):
    monkeypatch.setattr(devices, "_cuda_problem", "")
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 1)
    with pytest.raises(DeviceError, match=r"local rank 1 but the machine has 1 GPU\(s\).*--nproc_per_node 1"):
        choose_device("auto", local_rank=1)


def test_precision_rules(monkeypatch):
    assert choose_precision("auto", CPU) == "fp32" and choose_precision("bf16", CPU) == "bf16"
    with pytest.raises(DeviceError, match="fp16 needs a GPU"):
        choose_precision("fp16", CPU)
    gpu = torch.device("cuda", 0)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda d=None: "Old GPU")
    for has_bf16, auto in ((True, "bf16"), (False, "fp16")):
        monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda: has_bf16)
        assert choose_precision("auto", gpu) == auto and choose_precision("fp32", gpu) == "fp32"
    with pytest.raises(DeviceError, match="Old GPU has no bfloat16"):
        choose_precision("bf16", gpu)


def _net():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))


def test_loss_scaling_takes_the_same_step_and_clips_the_true_gradient():
    x = torch.randn(16, 4, generator=torch.Generator().manual_seed(1))
    nets = []
    for name in ("fp32", "fp16"):  # fp16's loss scaling, with an fp32 loss: the step must not change
        net = _net()
        opt = torch.optim.SGD(net.parameters(), lr=0.1)
        Precision(name, CPU).update(net(x).pow(2).mean() * 100, opt, net.parameters(), clip=0.5)
        nets.append(torch.cat([p.flatten() for p in net.parameters()]))
    torch.testing.assert_close(nets[0], nets[1], rtol=0, atol=1e-7)


def test_bf16_autocast_on_the_cpu():
    net = _net()
    with Precision("bf16", CPU).autocast():
        assert net(torch.randn(2, 4)).dtype == torch.bfloat16
    with Precision("fp32", CPU).autocast():
        assert net(torch.randn(2, 4)).dtype == torch.float32


def _small_work(trained_pack_dir, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    for name in ("train.txt", "val.txt", "tokenizer.model"):
        shutil.copyfile(trained_pack_dir.parent / "tiny-work" / name, work / name)
    return work


@pytest.mark.skipif(not NO_CUDA, reason="CUDA works here")
def test_creagen_train_with_cuda_asked_for_and_not_usable_exits_2(trained_pack_dir, tmp_path, capsys):
    work = _small_work(trained_pack_dir, tmp_path)
    for flags, message in ((["--device", "cuda"], f"--device cuda: {NO_CUDA}."),
                           (["--precision", "fp16"], "--precision fp16 needs a GPU")):
        with pytest.raises(SystemExit) as e:
            train_main(["lm", "--work", str(work), "--preset", "tiny", "--max-steps", "2", *flags])
        assert e.value.code == 2
        assert message in capsys.readouterr().err
    assert not (work / "lm" / "checkpoint.pt").exists()


@pytest.mark.skipif(bool(NO_CUDA), reason=f"no usable GPU: {NO_CUDA}")
def test_a_few_steps_on_cuda_export_a_model_that_matches(trained_pack_dir, tmp_path, capsys):
    import numpy as np
    import onnxruntime as ort

    from training.export import PARITY_TOLERANCE, parity_check
    from training.train_lm import load_best_lm
    from training.workdir import WorkDir

    work = WorkDir(_small_work(trained_pack_dir, tmp_path))
    assert train_main(["lm", "--work", str(work.root), "--preset", "tiny", "--max-steps", "30", "--device", "cuda"]) == 0
    summary = work.run("lm").read_summary()
    assert summary["device"].startswith("cuda:0") and summary["precision"] in ("bf16", "fp16")
    assert train_main(["export", "--work", str(work.root)]) == 0
    model = load_best_lm(work.run("lm").path)  # the weights trained on the GPU, read onto the CPU
    assert parity_check(model, work.lm_float) <= PARITY_TOLERANCE
    # and the model as it ran on the GPU (fp32 evaluation) gives what onnxruntime gives on the CPU
    tokens = torch.randint(0, model.cfg.vocab_size, (2, 17), generator=torch.Generator().manual_seed(0))
    state = torch.zeros(model.cfg.state_layers, 2, model.cfg.hidden)
    with torch.no_grad():
        gpu_logits, _ = model.cuda()(tokens.cuda(), state.cuda())
    sess = ort.InferenceSession(str(work.lm_float), providers=["CPUExecutionProvider"])
    logits, _ = sess.run(None, {"tokens": tokens.numpy(), "state": state.numpy()})
    assert np.abs(logits - gpu_logits.cpu().numpy()).max() < 1e-3


def test_a_step_that_does_not_train_runs_on_rank_0_alone(tiny_pack_dir, tmp_path, monkeypatch, capsys):
    from tiny_data import TINY_TRAIN

    from training import distributed

    text = tmp_path / "t.txt"
    text.write_text(TINY_TRAIN.read_text(encoding="utf-8")[:2000], encoding="utf-8")
    monkeypatch.setenv("WORLD_SIZE", "2")
    monkeypatch.setenv("RANK", "1")
    assert train_main(["eval", str(tiny_pack_dir), "--text", str(text)]) == 0
    assert capsys.readouterr().out == ""  # rank 1 leaves at once
    monkeypatch.setenv("RANK", "0")
    assert train_main(["eval", str(tiny_pack_dir), "--text", str(text)]) == 0
    assert capsys.readouterr().out.startswith("bits_per_char: ")
    assert distributed.world().size == 1  # rank 0 is a world of one: nothing waits for rank 1
    distributed.leave()
