"""Human-readable reports (the demo's claim listing, `armstrail info`), shared by CLI and web."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from datetime import date
from typing import Any

from armstrail import __version__
from armstrail.analyse.gazetteer import load_data, versions
from armstrail.analyse.nlp import MODEL_REQUIREMENT, model_installed
from armstrail.legal import load_regimes
from armstrail.model import Claim, Problem
from armstrail.pipeline import Extraction
from armstrail.settings import Settings, describe
from armstrail.store.query import StoredClaim


def format_claim(claim: Claim) -> str:
    who = claim.agent or "(unnamed)"
    to = f" -> {claim.recipient}" if claim.recipient else ""
    qty = f" x{claim.quantity}" if claim.quantity else ""
    when = f" [{claim.when}]" if claim.when else ""
    chain = " -> ".join(f"{s.name} ({s.kind})" for s in claim.sources) or "article's own voice"
    lines = [
        f"  {claim.type:<9}{who}{to}: {claim.item} ({claim.item_category}){qty}{when}"
        f"  status={claim.status} stance={claim.stance}",
        f"           says: {chain}",
    ]
    evidence = textwrap.shorten(claim.evidence, width=160, placeholder=" ...")
    lines.append(f'           "{evidence}" [{claim.start}:{claim.end}]')
    return "\n".join(lines)


def claims_report(results: Iterable[Extraction | Problem]) -> str:
    out: list[str] = []
    articles = claims = problems = 0
    for result in results:
        if isinstance(result, Problem):
            problems += 1
            out.append(f"! {result}")
            continue
        articles += 1
        claims += len(result.claims)
        art = result.article
        head = f"{art.id}  ({art.outlet or 'unknown outlet'}, {art.published or 'undated'})"
        out.append(head)
        out.append("=" * min(len(head), 100))
        if not result.claims:
            out.append("  no claims")
        out.extend(format_claim(c) for c in result.claims)
        out.append("")
    out.append(f"{articles} article(s), {claims} claim(s), {problems} problem(s)")
    return "\n".join(out)


def info_report() -> str:
    settings = Settings()
    lines = [
        f"armstrail {__version__}",
        f"model: {settings.model} ({'installed' if model_installed(settings.model) else 'MISSING'}; "
        f"from {MODEL_REQUIREMENT})",
    ]
    from armstrail.extract.learned.extractor import extractor_version, model_dir, model_meta

    meta = model_meta()
    trained = (
        f"trained {meta.get('trained')} on {meta.get('articles')} articles, {meta.get('claims')} claims"
        if meta
        else "MISSING: run `make train`"
    )
    lines.append(f"extractor: {extractor_version(settings.extractor)} (model {model_dir()}: {trained})")
    lines.append("data files:")
    for name, version in versions(load_data()).items():
        lines.append(f"  {name:<10} {version}")
    lines.append(f"  {'regimes':<10} {load_regimes().version}")
    lines.append("settings:")
    for name, default, help_ in describe():
        lines.append(f"  {name:<18} {default!s:<22} {help_}")
    return "\n".join(lines)


def stories_report(clusters: Iterable[dict[str, object]]) -> str:
    """The clusters-json records as a readable list: what is reported, by how many independent
    sources, who denies it."""
    out: list[str] = []
    count = 0
    for c in clusters:
        count += 1
        who = c["agent"] or "(unnamed)"
        to = f" -> {c['recipient']}" if c["recipient"] else ""
        item = c["item"] or c["item_category"]
        span = f"{c['first_seen'] or '?'} .. {c['last_seen'] or '?'}"
        articles = c["articles"]
        reports = len(articles) if isinstance(articles, list) else 0
        out.append(f"{c['type']:<9}{who}{to}: {item}  [{span}]  {c['id']}")
        origins = c["origins"] if isinstance(c["origins"], list) else []
        names = ", ".join(f"{o['source']} ({o['kind']})" for o in origins) or "none"
        out.append(f"           {reports} report(s), {c['independent_sources']} independent: {names}")
        deniers = c["deniers"] if isinstance(c["deniers"], list) else []
        if deniers:
            flag = "  CONTRADICTED" if c["contradiction"] else ""
            out.append(f"           denied by: {', '.join(str(d) for d in deniers)}{flag}")
    out.append(f"{count} story cluster(s)")
    return "\n".join(out)


def stored_claims_report(found: Iterable[StoredClaim]) -> str:
    out: list[str] = []
    count = 0
    for stored in found:
        count += 1
        out.append(f"{stored.id}  ({stored.outlet or 'unknown outlet'}, {stored.published or 'undated'})")
        out.append(format_claim(stored.claim))
        out.extend(f"    may fall under {r.id}: {r.status} ({r.date_basis} date)" for r in stored.regimes())
    out.append(f"{count} claim(s)")
    return "\n".join(out)


def regimes_report(listing: list[dict[str, Any]]) -> str:
    """The regimes, their windows and how many stored claims each concerns, by status."""
    out = []
    for regime in listing:
        window = f"{regime['start']} to {regime['end'] or 'open'}"
        renewal = regime["renewal"]
        if renewal:
            window += f" (renewed; last renewal on record to {renewal['last_end']})"
        counts = regime["claims"]
        tally = ", ".join(f"{n} {status}" for status, n in counts["by_status"].items() if n) or "none"
        out.append(f"{regime['id']}  {regime['name']}")
        out.append(f"    {regime['instrument']} | {regime['provision']} | {window}")
        if regime["disputed_by"]:
            out.append(f"    disputed by {', '.join(regime['disputed_by'])}")
        out.append(f"    stored claims: {counts['total']} ({tally})")
    out.append(f"{len(listing)} regime(s)")
    return "\n".join(out)


def timeline_report(found: Iterable[StoredClaim]) -> str:
    """Claims in the order of the events they tell (else of their articles): how a story unfolded."""
    ordered = sorted(found, key=lambda s: (s.seen() or "9999", s.published or date.max, s.id))
    out = []
    for stored in ordered:
        c = stored.claim
        to = f" -> {c.recipient}" if c.recipient else ""
        chain = " -> ".join(s.name for s in c.sources) or "own voice"
        out.append(
            f"{stored.seen() or 'undated':<10}  {c.type:<9}{c.agent or '(unnamed)'}{to}: {c.item}"
            f"  [{c.status}, {c.stance}]  {stored.outlet or '?'}: {chain}  ({stored.id})"
        )
    out.append(f"{len(out)} claim(s)")
    return "\n".join(out)
