"""Which state a source speaks for: by its own name, by the officials gazetteer, or by the title
the article gives it where it names the person (link/voices.py)."""

from __future__ import annotations

import pytest

from armstrail.analyse.gazetteer import Gazetteer
from armstrail.link.origins import denier_of
from armstrail.link.voices import Voices, name_state, titled_state
from armstrail.model import Claim, Source


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Iranian mission to the United Nations", "IRN"),  # the head before "to the ..."
        ("UAE Ministry of Foreign Affairs", "ARE"),
        ("Emirati embassy in Washington", "ARE"),  # Washington is a seat, but not the head
        ("two Israeli officials", "ISR"),  # a count says how many, not whose
        ("Seyed Abbas Araghchi", "IRN"),  # the gazetteer's Abbas Araghchi, with a first name more
        ("Mao Ning", "CHN"),
        ("Myanmar's ambassador to the UN", "MMR"),  # a title naming one state
    ],
)
def test_name_state(gaz: Gazetteer, name: str, iso3: str) -> None:
    assert name_state(name, gaz) == iso3


@pytest.mark.parametrize("name", ["Reuters", "Micael Johansson", "three people familiar with the matter"])
def test_no_name_state(gaz: Gazetteer, name: str) -> None:
    assert name_state(name, gaz) is None


@pytest.mark.parametrize(
    ("text", "name", "iso3"),
    [
        ("Russia's envoy in Vienna, Mikhail Ulyanov, called it void.", "Mikhail Ulyanov", "RUS"),
        ("North Korea's Kim Yo Jong dismissed the report.", "Kim Yo Jong", "PRK"),
        (
            "Fazlollah Nozari, a senior Iranian military commander, said no missile was sent.",
            "Fazlollah Nozari",
            "IRN",
        ),
        ("Ali Sadeq, Sudan's acting foreign minister, has said so.", "Ali Sadeq", "SDN"),
        ("Chinese foreign ministry spokesperson Mao Ning said so.", "Mao Ning", "CHN"),
        (
            "Azerbaijan's defence ministry spokesman Vagif Dyargahly called it a lie.",
            "Vagif Dyargahly",
            "AZE",
        ),
    ],
)
def test_titled_state(gaz: Gazetteer, text: str, name: str, iso3: str) -> None:
    assert titled_state(name, text, gaz) == iso3


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a state named near the person, but no title says the person speaks for it
        ("Iran sent drones, said Sergey Ivanov, an analyst.", "Sergey Ivanov"),
        ("Swedish defence group Saab grew, chief executive Micael Johansson said.", "Micael Johansson"),
        ("Ulyanov, who criticised Iran, spoke on Monday.", "Ulyanov"),
    ],
)
def test_no_titled_state(gaz: Gazetteer, text: str, name: str) -> None:
    assert titled_state(name, text, gaz) is None


def denial(*sources: Source) -> Claim:
    return Claim(
        "TRANSFER",
        "IRN",
        "RUS",
        "missiles",
        "ballistic-missile",
        None,
        None,
        "occurred",
        "denies",
        sources,
        "x",
        0,
        1,
    )


def test_the_denier_is_the_voice_that_denies_not_the_outlet_reporting_it(gaz: Gazetteer) -> None:
    text = "Commander Fazlollah Nozari, an Iranian general, told Iranian media no missile was sent."
    chain = (Source("Iranian media", "media"), Source("Fazlollah Nozari", "official-named"))
    assert denier_of(denial(*chain), gaz, Voices(text, gaz)) == "IRN"
    assert denier_of(denial(Source("Bloomberg", "media")), gaz, Voices("", gaz)) == "Bloomberg"


def test_a_company_is_never_a_state_voice(gaz: Gazetteer) -> None:
    text = "Israeli company Aeronautics Defense Systems, an Israeli defence contractor, denied it."
    assert Voices(text, gaz).state_of(Source("Aeronautics Defense Systems", "organisation")) is None
