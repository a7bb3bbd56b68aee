"""Clusters: the claims of different articles that state one proposition (type, agent, recipient,
item category, compatible time). The index is incremental: adding an article touches only the
clusters of its own propositions, so the cost grows with the candidates, not with the corpus."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from armstrail.analyse.gazetteer import Gazetteer
from armstrail.legal.assess import parse_when
from armstrail.link.origins import Origin, claim_origin, denier_of, merge_origins
from armstrail.link.voices import Voices
from armstrail.model import Article, Claim

STANCES = ("asserts", "denies", "admits", "hedges")
# Two reports belong to one story when they are this close in time (by the event date they give,
# else by publication); a seizure on one day and another a fortnight later are two events.
STORY_WINDOW_DAYS = 45
# A ``when`` that spans longer than this ("2022", "2016/2018") does not date one event: the
# report is placed by its publication day instead.
LONGEST_PERIOD_DAYS = 92


@dataclass
class Mention:
    """One claim of one article, as the cluster keeps it."""

    article: str
    outlet: str | None
    published: date | None
    claim: Claim
    origin: Origin | None  # None for denials
    denier: str | None = None  # who denies, for denials (ISO3 or a name)
    claim_id: str | None = None  # its stored claim's id, when read from a store


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
    rank: int = 0  # order of creation among clusters of its key
    months: set[int] = field(default_factory=set)  # months of [first, last] it is indexed under
    undated: int = 0  # articles in it that give no date at all

    @property
    def articles(self) -> list[str]:
        return list(dict.fromkeys(m.article for m in self.ordered()))

    @property
    def item(self) -> str | None:
        """The most specific designation seen (a name rather than a category word): the most
        frequent, and of equally frequent ones the first in alphabetical order, so that the answer
        never depends on the order of a set (hash-seeded per process) or of the rows read."""
        names = [m.claim.item for m in self.mentions if m.claim.item != m.claim.item_category]
        return min(set(names), key=lambda name: (-names.count(name), name)) if names else None

    def ordered(self) -> list[Mention]:
        """Its mentions oldest report first (undated last), as the store reads them: the origins'
        names and the deniers' order follow from the reports, not from the order they came in."""
        return sorted(self.mentions, key=lambda m: (m.published is None, m.published or date.min, m.article))

    def origins(self, gaz: Gazetteer) -> list[Origin]:
        mentions = self.ordered()
        attributed = {m.article for m in mentions if m.origin is not None and m.origin.kind != "own-voice"}
        pool = [
            m.origin
            for m in mentions
            if m.origin is not None and not (m.origin.kind == "own-voice" and m.article in attributed)
        ]
        return merge_origins(pool, gaz)

    def stances(self) -> dict[str, int]:
        counts = dict.fromkeys(STANCES, 0)
        for m in self.mentions:
            counts[m.claim.stance] += 1
        return counts

    def deniers(self) -> list[str]:
        return list(dict.fromkeys(m.denier for m in self.ordered() if m.denier))

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


def claim_period(claim: Claim, published: date | None) -> tuple[date, date] | None:
    """The days a claim's event may lie in: its ``when`` when that dates one event (a day, a month,
    a closed range shorter than ``LONGEST_PERIOD_DAYS``), so that the claim's own date keeps apart
    two stories a late article would join; an open range ("since 2022") is the point it is known
    at; else the publication day. An article with no publication day keeps even a coarse period
    ("2022"): it is all there is."""
    period = parse_when(claim.when, published)
    if period is not None:
        if period.start == date.min:
            return period.end, period.end
        if period.end == date.max or (claim.when or "").endswith(".."):
            point = period.end if period.end != date.max else period.start
            return point, point
        if (period.end - period.start).days < LONGEST_PERIOD_DAYS or published is None:
            return period.start, period.end
    return (published, published) if published is not None else None


def claim_date(claim: Claim, published: date | None) -> date | None:
    when = (claim.when or "").split("/")[0]
    if len(when) >= 7 and when[:4].isdigit():
        try:
            return date.fromisoformat(when if len(when) == 10 else when[:7] + "-01")
        except ValueError:
            return published
    return published


@dataclass
class Unit:
    """One article's claims of one proposition. An article tells of one event per proposition, so
    they go to one cluster together, placed by the most specific of them (its lead)."""

    article: str
    mentions: list[Mention]
    seen: date | None  # the first day of the lead's period: its ``when``, else its publication
    until: date | None  # the last day of that period
    day: str | None  # the lead's exact day, when it gives one
    interdicted: bool  # the lead is a seizure: a seizure on another day is another event


def unit_of(mentions: list[Mention]) -> Unit:
    lead = max(mentions, key=lambda m: _precision(m.claim.when))
    when = lead.claim.when
    day = when if when and len(when) == 10 else None
    period = claim_period(lead.claim, lead.published)
    seen, until = period if period is not None else (None, None)
    return Unit(lead.article, mentions, seen, until, day, lead.claim.status == "interdicted")


def _precision(when: str | None) -> int:
    """How precisely a ``when`` dates its event: a day, a month, a year, a range, nothing."""
    if not when:
        return 0
    if "/" in when:
        return 1
    return {10: 4, 7: 3, 4: 2}.get(len(when), 1)


def units_of(cluster: Cluster) -> list[Unit]:
    by_article: dict[str, list[Mention]] = {}
    for m in cluster.mentions:
        by_article.setdefault(m.article, []).append(m)
    return [unit_of(mentions) for mentions in by_article.values()]


CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][\w-]*\d[\w-]*|[A-Z][a-z][\w-]+)")


def distinctive_words(claim: Claim, gaz: Gazetteer) -> set[str]:
    """The names and designations in a claim's evidence (not a state's, not a month's): what
    tells one story of a proposition from another when no date does."""
    found = {w.casefold() for w in CAPITALISED.findall(claim.evidence)}
    if claim.item and claim.item != claim.item_category:
        found |= {w.casefold() for w in re.findall(r"[\w-]+", claim.item) if len(w) > 2}
    return found - state_words(gaz)


@lru_cache(maxsize=4)
def state_words(gaz: Gazetteer) -> frozenset[str]:
    """Words that tell no story from another: the words of state names, adjectives and seats (the
    key names the states already) and the lexicon's ``story_plain_words``."""
    found: set[str] = set(gaz.lexicon["story_plain_words"]["words"])
    for state in gaz.states.values():
        forms = [state["name"], *state.get("aliases", []), *state.get("demonyms", [])]
        forms += [state.get("adjective") or "", *state.get("seats", [])]
        found.update(w.casefold() for form in forms for w in form.split())
    return frozenset(found)


# An undated report joins the story whose reports share this many names and designations with it.
MIN_SHARED_MARKS = 2


@dataclass(eq=False)
class _Group:
    units: list[Unit]
    first: date | None = None
    last: date | None = None
    day: str | None = None

    def add(self, unit: Unit) -> None:
        self.units.append(unit)
        self.first, self.last, self.day = widened(self.first, self.last, self.day, unit)


def widened(
    first: date | None, last: date | None, day: str | None, unit: Unit
) -> tuple[date | None, date | None, str | None]:
    """A story's dates once ``unit`` joins: its span is that of its reports' leads (a background
    date one report gives, "the 2015 contract", does not stretch the story), and its day is the
    first exact day any of its claims gives."""
    if unit.seen is not None and unit.until is not None:
        first, last = min(first or unit.seen, unit.seen), max(last or unit.until, unit.until)
    for m in unit.mentions:
        if day is None and m.claim.when and len(m.claim.when) == 10:
            day = m.claim.when
    return first, last, day


def story_span(units: Iterable[Unit]) -> tuple[date | None, date | None, str | None, int]:
    """A story's first and last dates, its day and its undated reports, from its reports alone
    (taken in the partition's order, so the day is the same whatever order they came in)."""
    first: date | None = None
    last: date | None = None
    day: str | None = None
    ordered = sorted(units, key=_order)
    for unit in ordered:
        first, last, day = widened(first, last, day, unit)
    return first, last, day, sum(1 for u in ordered if u.seen is None)


def admits(first: date | None, last: date | None, day: str | None, unit: Unit) -> bool:
    """Whether a dated report tells of the event of a story spanning ``first``..``last``."""
    if unit.interdicted and unit.day and day and unit.day != day:
        return False  # two seizures on two days are two events
    if unit.seen is None or unit.until is None or first is None or last is None:
        return True
    window = STORY_WINDOW_DAYS
    return (first - unit.until).days <= window and (unit.seen - last).days <= window


def _distance(group: _Group, unit: Unit) -> int:
    assert group.first is not None and group.last is not None
    assert unit.seen is not None and unit.until is not None
    return max((group.first - unit.until).days, (unit.seen - group.last).days, 0)


def _order(unit: Unit) -> tuple[bool, date, date, str]:
    """Oldest report first, undated last: the order a partition reads reports in."""
    return (unit.seen is None, unit.seen or date.min, unit.until or date.min, unit.article)


def partition(units: Iterable[Unit], gaz: Gazetteer) -> list[list[Unit]]:
    """The stories of one proposition, as a function of its reports alone (never of the order
    they came in). Dated reports, oldest first, join the nearest story whose window admits them;
    an undated report joins the story that shares the most names and designations with it (at
    least ``MIN_SHARED_MARKS``), else starts its own."""
    units = list(units)
    groups: list[_Group] = []
    for unit in sorted((u for u in units if u.seen is not None), key=_order):
        fits = [(n, g) for n, g in enumerate(groups) if admits(g.first, g.last, g.day, unit)]
        if fits:
            min(fits, key=lambda pair: (_distance(pair[1], unit), pair[0]))[1].add(unit)
        else:
            groups.append(_Group([]))
            groups[-1].add(unit)
    undated = sorted((u for u in units if u.seen is None), key=lambda u: u.article)
    # names are read only when a report needs them: most propositions have no undated report
    marks = [set().union(*(unit_marks(u, gaz) for u in g.units)) for g in groups] if undated else []
    for unit in undated:
        own = unit_marks(unit, gaz)
        best = max(range(len(groups)), key=lambda n: (len(own & marks[n]), -n), default=None)
        if best is not None and len(own & marks[best]) >= MIN_SHARED_MARKS:
            groups[best].add(unit)
            marks[best] |= own
        else:
            groups.append(_Group([]))
            groups[-1].add(unit)
            marks.append(set(own))
    return [g.units for g in groups]


def unit_marks(unit: Unit, gaz: Gazetteer) -> set[str]:
    """The names and designations a report's evidence gives, to place it when it is undated."""
    return {w for m in unit.mentions for w in distinctive_words(m.claim, gaz)}


@dataclass(eq=False)
class ClusterIndex:
    """Clusters by proposition, with an index from key to candidate clusters.

    Clusters are what ``partition`` makes of all the reports of a proposition, whatever the order
    they are added in. Adding a report recomputes only its neighbourhood: the stories whose
    windows reach it, and theirs in turn (and every story of the proposition when some report of
    it gives no date); a report that joins the one story near it, moving nothing, is filed at once.
    """

    gaz: Gazetteer
    by_key: dict[Key, list[Cluster]] = field(default_factory=dict)
    # Per key, clusters by the months their dates span, so a dated claim is compared only with
    # clusters near its date: filing cost follows the candidates, not the corpus.
    by_month: dict[tuple[Key, int], list[Cluster]] = field(default_factory=dict)
    undated_keys: set[Key] = field(default_factory=set)
    ranks: dict[Key, int] = field(default_factory=dict)

    def add(self, article: Article, claims: Iterable[Claim]) -> list[Cluster]:
        """File one article's claims; returns the clusters it touched (emptied ones included)."""
        touched: list[Cluster] = []
        groups: dict[Key, list[Claim]] = {}
        for claim in claims:
            groups.setdefault(claim_key(claim), []).append(claim)
        voices = Voices(article.text, self.gaz)
        for key, group in groups.items():
            unit = unit_of([mention_of(claim, article, self.gaz, voices) for claim in group])
            touched.extend(self._place(key, unit))
        return list(dict.fromkeys(touched))

    def _place(self, key: Key, unit: Unit) -> list[Cluster]:
        """File one report: at once when it joins the one story near it without moving any other
        report, else by the partition of its neighbourhood."""
        undated = unit.seen is None or self._has_undated(key)
        near = self._all(key) if undated else self._overlapping(key, unit.seen, unit.until)
        if not near:
            cluster = self._new_cluster(key, unit.seen)
            self._join(cluster, unit)
            return [cluster]
        if not undated and len(near) == 1 and self._joins_alone(near[0], unit):
            self._join(near[0], unit)
            return [near[0]]
        region = near if undated else self._closure(key, near)
        units = [u for c in region for u in self._units(c)] + [unit]
        return self._rewrite(key, region, partition(units, self.gaz))

    def neighbourhood(self, key: Key, cluster: Cluster) -> list[Cluster]:
        """The stories a story's reports may move among: those its window reaches, and theirs."""
        if cluster.first is None or self._has_undated(key):
            return self._all(key)
        return self._closure(key, [cluster])

    def repartition(self, key: Key, region: list[Cluster]) -> list[Cluster]:
        """Partition a neighbourhood anew (after it lost reports); returns the clusters touched."""
        return self._rewrite(key, region, partition([u for c in region for u in self._units(c)], self.gaz))

    @staticmethod
    def _joins_alone(cluster: Cluster, unit: Unit) -> bool:
        """Whether the partition of the story plus this report is the story with the report added:
        it is in the window, and brings no seizure day that could part the story's reports."""
        if cluster.first is None or not admits(cluster.first, cluster.last, cluster.day, unit):
            return False
        return unit.day is None or cluster.day is None or unit.day == cluster.day

    def _closure(self, key: Key, near: list[Cluster]) -> list[Cluster]:
        """The stories ``near`` and every story whose window reaches theirs, until none is added."""
        found = {c.id: c for c in near}
        while True:
            dated = [c for c in found.values() if c.first is not None and c.last is not None]
            low = min(c.first for c in dated if c.first is not None)
            high = max(c.last for c in dated if c.last is not None)
            more = [c for c in self._overlapping(key, low, high) if c.id not in found]
            if not more:
                return sorted(found.values(), key=lambda c: c.rank)
            found.update((c.id, c) for c in more)

    def _units(self, cluster: Cluster) -> list[Unit]:
        return units_of(cluster)

    def _join(self, cluster: Cluster, unit: Unit) -> None:
        cluster.mentions.extend(unit.mentions)
        cluster.first, cluster.last, cluster.day = widened(cluster.first, cluster.last, cluster.day, unit)
        if unit.seen is None:
            cluster.undated += 1
        self._index(cluster)

    def _rewrite(self, key: Key, region: list[Cluster], parts: list[list[Unit]]) -> list[Cluster]:
        """Give each part of the partition a cluster: the region's cluster that holds most of its
        articles keeps its id; a part with none gets a new one; a cluster left out is emptied."""
        spare = list(region)
        result: list[Cluster] = []
        for part in parts:
            articles = {u.article for u in part}
            best = max(spare, key=lambda c: (len(articles & set(c.articles)), -c.rank), default=None)
            if best is not None and articles & set(best.articles):
                spare.remove(best)
                self._unindex(best)
                best.mentions, best.first, best.last, best.day, best.undated = [], None, None, None, 0
            else:
                best = self._new_cluster(key, min((u.seen for u in part if u.seen), default=None))
            for unit in part:
                self._join(best, unit)
            result.append(best)
        for cluster in spare:
            self._unindex(cluster)
            cluster.mentions, cluster.undated = [], 0
            self._drop(cluster)
        return result + spare

    # The index: in memory here, the store's tables in ``store.linking.StoredClusterIndex``.

    def _has_undated(self, key: Key) -> bool:
        return key in self.undated_keys

    def _all(self, key: Key) -> list[Cluster]:
        return list(self.by_key.get(key, []))

    def _overlapping(self, key: Key, low: date | None, high: date | None) -> list[Cluster]:
        """The dated clusters of ``key`` whose window reaches [low, high], oldest first."""
        assert low is not None and high is not None
        window = timedelta(days=STORY_WINDOW_DAYS)
        low = max(low, date.min + window) - window
        high = min(high, date.max - window) + window
        pool: dict[int, Cluster] = {}
        for month in range(_month(low), _month(high) + 1):
            for c in self.by_month.get((key, month), []):
                if c.first is not None and c.last is not None and c.first <= high and c.last >= low:
                    pool[id(c)] = c
        return sorted(pool.values(), key=lambda c: c.rank)

    def _new_cluster(self, key: Key, seen: date | None) -> Cluster:
        rank = self.ranks.get(key, 0)
        self.ranks[key] = rank + 1
        cluster = Cluster(cluster_id(key, seen, rank), *key, rank=rank)
        self.by_key.setdefault(key, []).append(cluster)
        return cluster

    def _index(self, cluster: Cluster) -> None:
        key = (cluster.type, cluster.agent, cluster.recipient, cluster.item_category)
        if cluster.undated:
            self.undated_keys.add(key)
        if cluster.first is None or cluster.last is None:
            return
        for month in range(_month(cluster.first), _month(cluster.last) + 1):
            if month not in cluster.months:
                cluster.months.add(month)
                self.by_month.setdefault((key, month), []).append(cluster)

    def _unindex(self, cluster: Cluster) -> None:
        key = (cluster.type, cluster.agent, cluster.recipient, cluster.item_category)
        for month in cluster.months:
            self.by_month[(key, month)].remove(cluster)
        cluster.months = set()

    def _drop(self, cluster: Cluster) -> None:
        key = (cluster.type, cluster.agent, cluster.recipient, cluster.item_category)
        self.by_key[key].remove(cluster)

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


def _month(day: date) -> int:
    return day.year * 12 + day.month - 1


def cluster_id(key: Key, seen: date | None, n: int) -> str:
    """Stable across runs: the proposition, its first date and its rank among same-key clusters."""
    raw = "|".join(str(part) for part in (*key, seen.isoformat() if seen else "", n))
    return "c-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12]


def clusters_json(index: ClusterIndex) -> dict[str, Any]:
    """The clusters-json export of SCHEMA.md."""
    return {"clusters": [c.to_json(index.gaz) for c in index.clusters]}
