"""The command line: thin wrappers over library functions (``pipeline``, ``report``)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import IO

import click

from armstrail import __version__, messages
from armstrail.errors import ArmstrailError
from armstrail.export import FORMATS as EXPORT_FORMATS
from armstrail.legal.assess import STATUSES as REGIME_STATUSES
from armstrail.model import CLAIM_TYPES, Problem
from armstrail.pipeline import Extraction, Tally, extract_paths
from armstrail.settings import Settings, describe

SETTING_HELP = {name: help_ for name, _default, help_ in describe()}
STORIES_PAGE = 50
DB_HELP = "the store: a SQLite file path, or a postgresql://user@host/db URL"


GIVEN_HELP = (
    "take the claims each record carries (a SCHEMA.md claims list) instead of extracting any: "
    "hand-coded claims, another tool's, or gold ones"
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="armstrail")
def cli() -> None:
    """armstrail: attributed arms-transfer claims from news reports."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--out",
    "out",
    required=True,
    metavar="DIR|-",
    help="directory for one <id>.json per article, or - for JSON Lines on stdout",
)
@click.option("--max-bytes", type=int, default=None, help=SETTING_HELP["max_bytes"])
@click.option("--workers", type=click.IntRange(min=1), default=None, help=SETTING_HELP["workers"])
@click.option("--no-cascade", is_flag=True, help="parse every text, even one naming no arms item or party")
@click.option("--given-claims", is_flag=True, help=GIVEN_HELP)
@click.option("--quiet", is_flag=True, help="no progress bar and no summary")
def extract(
    paths: tuple[str, ...],
    out: str,
    max_bytes: int | None,
    workers: int | None,
    no_cascade: bool,
    given_claims: bool,
    quiet: bool,
) -> None:
    """Extract the claims of every article in PATHS (files, directories, or - for stdin)."""
    settings = _settings(max_bytes, workers, no_cascade)
    if given_claims:
        settings = replace(settings, extractor="given")
    to_stdout = out == "-"
    out_dir = None if to_stdout else Path(out)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    many = len(paths) > 1 or any(Path(p).is_dir() for p in paths if p != "-")
    show_progress = not quiet and many and (sys.stderr.isatty() or bool(os.environ.get("ARMSTRAIL_PROGRESS")))
    tally = Tally()
    try:
        with _progress(show_progress) as advance:
            for result in extract_paths(paths, settings):
                _record(result, tally)
                if isinstance(result, Extraction):
                    _write(result, out_dir, sys.stdout)
                advance(result)
    except ArmstrailError as error:
        raise click.ClickException(str(error)) from error
    if not quiet:
        click.echo(tally.summary(), err=True)
    if tally.failed:
        sys.exit(1)


def _settings(max_bytes: int | None, workers: int | None = None, no_cascade: bool = False) -> Settings:
    settings = Settings()
    if no_cascade:
        settings = replace(settings, cascade=False)
    if max_bytes is not None:
        settings = replace(settings, max_bytes=max_bytes)
    if workers is not None:
        settings = replace(settings, workers=workers)
    return settings


def _record(result: Extraction | Problem, tally: Tally) -> None:
    if isinstance(result, Problem):
        tally.problems.append(result)
        if result.level == "skipped":
            tally.skipped += 1
            click.echo(messages.SKIPPED_INPUT.format(problem=result), err=True)
        else:
            tally.failed += 1
            click.echo(messages.FAILED_INPUT.format(problem=result), err=True)
        return
    tally.articles += 1
    tally.claims += len(result.claims)
    for warning in result.article.warnings:
        click.echo(
            messages.WARNING_INPUT.format(origin=result.article.origin or result.article.id, warning=warning),
            err=True,
        )


def _write(result: Extraction, out_dir: Path | None, stdout: IO[str]) -> None:
    payload = result.to_json()
    if out_dir is None:
        stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        return
    name = _safe_name(result.article.id)
    (out_dir / f"{name}.json").write_text(
        json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def _safe_name(article_id: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in article_id).strip(".")
    return cleaned[:150] or "article"


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[object], None]]:
    """A rich progress display on stderr while articles stream through, or nothing."""
    if not enabled:
        yield lambda _result: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (
        SpinnerColumn(),
        TextColumn("extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("extract", total=None)
        yield lambda _result: progress.advance(task)


@cli.command()
@click.argument("paths", nargs=-1)
def demo(paths: tuple[str, ...]) -> None:
    """Run the extractor on the bundled samples (or PATHS) and print a readable report."""
    from armstrail.report import claims_report

    targets = paths or (str(_samples_dir()),)
    try:
        results = list(extract_paths(targets))
    except ArmstrailError as error:
        raise click.ClickException(str(error)) from error
    click.echo(claims_report(results))


def _samples_dir() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "samples"
        if candidate.is_dir():
            return candidate
    return Path("samples")


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--out", "out", default="-", metavar="FILE|-", help="where to write clusters-json (default: stdout)"
)
@click.option("--given-claims", is_flag=True, help=GIVEN_HELP)
def link(paths: tuple[str, ...], out: str, given_claims: bool) -> None:
    """Extract PATHS and link their claims into story clusters (SCHEMA.md clusters-json)."""
    from armstrail.link import clusters_json
    from armstrail.pipeline import link_paths

    settings = replace(Settings(), extractor="given") if given_claims else None
    try:
        index, problems = link_paths(paths, settings)
    except ArmstrailError as error:
        raise click.ClickException(str(error)) from error
    for problem in problems:
        click.echo(messages.FAILED_INPUT.format(problem=problem), err=True)
    text = json.dumps(clusters_json(index), ensure_ascii=False, indent=1) + "\n"
    if out == "-":
        sys.stdout.write(text)
    else:
        Path(out).write_text(text, encoding="utf-8")
    if any(p.level == "error" for p in problems):
        sys.exit(1)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", default="armstrail.db", show_default=True, metavar="PATH|URL", help=DB_HELP)
@click.option("--reextract", is_flag=True, help="re-extract stored articles made by an older extractor")
@click.option("--resume", is_flag=True, help="skip every article whose id is already stored, even if changed")
@click.option("--errors", "errors_path", metavar="FILE", help="write every failure to FILE as JSON Lines")
@click.option("--allow-private", is_flag=True, help=SETTING_HELP["allow_private"])
@click.option("--max-bytes", type=int, default=None, help=SETTING_HELP["max_bytes"])
@click.option("--workers", type=click.IntRange(min=1), default=None, help=SETTING_HELP["workers"])
@click.option("--no-cascade", is_flag=True, help="parse every text, even one naming no arms item or party")
@click.option("--dask", metavar="ADDRESS", default=None, help=SETTING_HELP["dask"])
@click.option("--given-claims", is_flag=True, help=GIVEN_HELP)
@click.option("--quiet", is_flag=True, help="no progress display and no summary")
def ingest(
    paths: tuple[str, ...],
    db: str,
    reextract: bool,
    resume: bool,
    errors_path: str | None,
    allow_private: bool,
    max_bytes: int | None,
    workers: int | None,
    no_cascade: bool,
    dask: str | None,
    given_claims: bool,
    quiet: bool,
) -> None:
    """Read PATHS (files, directories, archives, web archives, feeds, URLs, - for stdin), extract
    and store articles and claims in the evidence base (idempotent)."""
    from armstrail.progress import count_inputs, ingest_progress
    from armstrail.store import open_store
    from armstrail.store.ingest import IngestOptions, IngestTally, ingest_paths

    settings = replace(_settings(max_bytes, workers, no_cascade), allow_private=allow_private)
    if dask:
        settings = replace(settings, dask=dask)
    if given_claims:
        settings = replace(settings, extractor="given")
    interactive = sys.stderr.isatty() or bool(os.environ.get("ARMSTRAIL_PROGRESS"))
    tally = IngestTally()
    try:
        engine = open_store(db)
        total = count_inputs(paths) if not quiet and interactive else 0
        with ingest_progress(not quiet and interactive, tally, total) as advance:

            def report(result: Extraction | Problem) -> None:
                _echo_result(result)
                advance()

            ingest_paths(paths, engine, settings, IngestOptions(reextract, resume), report, tally)
    except ArmstrailError as error:
        raise click.ClickException(str(error)) from error
    if errors_path:
        _write_errors(errors_path, tally.problems)
    if not quiet:
        click.echo(tally.summary(), err=True)
    if tally.failed:
        sys.exit(1)


def _echo_result(result: Extraction | Problem) -> None:
    if isinstance(result, Problem):
        template = messages.SKIPPED_INPUT if result.level == "skipped" else messages.FAILED_INPUT
        click.echo(template.format(problem=result), err=True)
        return
    for warning in result.article.warnings:
        origin = result.article.origin or result.article.id
        click.echo(messages.WARNING_INPUT.format(origin=origin, warning=warning), err=True)


def _write_errors(path: str, problems: list[Problem]) -> None:
    """Every failure (and skipped input), one JSON object a line: where, why, how bad."""
    try:
        with Path(path).open("w", encoding="utf-8") as out:
            for problem in problems:
                record = {"origin": problem.origin, "reason": problem.reason, "level": problem.level}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    except OSError as error:
        raise click.ClickException(messages.NOT_WRITABLE.format(path=path, error=error)) from error
    click.echo(messages.ERRORS_WRITTEN.format(count=len(problems), path=path), err=True)


@cli.command()
@click.option("--db", default="armstrail.db", show_default=True, metavar="PATH|URL", help=DB_HELP)
@click.option("--agent", metavar="WHO", help="supplier/actor: ISO3 code (IRN) or organisation name")
@click.option("--recipient", metavar="WHO", help="recipient or target: ISO3 code or organisation name")
@click.option("--type", "type_", type=click.Choice(CLAIM_TYPES, case_sensitive=False), help="claim type")
@click.option("--contradictions", is_flag=True, help="only stories one source asserts and another denies")
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True, help="page of the report")
@click.option(
    "--size", type=click.IntRange(1, 1000), default=STORIES_PAGE, show_default=True, help="stories per page"
)
@click.option("--all", "everything", is_flag=True, help="the whole report, however long")
@click.option("--json", "as_json", is_flag=True, help="every matching story as clusters-json (SCHEMA.md)")
def stories(
    db: str,
    agent: str | None,
    recipient: str | None,
    type_: str | None,
    contradictions: bool,
    page: int,
    size: int,
    everything: bool,
    as_json: bool,
) -> None:
    """Story clusters of the store, oldest first: reports, independent sources, origins, deniers,
    first/last seen. The report comes a page at a time (a store can hold millions of stories)."""
    from armstrail.report import stories_report
    from armstrail.store import open_store
    from armstrail.store.stories import story_records, story_total

    kind = type_.upper() if type_ else None
    paged = not (as_json or everything)
    try:
        engine = open_store(db, create=False)
        records = story_records(
            engine,
            agent=agent,
            recipient=recipient,
            type_=kind,
            contradictions=contradictions,
            oldest=size if paged else None,
            skip=(page - 1) * size if paged else 0,
        )
        total = story_total(engine, agent, recipient, kind, contradictions) if paged else len(records)
    except ArmstrailError as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        click.echo(json.dumps({"clusters": records}, ensure_ascii=False, indent=1))
        return
    click.echo(stories_report(records))
    if paged and total > len(records):
        first = (page - 1) * size + 1 if records else 0
        shown = f"{first}-{first + len(records) - 1}" if records else "none"
        more = messages.STORIES_NEXT_PAGE.format(next=page + 1) if page * size < total else ""
        click.echo(messages.STORIES_PAGE_NOTE.format(shown=shown, total=total, more=more), err=True)


@cli.command("claims")
@click.option("--db", default="armstrail.db", show_default=True, metavar="PATH|URL", help=DB_HELP)
@click.option("--agent", metavar="WHO", help="supplier/actor: ISO3 code (IRN) or organisation name")
@click.option("--recipient", metavar="WHO", help="recipient or target: ISO3 code or organisation name")
@click.option(
    "--type",
    "type_",
    type=click.Choice(CLAIM_TYPES, case_sensitive=False),
    help="claim type",
)
@click.option("--stance", type=click.Choice(["asserts", "denies", "admits", "hedges"]), help="stance")
@click.option("--since", metavar="DATE", help="event (or else article) date on or after, e.g. 2022-01-01")
@click.option("--regime", metavar="ID", help="claims that may fall under this regime (`armstrail regimes`)")
@click.option(
    "--regime-status",
    type=click.Choice(REGIME_STATUSES),
    help="with --regime: its status on the claim's date; alone: under any regime with this status",
)
@click.option("--json", "as_json", is_flag=True, help="JSON Lines instead of a readable listing")
def claims_command(
    db: str,
    agent: str | None,
    recipient: str | None,
    type_: str | None,
    stance: str | None,
    since: str | None,
    regime: str | None,
    regime_status: str | None,
    as_json: bool,
) -> None:
    """Stored claims, filtered: each with its evidence, chain, article and the regimes it may fall under."""
    from armstrail.legal import load_regimes
    from armstrail.report import stored_claims_report
    from armstrail.store import open_store, stored_claims

    try:
        unknown = load_regimes().unknown(regime)
        if unknown:
            raise click.BadParameter(unknown)
        found = stored_claims(
            open_store(db, create=False),
            agent=agent,
            recipient=recipient,
            type_=type_.upper() if type_ else None,
            stance=stance,
            since=since,
            regime=regime,
            regime_status=regime_status,
        )
    except ArmstrailError as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        for stored in found:
            click.echo(json.dumps(stored.to_json(), ensure_ascii=False))
    else:
        click.echo(stored_claims_report(found))


@cli.command("regimes")
@click.option("--db", default="armstrail.db", show_default=True, metavar="PATH|URL", help=DB_HELP)
@click.option("--json", "as_json", is_flag=True, help="the regimes as JSON, with their claim counts")
def regimes_command(db: str, as_json: bool) -> None:
    """The legal regimes claims are checked against: windows, sources, and how many stored claims each
    concerns by status (in force, contested, not in force, unknown)."""
    from armstrail.report import regimes_report
    from armstrail.store import open_store
    from armstrail.store.regimes import regimes_listing

    try:
        listing = regimes_listing(open_store(db, create=False))
    except ArmstrailError as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        click.echo(json.dumps(listing, ensure_ascii=False, indent=1))
    else:
        click.echo(regimes_report(listing))


@cli.command("export")
@click.option("--db", default="armstrail.db", show_default=True, metavar="PATH|URL", help=DB_HELP)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    required=True,
    help="jsonl: every claim; clusters-json: SCHEMA.md's story clusters; csv: a transfer register; "
    "ftm: FollowTheMoney entities (JSON Lines); prov: attribution chains as W3C PROV-O (JSON-LD). "
    "See docs/exports.md",
)
@click.option("--out", required=True, metavar="FILE|-", help="file to write, or - for stdout")
def export_command(db: str, fmt: str, out: str) -> None:
    """Export the store: claims, story clusters, or a SIPRI-style transfer register."""
    from armstrail.export import export
    from armstrail.store import open_store

    try:
        chunks = export(open_store(db, create=False), fmt)
        if out == "-":
            for chunk in chunks:
                sys.stdout.write(chunk)
        else:
            with Path(out).open("w", encoding="utf-8", newline="") as handle:
                for chunk in chunks:
                    handle.write(chunk)
    except ArmstrailError as error:
        raise click.ClickException(str(error)) from error
    except OSError as error:
        raise click.ClickException(messages.NOT_WRITABLE.format(path=out, error=error)) from error


@cli.command()
@click.argument("claim_id")
@click.option("--db", default="armstrail.db", show_default=True, metavar="PATH|URL", help=DB_HELP)
def show(claim_id: str, db: str) -> None:
    """One stored claim: its evidence in context, its chain, its story cluster and the other articles."""
    from armstrail.store import open_store
    from armstrail.store.show import show_report, view_claim

    try:
        click.echo(show_report(view_claim(open_store(db, create=False), claim_id)))
    except ArmstrailError as error:
        raise click.ClickException(str(error)) from error


@cli.command()
@click.option("--db", default="armstrail.db", show_default=True, metavar="PATH|URL", help=DB_HELP)
@click.option("--agent", metavar="WHO", help="supplier/actor: ISO3 code (IRN) or organisation name")
@click.option("--recipient", metavar="WHO", help="recipient or target: ISO3 code or organisation name")
@click.option("--since", metavar="DATE", help="event (or else article) date on or after")
def timeline(db: str, agent: str | None, recipient: str | None, since: str | None) -> None:
    """How a story unfolded: the matching claims in date order, with stance, outlet and chain."""
    from armstrail.report import timeline_report
    from armstrail.store import open_store, stored_claims

    try:
        found = stored_claims(open_store(db, create=False), agent=agent, recipient=recipient, since=since)
    except ArmstrailError as error:
        raise click.ClickException(str(error)) from error
    click.echo(timeline_report(found))


@cli.command()
@click.option("--db", default="armstrail.db", show_default=True, metavar="PATH|URL", help=DB_HELP)
def relink(db: str) -> None:
    """Rebuild every story cluster, citation and entity from the stored claims (oldest article
    first): after the linking rules or the gazetteers change. Ingest keeps them current otherwise."""
    from armstrail.store import open_store
    from armstrail.store.linking import relink as relink_store

    try:
        count = relink_store(open_store(db, create=False))
    except ArmstrailError as error:
        raise click.ClickException(str(error)) from error
    click.echo(messages.RELINKED.format(count=count), err=True)


@cli.command()
@click.option("--db", default="armstrail.db", show_default=True, metavar="PATH|URL", help=DB_HELP)
@click.option("--out", required=True, metavar="FILE", help="the backup file to write (replaced if it exists)")
def backup(db: str, out: str) -> None:
    """Back up a SQLite store while it is in use (SQLite's online backup: one consistent snapshot,
    renamed into place only when complete). A PostgreSQL store is told the pg_dump command."""
    from armstrail.store import open_store
    from armstrail.store.backup import backup_store

    try:
        path = backup_store(open_store(db, create=False), out)
    except ArmstrailError as error:
        raise click.ClickException(str(error)) from error
    click.echo(messages.BACKUP_WRITTEN.format(path=path, size=path.stat().st_size, db=db), err=True)


@cli.command("copy-store")
@click.option("--db", default="armstrail.db", show_default=True, metavar="PATH|URL", help=DB_HELP)
@click.option("--to", "target", required=True, metavar="PATH|URL", help="an empty store to fill (PostgreSQL)")
@click.option("--quiet", is_flag=True, help="no line per table")
def copy_store_command(db: str, target: str, quiet: bool) -> None:
    """Copy the whole store at --db into the empty store --to, row for row, nothing re-extracted:
    a SQLite evidence base that outgrew one file moves into PostgreSQL (COPY, one transaction)."""
    from armstrail.store import open_store
    from armstrail.store.transfer import copy_store

    def heard(table: str, rows: int) -> None:
        if not quiet:
            click.echo(messages.STORE_COPY_TABLE.format(table=table, rows=rows), err=True)

    try:
        tally = copy_store(open_store(db, create=False), open_store(target), on_table=heard)
    except ArmstrailError as error:
        raise click.ClickException(str(error)) from error
    click.echo(tally.summary(), err=True)


@cli.command()
@click.option("--db", default="armstrail.db", show_default=True, metavar="PATH|URL", help=DB_HELP)
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="address to listen on (loopback only by default)"
)
@click.option("--port", default=8000, show_default=True, type=int, help="port to listen on")
@click.option("--allow-ingest", is_flag=True, help="accept POST /api/v1/articles (needs --token)")
@click.option("--token", envvar="ARMSTRAIL_TOKEN", help="bearer token for uploads (env ARMSTRAIL_TOKEN)")
@click.option(
    "--query-timeout",
    default=Settings().query_timeout,
    show_default=True,
    type=click.FloatRange(min=0),
    help=SETTING_HELP["query_timeout"],
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="server processes, each with its own connections (use the machine's cores)",
)
def serve(
    db: str,
    host: str,
    port: int,
    allow_ingest: bool,
    token: str | None,
    query_timeout: float,
    workers: int,
) -> None:
    """Open the evidence base in the browser and over HTTP (read-only by default)."""
    from armstrail.serve import ServeOptions
    from armstrail.serve.run import run
    from armstrail.store import open_store
    from armstrail.store.db import refresh_statistics

    if allow_ingest and not token:
        raise click.ClickException(messages.SERVE_NEEDS_TOKEN)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(messages.SERVE_PUBLIC_HOST.format(host=host), err=True)
    try:
        engine = open_store(db, create=False)  # migrated once, here, before any worker starts
        refresh_statistics(engine)
    except ArmstrailError as error:
        raise click.ClickException(str(error)) from error
    options = ServeOptions(allow_ingest=allow_ingest, token=token, query_timeout=query_timeout)
    click.echo(messages.SERVE_LISTENING.format(db=db, host=host, port=port), err=True)
    run(engine, db, options, host, port, workers)


@cli.command()
@click.option(
    "--corpus",
    "corpora",
    multiple=True,
    type=click.Path(file_okay=False),
    help="a gold folder to learn from (repeatable; default: the shared train and dev corpora, the "
    "four validation sets and tests/negatives/train)",
)
@click.option("--out", default=None, help="where the model goes (default: the package's models/hybrid)")
@click.option(
    "--cv", "cv_report", default=None, help="instead of training, cross-validate and write the report here"
)
@click.option("--scorer", default=None, help="score.py for --cv (default: ../shared/corpus/score.py)")
@click.option("--folds", default=5, show_default=True, help="folds for --cv, grouped by story")
def train(
    corpora: tuple[str, ...], out: str | None, cv_report: str | None, scorer: str | None, folds: int
) -> None:
    """Rebuild the hybrid extractor's model from gold corpora (fixed seeds), or measure it."""
    from armstrail.extract.learned import train as training
    from armstrail.extract.learned.extractor import model_dir

    root = Path.cwd()
    folders = [Path(c) for c in corpora] or training.default_corpora(root)
    try:
        if cv_report:
            examples = training.load_examples(folders)
            score = training.load_scorer(Path(scorer) if scorer else root.parent / "shared/corpus/score.py")
            report = training.cross_validate(examples, score, k=folds, log=lambda m: click.echo(m, err=True))
            Path(cv_report).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
            click.echo(json.dumps(report["mean"], indent=2))
            return
        meta = training.train(folders, Path(out) if out else model_dir())
    except ArmstrailError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"trained on {meta['articles']} articles, {meta['claims']} claims in {meta['training_seconds']} s"
    )


@cli.command()
def info() -> None:
    """The installed model, the data file versions and every setting with its default."""
    from armstrail.report import info_report

    click.echo(info_report())


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
