"""A story's designation is chosen the same way in every process: the most frequent name, ties
broken alphabetically (it once followed the iteration order of a set of strings, which Python seeds
per process, so two runs over the same claims could name a story differently)."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
from datetime import date
from armstrail.analyse.gazetteer import load_gazetteer
from armstrail.link import ClusterIndex
from armstrail.model import Article, Claim, Source

index = ClusterIndex(load_gazetteer())
for n, name in enumerate(["Storm Shadow", "SCALP-EG", "Storm Shadow", "SCALP-EG", "cruise-missile"]):
    claim = Claim(type="TRANSFER", agent="FRA", recipient="UKR", item=name, item_category="cruise-missile",
                  quantity=None, when=None, status="occurred", stance="asserts",
                  sources=(Source("Reuters", "media"),), evidence="x", start=0, end=1)
    index.add(Article(id=f"a{n}", text="x", outlet="Reuters", published=date(2024, 3, 1)), [claim])
print([c.item for c in index.clusters])
"""


def test_equally_frequent_designations_name_the_story_alike_in_every_process() -> None:
    answers = set()
    for seed in ("1", "2", "3", "4", "5", "6"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
        )
        answers.add(done.stdout.strip())
    assert answers == {"['SCALP-EG']"}
