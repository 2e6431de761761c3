"""The feeds a stories database follows, as ``highlights follow`` and the service's poller keep them: each feed's
validators and last round, each item seen (pending until its article is stored), and the followers' lease.

Everything here is a small query on ``Store.database``; the round itself is ``follow``.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..errors import SettingsError
from ..read.feeds import FeedItem
from .store import Store, feed_items, feeds, leases

LEASE = "follow"  # the one lease: one follower at a time per database
ITEM_ATTEMPTS = 3  # rounds an item whose page failed for a reason that may pass (a timeout, a 5xx) is tried in


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def now() -> dt.datetime:
    """UTC, naive (as the database stores it)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class FeedRow:
    """A followed feed and its last round (``status``: "changed", "not_modified", "failed", or None before its first)."""

    id: int
    url: str
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    added_at: dt.datetime | None = None
    checked_at: dt.datetime | None = None
    next_at: dt.datetime | None = None
    status: str | None = None
    error: str | None = None
    message: str | None = None
    failures: int = 0
    new: int = 0
    failed: int = 0
    items: int = 0  # items seen in all (``Subscriptions.feeds``)
    stored: int = 0  # ... whose article is stored

    def to_dict(self) -> dict[str, Any]:
        """The feed as ``GET /v1/feeds`` and ``highlights feeds --format json`` give it."""
        def iso(t: dt.datetime | None) -> str | None:
            return t.replace(microsecond=0).isoformat() + "Z" if t is not None else None

        return {"id": self.id, "url": self.url, "title": self.title, "added": iso(self.added_at),
                "items": self.items, "stored": self.stored,
                "last_round": None if self.checked_at is None else {
                    "at": iso(self.checked_at), "status": self.status, "new": self.new, "failed": self.failed,
                    "error": self.error, "message": self.message, "failures_in_a_row": self.failures},
                "next_round_not_before": iso(self.next_at)}


@dataclass(frozen=True)
class PendingItem:
    """An item whose article is not stored yet: new this round, or failed before for a reason that may pass."""

    feed_id: int
    key_hash: str
    key: str
    link: str | None
    title: str | None
    published: dt.date | None
    text: str
    attempts: int


def _row(r: Any, **more: Any) -> FeedRow:
    return FeedRow(id=int(r["id"]), url=r["url"], title=r["title"], etag=r["etag"], last_modified=r["last_modified"],
                   added_at=r["added_at"], checked_at=r["checked_at"], next_at=r["next_at"], status=r["status"],
                   error=r["error"], message=r["message"], failures=int(r["failures"] or 0), new=int(r["new"] or 0),
                   failed=int(r["failed"] or 0), **more)


class Subscriptions:
    """The feed tables of one ``Store``."""

    def __init__(self, store: Store):
        self.store = store
        self.database = store.database

    # ------------------------------------------------------------------ feeds

    def subscribe(self, url: str, *, title: str | None = None) -> tuple[FeedRow, bool]:
        """The feed at ``url``, added if it was not followed yet (and whether it was added now)."""
        if not url.lower().startswith(("http://", "https://")):
            raise SettingsError(f"{url!r} is not a feed's address; give an http:// or https:// URL")
        with self.database.begin() as conn:
            found = conn.execute(sa.select(feeds).where(feeds.c.url_hash == digest(url))).mappings().first()
            if found is not None:
                return _row(found), False
            conn.execute(feeds.insert().values(url=url, url_hash=digest(url), title=title, added_at=now()))
            return _row(conn.execute(sa.select(feeds).where(feeds.c.url_hash == digest(url))).mappings().one()), True

    def remove(self, which: str | int) -> FeedRow | None:
        """Stop following a feed (by id or URL); its items' articles stay in their stories."""
        where = feeds.c.id == int(which) if isinstance(which, int) or str(which).isdigit() else \
            feeds.c.url_hash == digest(str(which))
        with self.database.begin() as conn:
            found = conn.execute(sa.select(feeds).where(where)).mappings().first()
            if found is None:
                return None
            conn.execute(feed_items.delete().where(feed_items.c.feed_id == found["id"]))
            conn.execute(feeds.delete().where(feeds.c.id == found["id"]))
            return _row(found)

    def feeds(self) -> list[FeedRow]:
        """Every feed followed, in the order they were added, with their items counted."""
        counts = (sa.select(feed_items.c.feed_id, sa.func.count().label("items"),
                            sa.func.sum(sa.case((feed_items.c.state == "stored", 1), else_=0)).label("stored"))
                  .group_by(feed_items.c.feed_id).subquery())
        query = (sa.select(feeds, counts.c["items"], counts.c.stored)
                 .outerjoin(counts, counts.c.feed_id == feeds.c.id).order_by(feeds.c.id))
        with self.database.connect() as conn:
            return [_row(r, items=int(r["items"] or 0), stored=int(r["stored"] or 0))
                    for r in conn.execute(query).mappings()]

    def checked(self, feed_id: int, *, status: str, etag: str | None = None, last_modified: str | None = None,
                title: str | None = None, error: str | None = None, message: str | None = None,
                next_at: dt.datetime | None = None, items: Sequence[FeedItem] = ()) -> int:
        """Note a feed's fetch: its new validators and status, and its items not seen before as pending (one
        transaction, so a run killed after it still has them to read); how many items were new."""
        values: dict[str, Any] = {"checked_at": now(), "status": status, "error": error, "message": message,
                                  "next_at": next_at}
        if status == "changed":
            values.update(etag=etag, last_modified=last_modified)
        if title:
            values["title"] = title
        added = 0
        with self.database.begin() as conn:
            conn.execute(feeds.update().where(feeds.c.id == feed_id).values(
                **values, failures=(feeds.c.failures + 1) if status == "failed" else 0))
            if items:
                hashes = {digest(i.key): i for i in items}
                known = set(conn.execute(sa.select(feed_items.c.key_hash).where(
                    feed_items.c.feed_id == feed_id, feed_items.c.key_hash.in_(list(hashes)))).scalars())
                rows = [{"feed_id": feed_id, "key_hash": h, "key": i.key, "link": i.link,
                         "link_hash": digest(i.link) if i.link else None, "title": i.title, "published": i.published,
                         "text": i.text, "state": "pending", "attempts": 0, "seen_at": now(), "updated_at": now()}
                        for h, i in hashes.items() if h not in known]
                if rows:
                    conn.execute(feed_items.insert(), rows)
                added = len(rows)
        return added

    def round_done(self, feed_id: int, *, new: int, failed: int) -> None:
        with self.database.begin() as conn:
            conn.execute(feeds.update().where(feeds.c.id == feed_id).values(new=new, failed=failed))

    # ------------------------------------------------------------------ items

    def pending(self, feed_ids: list[int]) -> list[PendingItem]:
        """The items of these feeds still to read: pending ones, and failed ones with attempts left, oldest first."""
        query = (sa.select(feed_items).where(
            feed_items.c.feed_id.in_(feed_ids),
            sa.or_(feed_items.c.state == "pending",
                   sa.and_(feed_items.c.state == "failed", feed_items.c.attempts < ITEM_ATTEMPTS)))
            .order_by(feed_items.c.seen_at, feed_items.c.feed_id))
        with self.database.connect() as conn:
            return [PendingItem(feed_id=int(r["feed_id"]), key_hash=r["key_hash"], key=r["key"], link=r["link"],
                                title=r["title"], published=r["published"], text=r["text"] or "",
                                attempts=int(r["attempts"])) for r in conn.execute(query).mappings()]

    def stored_link(self, link: str) -> int | None:
        """The article stored for this page by an item of any feed (the same story in two feeds is read once)."""
        with self.database.connect() as conn:
            found = conn.execute(sa.select(feed_items.c.article_id).where(
                feed_items.c.link_hash == digest(link), feed_items.c.state == "stored").limit(1)).scalar()
        return None if found is None else int(found)

    @staticmethod
    def mark_stored(conn: sa.Connection, item: PendingItem, article_id: int) -> None:
        """Mark ``item`` stored, in the transaction that stores its article (``Stories.add``'s ``on_write``)."""
        conn.execute(feed_items.update().where(feed_items.c.feed_id == item.feed_id,
                                               feed_items.c.key_hash == item.key_hash)
                     .values(state="stored", article_id=article_id, attempts=item.attempts + 1, error=None,
                             message=None, updated_at=now()))

    def stored(self, item: PendingItem, article_id: int) -> None:
        with self.database.begin() as conn:
            self.mark_stored(conn, item, article_id)

    def failed(self, item: PendingItem, *, error: str, message: str, final: bool) -> None:
        """Note an item that could not be read; ``final``: never tried again (a 404, a PDF), else it is tried in the
        next rounds, ``ITEM_ATTEMPTS`` in all."""
        with self.database.begin() as conn:
            conn.execute(feed_items.update().where(feed_items.c.feed_id == item.feed_id,
                                                   feed_items.c.key_hash == item.key_hash)
                         .values(state="failed", attempts=ITEM_ATTEMPTS if final else item.attempts + 1, error=error,
                                 message=message, updated_at=now()))

    def item_counts(self) -> dict[str, int]:
        """Items by state, for the tests and the benchmark."""
        with self.database.connect() as conn:
            rows = conn.execute(sa.select(feed_items.c.state, sa.func.count()).group_by(feed_items.c.state)).all()
        return {state: int(n) for state, n in rows}

    # ------------------------------------------------------------------ the lease

    def take_lease(self, *, seconds: float, owner: str | None = None) -> str | None:
        """Take (or renew) the followers' lease for ``seconds``: None when taken, else who holds it. A lease held by
        a process of this machine that is gone is taken over at once (a killed run restarted)."""
        me = owner or holder()
        until = now() + dt.timedelta(seconds=seconds)
        with self.database.begin() as conn:
            row = conn.execute(sa.select(leases).where(leases.c.name == LEASE).with_for_update()).mappings().first()
            if row is None:
                try:
                    with conn.begin_nested():
                        conn.execute(leases.insert().values(name=LEASE, owner=me, expires_at=until))
                    return None
                except sa.exc.IntegrityError:  # another process inserted it first
                    row = conn.execute(sa.select(leases).where(leases.c.name == LEASE)).mappings().one()
            if row["owner"] != me and row["expires_at"] > now() and not _gone(row["owner"]):
                return str(row["owner"])
            taken = conn.execute(leases.update().where(leases.c.name == LEASE, leases.c.owner == row["owner"],
                                                       leases.c.expires_at == row["expires_at"])
                                 .values(owner=me, expires_at=until))
            if taken.rowcount == 1:
                return None
        return str(self._owner() or "another follower")  # another process took it between the read and the write

    def _owner(self) -> str | None:
        with self.database.connect() as conn:
            return conn.execute(sa.select(leases.c.owner).where(leases.c.name == LEASE)).scalar()

    def release(self, owner: str | None = None) -> None:
        with self.database.begin() as conn:
            conn.execute(leases.delete().where(leases.c.name == LEASE, leases.c.owner == (owner or holder())))


def holder() -> str:
    """This process as a lease's owner: "host:pid" (a suffix "/..." may tell apart followers of one process)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _gone(owner: str) -> bool:
    """Whether a lease's owner is a process of this machine that has ended."""
    host, _, pid = owner.rpartition(":")
    pid = pid.split("/", 1)[0]  # "host:pid/more": one of several followers of one process
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
