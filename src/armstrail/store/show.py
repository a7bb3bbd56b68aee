"""One claim with everything behind it: the evidence in its context, the chain, the story cluster
and the other articles that state the same proposition."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from armstrail import messages
from armstrail.errors import StoreError
from armstrail.store.query import StoredClaim, article_text, stored_claim
from armstrail.store.stories import cluster_of_claim

CONTEXT_CHARS = 300


@dataclass
class ClaimView:
    stored: StoredClaim
    before: str
    after: str
    cluster: dict[str, Any] | None
    others: list[str]


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
    return ClaimView(stored, before, after, record, others)


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
    return "\n".join(lines)
