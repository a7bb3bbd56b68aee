"""Sources and actors as entities: one row per source (name + kind) and per actor code, created the
first time a stored claim names them, so every chain link and every agent or recipient points at
one record the web app and queries can group by."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, insert, select

from armstrail.analyse.gazetteer import Gazetteer
from armstrail.extract.sources import state_voice
from armstrail.link.citations import is_named_outlet, outlet_name
from armstrail.store.schema import actors, sources

CHUNK = 500


def source_ids(
    connection: Connection, gaz: Gazetteer, links: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], int]:
    """The entity id of each (name, kind), creating those the store lacks."""
    wanted = set(links)
    found: dict[tuple[str, str], int] = {}
    names = sorted({name for name, _ in wanted})
    for start in range(0, len(names), CHUNK):
        rows = connection.execute(
            select(sources.c.id, sources.c.name, sources.c.kind).where(
                sources.c.name.in_(names[start : start + CHUNK])
            )
        )
        for id_, name, kind in rows:
            if (name, kind) in wanted:
                found[(name, kind)] = id_
    for name, kind in sorted(wanted - found.keys()):
        found[(name, kind)] = connection.execute(
            insert(sources).values(**source_entity(name, kind, gaz)).returning(sources.c.id)
        ).scalar_one()
    return found


def source_entity(name: str, kind: str, gaz: Gazetteer) -> dict[str, str | None]:
    """What the store records of a source: the outlet it is, or the state it speaks for."""
    outlet = outlet_name(name, gaz) if kind == "media" and is_named_outlet(name, gaz) else None
    state = state_voice(name, gaz)
    if state is None and kind == "official-named":
        official = gaz.official_states.get(name)
        state = official if official in gaz.states else None
    return {"name": name, "kind": kind, "outlet": outlet, "state": state}


def record_actors(connection: Connection, gaz: Gazetteer, codes: Iterable[str | None]) -> None:
    """Create the actors (states by ISO3, organisations by name) the store does not hold yet."""
    wanted = sorted({code for code in codes if code})
    known: set[str] = set()
    for start in range(0, len(wanted), CHUNK):
        known.update(
            connection.execute(
                select(actors.c.code).where(actors.c.code.in_(wanted[start : start + CHUNK]))
            ).scalars()
        )
    rows = [actor_entity(code, gaz) for code in wanted if code not in known]
    if rows:
        connection.execute(insert(actors), rows)


def actor_entity(code: str, gaz: Gazetteer) -> dict[str, str]:
    state = gaz.states.get(code)
    if state is not None:
        return {"code": code, "name": str(state["name"]), "kind": "state"}
    return {"code": code, "name": code, "kind": "organisation"}
