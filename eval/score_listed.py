"""Score clusters-json against a gold folder and a hand-set clusters file kept elsewhere.

    python eval/score_listed.py GOLD_DIR LISTED.clusters.json CLUSTERS.json [--verbose]

``score_clusters.py`` scores a folder's hand-set clusters only when the file sits beside the
folder; this project keeps its own hand-set answers for the shared train corpus in ``eval/``
(see eval/README.md), and scores them with the same functions.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("gold")
    parser.add_argument("listed")
    parser.add_argument("clusters")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(args.gold).resolve().parent))  # the scorers sit beside the corpora
    from score import load_gold  # type: ignore[import-not-found]
    from score_clusters import score  # type: ignore[import-not-found]

    gold = load_gold(args.gold)
    wanted = []
    for c in json.loads(Path(args.listed).read_text(encoding="utf-8"))["clusters"]:
        key = (c["type"], c["agent"], c["recipient"], c["item_category"])
        articles = {
            doc_id
            for doc_id, doc in gold.items()
            if doc.get("story") == c["story"]
            and any(
                (x.get("type"), x.get("agent"), x.get("recipient"), x.get("item_category")) == key
                for x in doc.get("claims") or []
            )
        }
        wanted.append(
            {
                "story": c["story"],
                "key": key,
                "articles": articles,
                "independent_sources": c["independent_sources"],
                "deniers": c.get("deniers") or [],
            }
        )
    predicted = json.loads(Path(args.clusters).read_text(encoding="utf-8")).get("clusters") or []
    result = score(gold, predicted, wanted)
    if args.verbose:
        for row in result["clusters"]:
            print(
                f"  {row['story'][:34]:<35} {'/'.join(map(str, row['key'])):<45}"
                f" gold {row['gold_independent']}"
                f" predicted {row['predicted_independent']} overlap {row['overlap']}"
            )
    print(
        f"gold_clusters={result['gold_clusters']} found={result['found']:.3f}"
        f" exact_count={result['exact_count']:.3f} inflation={result['inflation']}"
        f" deniers={result['deniers']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
