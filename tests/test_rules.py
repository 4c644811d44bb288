"""Cross-table rules declared in the schemas (crrd.rules): each broken on purpose, with its exact message."""

from __future__ import annotations

import pytest
from conftest import Pkg

from crrd.validation import validate_package


def _line(pkg: Pkg, table: str, row_id: str) -> int:
    return next(n for n, r in enumerate(pkg.rows(table), start=1) if r[0] == row_id)


def _problems(pkg: Pkg) -> list[str]:
    return [p.text() for p in validate_package(pkg.root)]


def _set(pkg: Pkg, table: str, row_id: str, column: str, value: str) -> int:
    line = _line(pkg, table, row_id)
    pkg.set(table, line, column, value)
    return line


def test_the_shipped_package_keeps_every_rule(pkg: Pkg) -> None:
    assert _problems(pkg) == []


def test_rus_before_the_end_of_the_ussr(pkg: Pkg) -> None:
    line = _set(pkg, "events", "evt-0002", "actors", "CHN;RUS")
    assert _problems(pkg) == [
        f"data/events.csv:{line}:actors: RUS is valid from 1991-12-26; on 1950-02-14 use SUN (the USSR)"
    ]


def test_sun_after_the_end_of_the_ussr(pkg: Pkg) -> None:
    line = _set(pkg, "unsc_vetoes", "vet-0002", "vetoed_by", "CHN;SUN")
    assert _problems(pkg) == [
        f"data/unsc_vetoes.csv:{line}:vetoed_by: SUN (the USSR) is not valid after 1991-12-25 (vote_date 1997-01-10); use RUS"
    ]


def test_an_official_number_used_twice(pkg: Pkg) -> None:
    line = _set(pkg, "military_activities", "mil-0040", "sequence_number", "2")
    other = _line(pkg, "military_activities", "mil-0035")
    assert (
        f"data/military_activities.csv:{line}:sequence_number: number 2 of 'Joint strategic air patrol/air_patrol' is also on mil-0035 (line {other}); official numbers are unique"
        in _problems(pkg)
    )


def test_a_gap_in_an_official_series(pkg: Pkg) -> None:
    _set(pkg, "military_activities", "mil-0040", "sequence_number", "")
    line = _line(pkg, "military_activities", "mil-0043")
    assert _problems(pkg) == [
        f"data/military_activities.csv:{line}:sequence_number: 'Joint strategic air patrol/air_patrol' jumps from 2 (mil-0035) to 4: no row numbered 3; add it, or name the gap (3) in this row's notes"
    ]


def test_two_activity_types_in_one_series(pkg: Pkg) -> None:
    line = _set(pkg, "military_activities", "mil-0019", "activity_type", "command_post")
    assert _problems(pkg) == [
        f"data/military_activities.csv:{line}:activity_type: 'command_post' differs from 'exercise' of the other rows of 'Cooperation' "
        "(mil-0004, mil-0010, mil-0024, mil-0031); use one value, or explain in the notes (with the words 'activity type')"
    ]


def test_deliveries_before_the_order(pkg: Pkg) -> None:
    line = _set(pkg, "arms_transfers", "arm-0011", "notes", "No explanation.")
    assert _problems(pkg) == [
        f"data/arms_transfers.csv:{line}:delivery_start_year: delivery_start_year 2002 is before order_year 2003; correct it, or explain in the notes (with the words 'before the order')"
    ]


def test_abstentions_the_tally_gives(pkg: Pkg) -> None:
    line = _set(pkg, "unsc_vetoes", "vet-0002", "abstentions", "")
    assert _problems(pkg) == [
        f"data/unsc_vetoes.csv:{line}:abstentions: empty, but the tally gives it: 15 members - 14 for - 1 against = 0 (if every member voted); fill it in"
    ]


def test_a_tally_above_the_council(pkg: Pkg) -> None:
    line = _set(pkg, "unsc_vetoes", "vet-0002", "abstentions", "3")
    assert _problems(pkg) == [
        f"data/unsc_vetoes.csv:{line}:abstentions: 14 for + 1 against + 3 abstentions = 18, more than the 15 members"
    ]


def test_a_value_that_disagrees_with_its_linked_row(pkg: Pkg) -> None:
    line = _set(pkg, "energy_projects", "prj-0010", "operation_start_year", "2018")
    event = _line(pkg, "events", "evt-0055")
    assert _problems(pkg) == [
        f"data/energy_projects.csv:{line}:operation_start_year: operation_start_year 2018 disagrees with evt-0055 (events, line {event}: start_date 2019-12-02); the two must agree"
    ]


def test_a_source_cited_twice_by_one_row(pkg: Pkg) -> None:
    main = pkg.get("leader_meetings", 2, "source_id")
    others = pkg.get("leader_meetings", 2, "other_source_ids")
    pkg.set("leader_meetings", 2, "other_source_ids", f"{others};{main}" if others else main)
    assert _problems(pkg) == [
        f"data/leader_meetings.csv:2:other_source_ids: {main!r} is already the row's source_id; cite a source once"
    ]


@pytest.mark.parametrize("bad", ["\u200b", "\u202e", "\u2066"])
def test_invisible_and_bidirectional_characters(pkg: Pkg, bad: str) -> None:
    line = _set(pkg, "events", "evt-0002", "title", f"Treaty{bad} signed")
    assert _problems(pkg) == [
        f"data/events.csv:{line}:title: invisible or bidirectional control character U+{ord(bad):04X} in the text; it can make a page show something other than the file holds"
    ]
