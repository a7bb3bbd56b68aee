"""One claim with everything behind it: the evidence in its context, the chain, the story cluster
and the other articles that state the same proposition."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select

from armstrail import messages
from armstrail.errors import StoreError
from armstrail.store.query import StoredClaim, article_text, stored_claim
from armstrail.store.schema import citations
from armstrail.store.stories import cluster_of_claim

CONTEXT_CHARS = 300


@dataclass
class ClaimView:
    stored: StoredClaim
    before: str
    after: str
    cluster: dict[str, Any] | None
    others: list[str]
    citations: list[tuple[str, str | None]]  # (cited outlet, the stored article of its report)


def view_claim(engine: Engine, claim_id: str) -> ClaimView:
    stored = stored_claim(engine, claim_id)
    if stored is None:
        raise StoreError(messages.NO_SUCH_CLAIM.format(claim_id=claim_id))
    text = article_text(engine, stored.article_id) or ""
    claim = stored.claim
    before = text[max(0, claim.start - CONTEXT_CHARS) : claim.start]
    after = text[claim.end : claim.end + CONTEXT_CHARS]
    record = cluster_of_claim(engine, claim_id)
    others = [a for a in record["articles"] if a != stored.article_id] if record else []
    return ClaimView(stored, before, after, record, others, claim_citations(engine, claim_id))


def claim_citations(engine: Engine, claim_id: str) -> list[tuple[str, str | None]]:
    """The outlets a claim's chain cites, in chain order, each with its report when stored."""
    query = (
        select(citations.c.outlet, citations.c.cited_article_id)
        .where(citations.c.claim_id == claim_id)
        .order_by(citations.c.position)
    )
    with engine.connect() as connection:
        return [(outlet, cited) for outlet, cited in connection.execute(query)]


def show_report(view: ClaimView) -> str:
    from armstrail.report import format_claim

    stored = view.stored
    marked = f"{view.before}>>>{stored.claim.evidence}<<<{view.after}"
    lines = [
        f"{stored.id}  ({stored.outlet or 'unknown outlet'}, {stored.published or 'undated'})",
        format_claim(stored.claim),
        "",
        "in context (the evidence between >>> and <<<):",
        textwrap.indent(textwrap.fill(" ".join(marked.split()), width=100), "  "),
        "",
    ]
    for outlet, cited in view.citations:
        lines.append(
            f"cites {outlet}: "
            + (f"its report is stored as {cited}" if cited else "its report is not stored")
        )
    if view.cluster is None:
        lines.append("story cluster: none")
    else:
        c = view.cluster
        origins = ", ".join(o["source"] for o in c["origins"]) or "none"
        lines.append(
            f"story cluster {c['id']}: {len(c['articles'])} report(s), "
            f"{c['independent_sources']} independent ({origins})"
            + (f"; denied by {', '.join(c['deniers'])}" if c["deniers"] else "")
        )
        lines.append("other articles stating it: " + (", ".join(view.others) or "none"))
    for check in stored.regimes():
        lines.append(f"may fall under {check.id} ({check.instrument}, {check.provision}): {check.status}")
        if check.note:
            lines.append(f"    {check.note}")
    return "\n".join(lines)
