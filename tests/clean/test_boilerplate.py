"""Page furniture left in a web page's text: dropped line by line, sentences of reporting kept."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from armstrail.clean.boilerplate import DATA_FILE, is_boilerplate, strip_boilerplate


@pytest.mark.parametrize(
    "line",
    [
        "Share this article on Facebook",
        "Share",
        "Share on Twitter, LinkedIn and Email",
        "Follow us on Twitter and Telegram",
        "Sign up for our daily newsletter",
        "Photo: Reuters",
        "Photo by Jane Roe/AFP",
        "(AFP/Getty Images)",
        "(Photo by Jane Roe via Getty Images)",
        "Image credit: EPA",
        "Image credit Getty",
        "AP Photo/Efrem Lukatsky",
        "© 2024 Example News. All rights reserved.",
        "Advertisement",
        "Related stories",
        "Read more: Russia fires missiles at Kyiv",
        "We use cookies to improve your experience. Accept",
        "  share   this   story  ",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Pictures by Maxar showed Russian tanks near the border.",
        "Share prices of Rheinmetall rose 5% on Monday.",
        "Video footage showed missiles hitting the port.",
        "Related to the shipment, officials said more was coming.",
        "Reuters | Updated: 24-01-2023 23:58 IST | Created: 24-01-2023 23:58 IST",
        "The photo was taken by a drone operator near Bakhmut (Reuters/Ipsos said so).",
    ],
)
def test_reporting_is_kept(line: str) -> None:
    assert not is_boilerplate(line)


def test_strip_drops_furniture_and_repeats_and_keeps_order() -> None:
    caption = "Ukrainian soldiers fire a howitzer near Bakhmut."
    paragraphs = ["Lead.", caption, "Photo: AFP", "Second.\nShare this article", caption, "Third."]
    assert strip_boilerplate(paragraphs) == ["Lead.", caption, "Second.", "Third."]


def test_data_file_is_versioned_and_every_pattern_is_explained() -> None:
    data = json.loads((resources.files("armstrail") / "data" / DATA_FILE).read_text("utf-8"))
    assert data["version"]
    assert data["patterns"] and all(p["pattern"] and p["comment"] for p in data["patterns"])
