"""Where a quoted piece of evidence sits in its article: gold claims and claims given by a user
quote their sentences; the store keeps character offsets."""

from __future__ import annotations


def evidence_span(text: str, evidence: str) -> tuple[int, int] | None:
    """Character offsets of the evidence in the text: exact, else ignoring runs of whitespace
    (annotators copy across line breaks), else None."""
    if not evidence:
        return None
    at = text.find(evidence)
    if at >= 0:
        return at, at + len(evidence)
    squeezed = " ".join(evidence.split())
    flat, index = _flatten(text)
    at = flat.find(squeezed)
    if at < 0:
        return None
    return index[at], index[at + len(squeezed) - 1] + 1


def _flatten(text: str) -> tuple[str, list[int]]:
    """The text with whitespace runs as one space, and each character's offset in the original."""
    out: list[str] = []
    index: list[int] = []
    space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not space and out:
                out.append(" ")
                index.append(i)
            space = True
            continue
        space = False
        out.append(ch)
        index.append(i)
    return "".join(out), index
