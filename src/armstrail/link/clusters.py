"""Clusters: the claims of different articles that state one proposition (type, agent, recipient,
item category, compatible time). The index is incremental: adding an article touches only the
clusters of its own propositions, so the cost grows with the candidates, not with the corpus."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from armstrail.analyse.gazetteer import Gazetteer
from armstrail.link.origins import Origin, claim_origin, denier_of, merge_origins
from armstrail.link.voices import Voices
from armstrail.model import Article, Claim

STANCES = ("asserts", "denies", "admits", "hedges")
# Two reports belong to one story when they are this close in time (by the event date they give,
# else by publication); a seizure on one day and another a fortnight later are two events.
STORY_WINDOW_DAYS = 45


@dataclass
class Mention:
    """One claim of one article, as the cluster keeps it."""

    article: str
    outlet: str | None
    published: date | None
    claim: Claim
    origin: Origin | None  # None for denials
    denier: str | None = None  # who denies, for denials (ISO3 or a name)


@dataclass(eq=False)
class Cluster:
    id: str
    type: str
    agent: str | None
    recipient: str | None
    item_category: str
    mentions: list[Mention] = field(default_factory=list)
    first: date | None = None
    last: date | None = None
    day: str | None = None  # the event's day when the claims give one (seizures, strikes)
    rank: int = 0  # order of creation among clusters of its key: the first compatible one wins
    months: set[int] = field(default_factory=set)  # months of [first, last] it is indexed under

    @property
    def articles(self) -> list[str]:
        return list(dict.fromkeys(m.article for m in self.mentions))

    @property
    def item(self) -> str | None:
        """The most specific designation seen (a name rather than a category word): the most
        frequent, and of equally frequent ones the first in alphabetical order, so that the answer
        never depends on the order of a set (hash-seeded per process) or of the rows read."""
        names = [m.claim.item for m in self.mentions if m.claim.item != m.claim.item_category]
        return min(set(names), key=lambda name: (-names.count(name), name)) if names else None

    def origins(self, gaz: Gazetteer) -> list[Origin]:
        attributed = {
            m.article for m in self.mentions if m.origin is not None and m.origin.kind != "own-voice"
        }
        pool = [
            m.origin
            for m in self.mentions
            if m.origin is not None and not (m.origin.kind == "own-voice" and m.article in attributed)
        ]
        return merge_origins(pool, gaz)

    def stances(self) -> dict[str, int]:
        counts = dict.fromkeys(STANCES, 0)
        for m in self.mentions:
            counts[m.claim.stance] += 1
        return counts

    def deniers(self) -> list[str]:
        return list(dict.fromkeys(m.denier for m in self.mentions if m.denier))

    def to_json(self, gaz: Gazetteer) -> dict[str, Any]:
        origins = self.origins(gaz)
        stances = self.stances()
        deniers = self.deniers()
        first_seen: dict[str, str | None] = {}
        for m in self.mentions:
            if m.origin is None:
                continue
            for o in origins:
                if o.source == m.origin.source or (o.kind == m.origin.kind and o.source == m.origin.source):
                    seen = m.published.isoformat() if m.published else None
                    if o.source not in first_seen or (seen and (first_seen[o.source] or "9") > seen):
                        first_seen[o.source] = seen
        return {
            "id": self.id,
            "type": self.type,
            "agent": self.agent,
            "recipient": self.recipient,
            "item_category": self.item_category,
            "item": self.item,
            "articles": self.articles,
            "origins": [
                {"source": o.source, "kind": o.kind, "first_seen": first_seen.get(o.source)} for o in origins
            ],
            "independent_sources": len(origins),
            "stances": stances,
            "deniers": deniers,
            "contradiction": bool(deniers) and stances["asserts"] + stances["admits"] > 0,
            "first_seen": self.first.isoformat() if self.first else None,
            "last_seen": self.last.isoformat() if self.last else None,
        }


Key = tuple[str, str | None, str | None, str]  # type, agent, recipient, item category


def claim_key(claim: Claim) -> Key:
    return (claim.type, claim.agent, claim.recipient, claim.item_category)


def claim_date(claim: Claim, published: date | None) -> date | None:
    when = (claim.when or "").split("/")[0]
    if len(when) >= 7 and when[:4].isdigit():
        try:
            return date.fromisoformat(when if len(when) == 10 else when[:7] + "-01")
        except ValueError:
            return published
    return published


@dataclass(eq=False)
class ClusterIndex:
    """Clusters by proposition, with an index from key to candidate clusters."""

    gaz: Gazetteer
    by_key: dict[Key, list[Cluster]] = field(default_factory=dict)
    # Per key, clusters by the months their dates span (and the undated ones), so a dated claim is
    # compared only with clusters near its date: filing cost follows the candidates, not the corpus.
    by_month: dict[tuple[Key, int], list[Cluster]] = field(default_factory=dict)
    undated: dict[Key, dict[str, Cluster]] = field(default_factory=dict)

    def add(self, article: Article, claims: Iterable[Claim]) -> list[Cluster]:
        """File one article's claims; returns the clusters it touched."""
        touched: list[Cluster] = []
        groups: dict[Key, list[Claim]] = {}
        for claim in claims:
            groups.setdefault(claim_key(claim), []).append(claim)
        voices = Voices(article.text, self.gaz)
        for group in groups.values():
            # one article tells of one event per proposition: its most specific claim places them all
            lead = max(group, key=lambda c: (bool(c.when and len(c.when) == 10), bool(c.when)))
            cluster = self._cluster_for(lead, article.published)
            touched.extend(self._file(cluster, article, group, voices))
        return list(dict.fromkeys(touched))

    def _file(self, cluster: Cluster, article: Article, group: list[Claim], voices: Voices) -> list[Cluster]:
        touched: list[Cluster] = []
        for claim in group:
            cluster.mentions.append(mention_of(claim, article, self.gaz, voices))
            seen = claim_date(claim, article.published)
            if seen is not None:
                cluster.first = min(cluster.first or seen, seen)
                cluster.last = max(cluster.last or seen, seen)
            if claim.when and len(claim.when) == 10 and cluster.day is None:
                cluster.day = claim.when
            if cluster not in touched:
                touched.append(cluster)
        self._index_dates(cluster)
        return touched

    def _index_dates(self, cluster: Cluster) -> None:
        key = (cluster.type, cluster.agent, cluster.recipient, cluster.item_category)
        if cluster.first is None or cluster.last is None:
            if not cluster.months:
                self.undated.setdefault(key, {})[cluster.id] = cluster
            return
        for month in range(_month(cluster.first), _month(cluster.last) + 1):
            if month not in cluster.months:
                cluster.months.add(month)
                self.by_month.setdefault((key, month), []).append(cluster)

    def _candidates(self, key: Key, seen: date | None) -> list[Cluster]:
        """The clusters of ``key`` a claim dated ``seen`` may join, oldest first."""
        window = timedelta(days=STORY_WINDOW_DAYS)
        if seen is None or not date.min + window <= seen <= date.max - window:
            return self.by_key.get(key, [])
        pool = {id(c): c for c in self.undated.get(key, {}).values()}
        for month in range(_month(seen - window), _month(seen + window) + 1):
            pool.update((id(c), c) for c in self.by_month.get((key, month), []))
        return sorted(pool.values(), key=lambda c: c.rank)

    def _cluster_for(self, claim: Claim, published: date | None) -> Cluster:
        key = claim_key(claim)
        seen = claim_date(claim, published)
        for cluster in self._candidates(key, seen):
            if compatible(cluster, claim, seen):
                return cluster
        return self._new_cluster(key, seen)

    def _new_cluster(self, key: Key, seen: date | None) -> Cluster:
        candidates = self.by_key.setdefault(key, [])
        cluster = Cluster(cluster_id(key, seen, len(candidates)), *key, rank=len(candidates))
        candidates.append(cluster)
        return cluster

    @property
    def clusters(self) -> list[Cluster]:
        return [c for group in self.by_key.values() for c in group]


def mention_of(claim: Claim, article: Article, gaz: Gazetteer, voices: Voices | None = None) -> Mention:
    """A claim as its cluster keeps it: with its first-hand origin, or who denies it."""
    voices = voices or Voices(article.text, gaz)
    if claim.stance == "denies":
        denier = denier_of(claim, gaz, voices)
        return Mention(article.id, article.outlet, article.published, claim, None, denier)
    origin = claim_origin(claim, article.outlet, gaz, voices)
    return Mention(article.id, article.outlet, article.published, claim, origin)


def compatible(cluster: Cluster, claim: Claim, seen: date | None) -> bool:
    """Whether a claim dated ``seen`` tells of the cluster's event (same key assumed)."""
    day = claim.when if claim.when and len(claim.when) == 10 else None
    if day and cluster.day and day != cluster.day and claim.status == "interdicted":
        return False  # two seizures on two days are two events
    if seen is None or cluster.first is None or cluster.last is None:
        return True
    return (cluster.first - seen).days <= STORY_WINDOW_DAYS and (
        seen - cluster.last
    ).days <= STORY_WINDOW_DAYS


def _month(day: date) -> int:
    return day.year * 12 + day.month - 1


def cluster_id(key: Key, seen: date | None, n: int) -> str:
    """Stable across runs: the proposition, its first date and its rank among same-key clusters."""
    raw = "|".join(str(part) for part in (*key, seen.isoformat() if seen else "", n))
    return "c-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12]


def clusters_json(index: ClusterIndex) -> dict[str, Any]:
    """The clusters-json export of SCHEMA.md."""
    return {"clusters": [c.to_json(index.gaz) for c in index.clusters]}
