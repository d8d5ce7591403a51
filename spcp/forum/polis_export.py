"""The responses round in Pol.is's export format, the de-facto format outside analysis tools read.

Three CSV files, laid out as Pol.is's own data export writes them (compdemocracy/polis, server/src/routes/
export.ts and the math export of participants-votes), in a zip:

- comments.csv: timestamp, datetime, comment-id, author-id, agrees, disagrees, moderated, comment-body
- votes.csv: timestamp, datetime, comment-id, voter-id, vote
- participants-votes.csv: participant, group-id, n-comments, n-votes, n-agree, n-disagree, then one column
  per comment id (1 agree, -1 disagree, 0 pass, empty when not answered)

A comment is a solution, a vote an agree (1) / disagree (-1) / pass (0) answer, as in Pol.is's exports;
`timestamp` is Unix seconds and `datetime` the JavaScript `Date` string Pol.is writes, in UTC. Removed
solutions and voided ballots are left out, as they are from the results. `moderated` is 1 (accepted) for
every solution, the only kind that reaches the phones. `group-id` is the participant's opinion group (the
results page's, groups of five or more), empty when they answered too few solutions to be placed.

Pseudonymous ids only: participants are numbered 0, 1, 2 … in an order drawn at random for each export (so
the numbering does not follow check-in order, which the desk could match to a sign-in sheet), and the same
number stands for the same person in all three files. No name, ticket, token, sector or language is written.
Comments are numbered 0, 1, 2 … by the order they were written. Every cell goes through
`spcp.common.csv_export` (formula cells neutralised). UTF-8 without a byte-order mark and `\\n` line ends,
as Pol.is writes them, so its readers take the header as it is.
"""

from __future__ import annotations

import datetime
import io
import secrets
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from spcp.common.csv_export import Cell, csv_writer

COMMENTS_HEADER = (
    "timestamp",
    "datetime",
    "comment-id",
    "author-id",
    "agrees",
    "disagrees",
    "moderated",
    "comment-body",
)
VOTES_HEADER = ("timestamp", "datetime", "comment-id", "voter-id", "vote")
PARTICIPANTS_HEADER = ("participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree")
FILES = ("comments.csv", "votes.csv", "participants-votes.csv")


@dataclass(frozen=True)
class Comment:
    key: int  # the solution's primary key (never written)
    text: str
    created: datetime.datetime
    author: int | None  # the author participant's primary key, if a participant wrote it


@dataclass(frozen=True)
class Vote:
    participant: int  # primary key (never written)
    comment: int  # the solution's primary key (never written)
    value: int  # 1 agree, -1 disagree, 0 pass
    at: datetime.datetime


@dataclass(frozen=True)
class Round:
    comments: Sequence[Comment]
    votes: Sequence[Vote]
    participants: Sequence[int]  # primary keys of the participants who count (ballot not voided)
    groups: dict[int, int]  # participant primary key -> opinion group (absent: not placed)


def _seconds(at: datetime.datetime) -> int:
    return int(at.timestamp())


def _js_datetime(at: datetime.datetime) -> str:
    """The string JavaScript's `new Date(ms).toString()` gives in UTC, as Pol.is writes its `datetime` column."""
    utc = at.astimezone(datetime.UTC)
    return utc.strftime("%a %b %d %Y %H:%M:%S GMT+0000 (Coordinated Universal Time)")


def pseudonyms(participants: Sequence[int], *, shuffle: bool = True) -> dict[int, int]:
    """Participant primary key -> the export's pseudonymous id 0..n-1, in a fresh random order by default."""
    order = list(participants)
    if shuffle:
        secrets.SystemRandom().shuffle(order)
    return {pk: i for i, pk in enumerate(order)}


def _csv(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def polis_files(data: Round, ids: dict[int, int]) -> dict[str, bytes]:
    """The three CSV files' bytes, by file name, for the round `data` with pseudonymous ids `ids`."""
    comment_ids = {c.key: i for i, c in enumerate(sorted(data.comments, key=lambda c: (c.created, c.key)))}
    votes = sorted(
        (v for v in data.votes if v.participant in ids and v.comment in comment_ids),
        key=lambda v: (comment_ids[v.comment], ids[v.participant]),
    )
    agrees = dict.fromkeys(comment_ids, 0)
    disagrees = dict.fromkeys(comment_ids, 0)
    by_voter: dict[int, dict[int, int]] = {}
    for v in votes:
        agrees[v.comment] += v.value == 1
        disagrees[v.comment] += v.value == -1
        by_voter.setdefault(v.participant, {})[comment_ids[v.comment]] = v.value
    authored: dict[int, int] = {}
    for c in data.comments:
        if c.author in ids:
            authored[c.author] = authored.get(c.author, 0) + 1

    comments = sorted(data.comments, key=lambda c: comment_ids[c.key])
    comment_rows: list[list[Cell]] = [
        [
            _seconds(c.created),
            _js_datetime(c.created),
            comment_ids[c.key],
            ids.get(c.author) if c.author is not None else None,
            agrees[c.key],
            disagrees[c.key],
            1,
            c.text,
        ]
        for c in comments
    ]
    vote_rows: list[list[Cell]] = [
        [_seconds(v.at), _js_datetime(v.at), comment_ids[v.comment], ids[v.participant], v.value] for v in votes
    ]
    # As in Pol.is, a participant row for everyone who voted or wrote a comment, in pseudonymous order.
    people = sorted({*by_voter, *authored}, key=lambda pk: ids[pk])
    participant_rows: list[list[Cell]] = []
    for pk in people:
        answers = by_voter.get(pk, {})
        participant_rows.append(
            [
                ids[pk],
                data.groups.get(pk),
                authored.get(pk, 0),
                len(answers),
                sum(1 for value in answers.values() if value == 1),
                sum(1 for value in answers.values() if value == -1),
                *(answers.get(i) for i in range(len(comment_ids))),
            ]
        )
    return {
        "comments.csv": _csv(COMMENTS_HEADER, comment_rows),
        "votes.csv": _csv(VOTES_HEADER, vote_rows),
        "participants-votes.csv": _csv(
            (*PARTICIPANTS_HEADER, *(str(i) for i in range(len(comment_ids)))), participant_rows
        ),
    }


def polis_zip(files: dict[str, bytes]) -> bytes:
    """The files in one zip archive (deflated), in Pol.is's order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in FILES:
            archive.writestr(name, files[name])
    return out.getvalue()
