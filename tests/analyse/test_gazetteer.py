"""analyse/gazetteer.py and the data files it loads (docs/data-files.md): what the product promises
about coverage and consistency, and what ``find`` sees in sentences."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest

from armstrail.analyse.gazetteer import (
    DATA_FILES,
    DEMONYM,
    GROUP,
    ITEM,
    NAME,
    OFFICIAL,
    ORGAN,
    OUTLET,
    SEAT,
    STATE,
    WEAPON,
    Gazetteer,
    Mention,
    load_data,
)
from armstrail.model import ITEM_CATEGORIES

# file -> (list key, extra alias lists of an entry)
ALIAS_FILES = {
    "states": ("states", ("seats", "demonyms")),
    "organs": ("organs", ()),
    "groups": ("groups", ()),
    "officials": ("officials", ()),
    "outlets": ("outlets", ()),
    "weapons": ("weapons", ()),
}


def _entries(gaz: Gazetteer, name: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = gaz.data[name][ALIAS_FILES[name][0]]
    return entries


def _found(nlp: Any, gaz: Gazetteer, text: str) -> dict[str, Mention]:
    doc = nlp(text)
    return {doc[m.start : m.end].text: m for m in gaz.find(doc)}


# -- the data files -----------------------------------------------------------------------------


def test_every_data_file_loads_with_a_version() -> None:
    data = load_data()
    assert set(data) == set(DATA_FILES)
    for name, doc in data.items():
        assert isinstance(doc, dict), name
        assert isinstance(doc.get("version"), str) and len(doc["version"]) == 10, name


@pytest.mark.parametrize(
    ("name", "at_least"),
    [("states", 193), ("outlets", 150), ("weapons", 300), ("officials", 200)],
)
def test_counts_meet_the_promise(gaz: Gazetteer, name: str, at_least: int) -> None:
    assert len(_entries(gaz, name)) >= at_least


def test_states_have_unique_iso3_codes_and_an_adjective(gaz: Gazetteer) -> None:
    states = _entries(gaz, "states")
    codes = [s["iso3"] for s in states]
    assert len(codes) == len(set(codes))
    assert all(len(c) == 3 and c.isascii() and c.isupper() for c in codes)
    assert [s["iso3"] for s in states if not s.get("adjective")] == []
    assert {"USA", "RUS", "IRN", "UKR", "PRK", "KOR", "DEU", "CHN", "ISR", "YEM"} <= set(codes)


def test_every_weapon_category_is_a_schema_category(gaz: Gazetteer) -> None:
    bad = [w["name"] for w in _entries(gaz, "weapons") if w["category"] not in ITEM_CATEGORIES]
    assert bad == []


def test_generic_item_categories_are_schema_categories(gaz: Gazetteer) -> None:
    assert set(gaz.items["items"]) <= set(ITEM_CATEGORIES)
    assert set(gaz.items["abbreviations"].values()) <= set(ITEM_CATEGORIES)


def test_every_weapon_parent_is_a_weapon(gaz: Gazetteer) -> None:
    weapons = _entries(gaz, "weapons")
    names = {w["name"] for w in weapons}
    with_parent = [w for w in weapons if w.get("parent")]
    assert with_parent, "the variants (Leopard 2A6 ...) name their family"
    assert [w["name"] for w in with_parent if w["parent"] not in names] == []
    assert [w["name"] for w in with_parent if w["parent"] == w["name"]] == []


@pytest.mark.parametrize("name", ["officials", "organs"])
def test_official_and_organ_states_are_known(gaz: Gazetteer, name: str) -> None:
    states = {s["iso3"] for s in _entries(gaz, "states")}
    groups = {g["name"] for g in _entries(gaz, "groups")}
    bad = [e["name"] for e in _entries(gaz, name) if e.get("state") not in states | groups]
    assert bad == []


def test_group_kinds_and_bases(gaz: Gazetteer) -> None:
    states = {s["iso3"] for s in _entries(gaz, "states")}
    for group in _entries(gaz, "groups"):
        assert group["kind"] in ("armed-group", "company", "organisation"), group["name"]
        assert group.get("base") is None or group["base"] in states, group["name"]


@pytest.mark.parametrize("name", sorted(ALIAS_FILES))
def test_no_alias_is_shared_within_a_file(gaz: Gazetteer, name: str) -> None:
    """Outlets' ``short`` aliases ("the Post") are shared on purpose: they count only where the
    full name is in the article, so they are left out here."""
    owners: dict[str, set[str]] = {}
    extra = ALIAS_FILES[name][1]
    for entry in _entries(gaz, name):
        aliases = [entry["name"], *entry.get("aliases", [])]
        for key in extra:
            aliases += entry.get(key, [])
        for alias in aliases:
            owners.setdefault(alias.casefold(), set()).add(entry["name"])
    assert {a: sorted(o) for a, o in owners.items() if len(o) > 1} == {}


# -- find ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "kind", "name", "code", "form"),
    [
        (
            "The Washington Post reported the deal.",
            "The Washington Post",
            OUTLET,
            "The Washington Post",
            None,
            NAME,
        ),
        (
            "It was first reported by the Washington Post.",
            "the Washington Post",
            OUTLET,
            "The Washington Post",
            None,
            NAME,
        ),
        ("The Kremlin denied the report.", "Kremlin", STATE, "Russia", "RUS", SEAT),
        ("Tehran has supplied drones.", "Tehran", STATE, "Iran", "IRN", SEAT),
        ("Iranian drones hit the city.", "Iranian", STATE, "Iran", "IRN", DEMONYM),
        ("Germany will send tanks.", "Germany", STATE, "Germany", "DEU", NAME),
        ("CENTCOM said the ship was seized.", "CENTCOM", ORGAN, "US Central Command", "USA", NAME),
        ("The Pentagon said so.", "Pentagon", ORGAN, "US Department of Defense", "USA", NAME),
        ("Houthi fighters fired missiles.", "Houthi", GROUP, "Houthis", "Houthis", NAME),
        ("Ansar Allah claimed the attack.", "Ansar Allah", GROUP, "Houthis", "Houthis", NAME),
        ("John Kirby told reporters.", "John Kirby", OFFICIAL, "John Kirby", "USA", NAME),
    ],
)
def test_find_names_actors_and_outlets(
    nlp: Any, gaz: Gazetteer, text: str, span: str, kind: str, name: str, code: str | None, form: str
) -> None:
    found = _found(nlp, gaz, text)
    assert span in found, sorted(found)
    entry = found[span].entry
    assert (entry.kind, entry.name, entry.code, entry.form) == (kind, name, code, form)
    assert found[span].is_actor == (kind in (STATE, ORGAN, GROUP, OFFICIAL))


@pytest.mark.parametrize(
    ("text", "span", "kind", "name", "category"),
    [
        ("Russia fired a Shahed-136 at the port.", "Shahed-136", WEAPON, "Shahed-136", "uav"),
        ("Russia fired Geran-2 drones.", "Geran-2", WEAPON, "Shahed-136", "uav"),
        ("Germany sent Leopard 2 to Ukraine.", "Leopard 2", WEAPON, "Leopard 2", "armoured-vehicle"),
        ("Spain sent six Leopards.", "Leopards", WEAPON, "Leopard 2", "armoured-vehicle"),
        ("Iran sent drones.", "drones", ITEM, "drone", "uav"),
        ("Iran sent UAVs.", "UAVs", ITEM, "UAVs", "uav"),
        (
            "Iran sent Unmanned Aerial Vehicles.",
            "Unmanned Aerial Vehicles",
            ITEM,
            "unmanned aerial vehicle",
            "uav",
        ),
        (
            "Russia bought artillery shells.",
            "artillery shells",
            ITEM,
            "artillery shell",
            "artillery-ammunition",
        ),
    ],
)
def test_find_names_weapons_and_generic_items(
    nlp: Any, gaz: Gazetteer, text: str, span: str, kind: str, name: str, category: str
) -> None:
    found = _found(nlp, gaz, text)
    assert span in found, sorted(found)
    entry = found[span].entry
    assert (entry.kind, entry.name, entry.category) == (kind, name, category)
    assert not found[span].is_actor


def test_longest_match_wins(nlp: Any, gaz: Gazetteer) -> None:
    found = _found(nlp, gaz, "Germany sent Leopard 2A6 tanks, not Leopard 2 tanks.")
    variant = found["Leopard 2A6"].entry
    assert (variant.name, variant.parent, variant.category) == (
        "Leopard 2A6",
        "Leopard 2",
        "armoured-vehicle",
    )
    # "Leopard 2 tanks" is an alias of the family: longer than "Leopard 2" and than "tanks"
    assert found["Leopard 2 tanks"].entry.name == "Leopard 2"
    assert "tanks" in found  # the bare generic word after the variant is still an item
    assert found["tanks"].entry.kind == ITEM


def test_mentions_do_not_overlap_and_are_in_text_order(nlp: Any, gaz: Gazetteer) -> None:
    doc = nlp(
        "The Washington Post said US Central Command seized Iranian Shahed-136 drones bound for "
        "Houthi rebels."
    )
    mentions = gaz.find(doc)
    starts = [m.start for m in mentions]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in pairwise(mentions))
    assert [doc[m.start : m.end].text for m in mentions] == [
        "The Washington Post",
        "US Central Command",
        "Iranian",
        "Shahed-136 drones",
        "Houthi rebels",
    ]


def test_nothing_is_found_in_a_sentence_without_names(nlp: Any, gaz: Gazetteer) -> None:
    assert gaz.find(nlp("The weather was mild and the markets closed higher.")) == []


def test_proper_names_match_case_sensitively(nlp: Any, gaz: Gazetteer) -> None:
    assert "iran" not in _found(nlp, gaz, "the word iran in lower case")
    assert "Iran" in _found(nlp, gaz, "the word Iran in title case")


@pytest.mark.parametrize(
    ("token", "kind", "code"),
    [
        ("U.S.-supplied", STATE, "USA"),
        ("US-made", STATE, "USA"),
        ("Iranian-made", STATE, "IRN"),
        ("Russia-backed", STATE, "RUS"),
        ("Kremlin-backed", STATE, "RUS"),
        ("Houthi-controlled", GROUP, "Houthis"),
        ("Pentagon-funded", ORGAN, "USA"),
    ],
)
def test_origin_prefix_names_the_actor_inside_a_token(
    gaz: Gazetteer, token: str, kind: str, code: str
) -> None:
    entry = gaz.origin_prefix(token)
    assert entry is not None
    assert (entry.kind, entry.code) == (kind, code)


@pytest.mark.parametrize(
    "token", ["Leopard-supplied", "foo-made", "U.S.", "Iranian", "well-supplied", "-made"]
)
def test_origin_prefix_is_none_without_an_actor_and_a_suffix(gaz: Gazetteer, token: str) -> None:
    assert gaz.origin_prefix(token) is None


def test_state_adjective(gaz: Gazetteer) -> None:
    assert gaz.state_adjective("DEU") == "German"
    assert gaz.state_adjective("KOR") == "South Korean"
    assert gaz.state_adjective("XXX") == "XXX"


def test_short_outlet_aliases_are_marked_short(nlp: Any, gaz: Gazetteer) -> None:
    found = _found(nlp, gaz, "Washington Post reporters said the Post had seen the files.")
    assert found["Washington Post"].entry.short is False
    assert found["the Post"].entry.short is True


def test_short_alias_resolves_to_the_outlet_named_in_full(ctx_for: Any) -> None:
    ctx = ctx_for("The Washington Post reported the deal. The Post said the drones arrived in August.")
    post = next(t for t in ctx.doc if t.text == "Post" and t.i > 5)
    outlet = ctx.outlet_entry(post.i)
    assert outlet is not None and outlet.name == "The Washington Post"
