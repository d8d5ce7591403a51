"""`spcp backup` and `spcp restore`: a forum in the middle of its vote survives with every ballot."""

from __future__ import annotations

import uuid

import pytest

from spcp.common.backup import BackupError, backup_suffix, database_backup, database_restore
from spcp.forum import selectors, services
from spcp.forum.models import DotBallot
from tests.forum.test_services import _open_vote


def _vote(room, people, dots):
    for n, person in enumerate(people):
        services.dots_cast(forum=room.forum, participant=person, dots=dots(n), revision=1, client_token=uuid.uuid4())


# pg_dump reads committed data from its own connection; the data migrations (regions, offices) are put back after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_forum_mid_vote_comes_back_from_a_backup_with_every_ballot(room, tmp_path):
    a, b, c, _d = _open_vote(room)
    _vote(room, room.people[:12], lambda n: {a.pk: 2, b.pk: 1} if n % 2 else {c.pk: 3})
    tally_at_backup = selectors.dot_tally(forum=room.forum)
    assert sum(tally_at_backup.values()) == 36

    backup = database_backup(out=tmp_path / f"forum{backup_suffix()}")

    # After the backup: more votes, then the ballots are lost.
    _vote(room, room.people[12:], lambda n: {_d.pk: 1})
    DotBallot.objects.all().delete()
    assert selectors.dot_tally(forum=room.forum) == {}

    database_restore(source=backup)
    assert selectors.dot_tally(forum=room.forum) == tally_at_backup
    assert DotBallot.objects.filter(forum=room.forum).count() == 12
    room.forum.refresh_from_db()
    assert room.forum.voting_open


@pytest.mark.django_db
def test_a_backup_never_overwrites_a_file_and_a_restore_refuses_another_kind_of_file(tmp_path):
    taken = tmp_path / "taken"
    taken.write_text("keep me")
    with pytest.raises(BackupError, match="already exists"):
        database_backup(out=taken)
    assert taken.read_text() == "keep me"
    with pytest.raises(BackupError, match="is not a"):
        database_restore(source=taken)
    with pytest.raises(BackupError, match="does not exist"):
        database_restore(source=tmp_path / "missing")
