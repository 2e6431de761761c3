"""The stories database: articles, stories, topics and memberships behind one small repository class.

SQLAlchemy Core over SQLite (the default: a file, WAL mode) or PostgreSQL (``postgresql://…``, psycopg 3).
The schema is versioned (``schema_version``); ``Store`` applies the missing migrations in order when it
opens a database, so an old file is upgraded and a newer one refused.

Ingest is idempotent and transactional: an article is keyed by the sha256 of its normalised text, and
its row, its membership and the state of the story and topic it changed are written in one transaction
(with the other articles of its batch), so a crash leaves either all of it or none. One writer at a
time (``writer()``: a PostgreSQL advisory lock, or a lock file beside the SQLite file), held for one
batch, so an ingest run and the service can write to one database in turn; readers need no lock.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

from ..document import checked_date
from ..errors import SettingsError, StoreError
from ..settings import DATE_MAX, DATE_MIN
from .cluster import Group

SCHEMA_VERSION = 4
BUSY_TIMEOUT_MS = 30_000  # SQLite: how long a write waits for another writer's transaction
VIEW_WAIT_MS = 100  # how long keeping a story's view (a cache) waits: it may as well not be kept
ADVISORY_LOCK = 0x4849474C  # "HIGL": the ingest lock on PostgreSQL

metadata = sa.MetaData()
schema_version = sa.Table("schema_version", metadata, sa.Column("version", sa.Integer, nullable=False))
articles = sa.Table(
    "articles", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("external_id", sa.Text), sa.Column("source", sa.Text), sa.Column("url", sa.Text),
    sa.Column("title", sa.Text), sa.Column("published", sa.Date), sa.Column("text", sa.Text, nullable=False),
    sa.Column("summary", sa.Text),  # the JSON contract of its highlights; null when ingested without them
    sa.Column("ingested_at", sa.DateTime, nullable=False),
)


@dataclass(frozen=True)
class StoredArticle:
    """A stored article as readers get it: its text (evidence offsets point into it) and its summary, the JSON
    contract as it was stored (None when it was ingested without highlights)."""

    id: int
    text: str
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    external_id: str | None = None
    summary: dict[str, Any] | None = None
    score: float = 0.0  # its similarity to its story when it joined (0 for a story's first)
    story: int = 0  # the story it is in now, following merges (``Store.article``)
    topic: int = 0


@dataclass(frozen=True)
class StoredStory:
    """A story as readers get it; ``articles`` in date, then arrival order (``Store.story``; empty in a listing)."""

    id: int
    title: str | None
    size: int
    first: dt.date | None
    last: dt.date | None
    topic: int
    articles: tuple[StoredArticle, ...] = ()

    @property
    def version(self) -> str:
        """Changes whenever the story does: stories only grow (an article joins, or a merge brings others) and
        article ids only grow, so its size and its latest article say which articles it holds."""
        return f"{self.size}:{max((a.id for a in self.articles), default=0)}"


@dataclass(frozen=True)
class StoredTopic:
    """A topic as a listing gives it: its articles (``size``) and stories, its span of dates, how many of its
    stories hold one article (``singles``), and the first of its stories (``Store.topic_list``)."""

    id: int
    size: int
    stories: int
    singles: int
    first: dt.date | None
    last: dt.date | None
    top: tuple[StoredStory, ...] = ()


def _stored_article(row: Any, **more: Any) -> StoredArticle:
    # ``checked_date``: a database written before dates were checked may hold an export's 0001-01-01
    return StoredArticle(id=int(row["id"]), text=row["text"], title=row["title"], published=checked_date(row["published"]),
                         source=row["source"], url=row["url"], external_id=row["external_id"],
                         summary=json.loads(row["summary"]) if row["summary"] else None, **more)


def _stored_story(row: Any, articles: tuple[StoredArticle, ...] = ()) -> StoredStory:
    return StoredStory(id=int(row["id"]), title=row["title"], size=int(row["size"]), first=checked_date(row["first"]),
                       last=checked_date(row["last"]), topic=int(row["topic_id"]), articles=articles)


def groups_columns() -> tuple[sa.Column[Any], ...]:
    """The clusterer's state of a group, alike for stories and topics. Terms and names are kept as their
    keys (one a line, in the group's own order) and their weights and counts as packed numbers: a big
    topic's 800 terms are written after every batch that touches it, and JSON's float text cost more
    than the rest of the transaction."""
    return (
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("size", sa.Integer, nullable=False), sa.Column("first", sa.Date), sa.Column("last", sa.Date),
        sa.Column("seen", sa.Integer, nullable=False), sa.Column("terms", sa.Text, nullable=False),
        sa.Column("vector", sa.LargeBinary), sa.Column("names", sa.Text, nullable=False),
        sa.Column("norm2", sa.Float, nullable=False),
        sa.Column("term_weights", sa.LargeBinary), sa.Column("name_counts", sa.LargeBinary),  # since version 2
    )


topics = sa.Table("topics", metadata, *groups_columns(), sa.Column("merged_into", sa.Integer))
stories = sa.Table(
    "stories", metadata, *groups_columns(),
    sa.Column("topic_id", sa.Integer, sa.ForeignKey("topics.id"), nullable=False),
    sa.Column("title", sa.Text), sa.Column("merged_into", sa.Integer),
)
memberships = sa.Table(
    "memberships", metadata,
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id"), primary_key=True),
    sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id"), nullable=False, index=True),
    sa.Column("score", sa.Float, nullable=False),
)
# what a story's page computes over all its articles (its figures that disagree, its timeline), kept with the
# story's version (``StoredStory.version``): a read of a big story recomputes only after the story changed
views = sa.Table(
    "story_views", metadata,
    sa.Column("story_id", sa.Integer, primary_key=True), sa.Column("kind", sa.String(200), primary_key=True),
    sa.Column("version", sa.String(100), nullable=False), sa.Column("body", sa.Text, nullable=False),
)
# the feeds ``highlights follow`` and the service's poller read (version 4): each feed's validators for a conditional
# GET and its last round; each item seen, pending until its article is stored (in the article's transaction), so a
# run killed mid-round resumes with what it had not stored; and the lease that lets one follower at a time poll
feeds = sa.Table(
    "feeds", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("url", sa.Text, nullable=False), sa.Column("url_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("title", sa.Text), sa.Column("etag", sa.Text), sa.Column("last_modified", sa.Text),
    sa.Column("added_at", sa.DateTime, nullable=False), sa.Column("checked_at", sa.DateTime),
    sa.Column("next_at", sa.DateTime),  # not polled before (a Retry-After further away than a round may wait)
    sa.Column("status", sa.String(20)),  # its last round: "changed", "not_modified" or "failed"
    sa.Column("error", sa.String(40)), sa.Column("message", sa.Text),  # why it failed (``FetchError.reason``)
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),  # rounds failed in a row
    sa.Column("new", sa.Integer, nullable=False, server_default="0"),  # its last round's articles stored
    sa.Column("failed", sa.Integer, nullable=False, server_default="0"),  # ... and items that could not be read
)
feed_items = sa.Table(
    "feed_items", metadata,
    sa.Column("feed_id", sa.Integer, sa.ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("key_hash", sa.String(64), primary_key=True), sa.Column("key", sa.Text, nullable=False),
    sa.Column("link", sa.Text), sa.Column("link_hash", sa.String(64), index=True),
    sa.Column("title", sa.Text), sa.Column("published", sa.Date),
    sa.Column("text", sa.Text),  # the feed's own text of it, read when its page cannot be had
    sa.Column("state", sa.String(10), nullable=False),  # "pending", "stored" or "failed"
    sa.Column("article_id", sa.Integer), sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("error", sa.String(40)), sa.Column("message", sa.Text),
    sa.Column("seen_at", sa.DateTime, nullable=False), sa.Column("updated_at", sa.DateTime, nullable=False),
)
sa.Index("feed_items_state", feed_items.c.state)
leases = sa.Table(
    "leases", metadata,
    sa.Column("name", sa.String(100), primary_key=True), sa.Column("owner", sa.String(300), nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False),
)
sa.Index("stories_last", stories.c.last)
sa.Index("stories_topic", stories.c.topic_id)  # a topic merge moves its stories


def default_path() -> Path:
    """``$XDG_DATA_HOME/highlights/stories.db`` (``~/.local/share/highlights/stories.db``)."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "highlights" / "stories.db"


def url_for(db: str | os.PathLike[str] | None, *, create: bool = True) -> str:
    """A database URL from ``--db``: a path (SQLite) or a ``postgresql://`` / ``sqlite://`` URL. Without
    ``create``, a SQLite file that is not there is an error: a command that only reads must not leave an
    empty database behind a mistyped path."""
    raw = str(db) if db is not None else str(default_path())
    if raw.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + raw.split("://", 1)[1]
    if "://" in raw:
        return raw
    if not create and not Path(raw).expanduser().is_file():
        raise StoreError("no stories database here; check --db, or ingest articles into it first "
                         "(highlights ingest FILES --db PATH)", source=raw)
    try:
        Path(raw).expanduser().parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"the stories database cannot be made here ({exc.strerror}); give --db a path in a folder "
                         "you can write to", source=raw) from None
    return f"sqlite:///{Path(raw).expanduser()}"


def content_hash(text: str) -> str:
    """The article's identity: sha256 of its text with whitespace normalised (the same story pasted twice,
    or read from a file and from a JSONL row, is one article)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


class Store:
    """The stories database (``url_for(db)``): readers get typed rows, writers take turns (``writer``).
    ``create=False`` opens only a database that exists (the reading commands)."""

    def __init__(self, db: str | os.PathLike[str] | None = None, *, create: bool = True):
        self.url = url_for(db, create=create)
        try:
            self.database = sa.create_engine(self.url, future=True)  # SQLAlchemy's connection pool to it
        except (sa.exc.ArgumentError, ImportError) as exc:
            raise SettingsError(f"--db {db}: not a database path or URL ({exc})") from None
        if self.database.dialect.name == "sqlite":
            sa.event.listen(self.database, "connect", _sqlite_pragmas)
        with database_errors(self.database.url.render_as_string(hide_password=True)), self.writer():
            self._migrate()  # under the writer lock: two processes opening a new database make it once

    @property
    def dialect(self) -> str:
        return self.database.dialect.name

    def _migrate(self) -> None:
        with self.database.begin() as conn:
            if not sa.inspect(conn).has_table("schema_version"):
                metadata.create_all(conn)
                conn.execute(schema_version.insert().values(version=SCHEMA_VERSION))
                return
            version = conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0
            if version > SCHEMA_VERSION:
                raise SettingsError(f"the database {self.url} has schema version {version}, newer than this "
                                    f"Highlights ({SCHEMA_VERSION}); upgrade Highlights")
            for step in range(version + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[step](conn)
                conn.execute(schema_version.insert().values(version=step))

    @contextmanager
    def writer(self) -> Iterator[None]:
        """Hold the ingest lock (one writer per database, across processes; a second waits)."""
        if self.dialect == "postgresql":
            with self.database.connect() as conn:
                conn.execute(sa.text("select pg_advisory_lock(:k)"), {"k": ADVISORY_LOCK})
                try:
                    yield
                finally:
                    conn.execute(sa.text("select pg_advisory_unlock(:k)"), {"k": ADVISORY_LOCK})
            return
        path = self.database.url.database
        if not path or path == ":memory:" or fcntl is None:
            yield  # one connection's database, or no flock (Windows): SQLite's own write lock must do
            return
        # SQLite's write lock is taken at the first write, after the clusterer has read the state it
        # decides on; a lock file held for the whole batch keeps two writers from deciding on the same state
        with open(path + ".lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    # ------------------------------------------------------------------------------------ writing

    @contextmanager
    def writing(self) -> Iterator[Writing]:
        """One transaction for a run of articles: all of them are stored, or none."""
        with self.database.begin() as conn:
            w = Writing(conn)
            yield w
            w.flush()

    # ------------------------------------------------------------------------------------ reading

    def groups(self, table: sa.Table, *, since: dt.date | None = None) -> Iterator[tuple[Group, dict[str, Any]]]:
        """The stored groups (stories not merged away), with their other columns, oldest first."""
        query = sa.select(table).order_by(table.c.id).where(table.c.merged_into.is_(None))
        if since is not None:
            query = query.where(sa.or_(table.c.last.is_(None), table.c.last >= since))
        with self.database.connect() as conn:
            for row in conn.execute(query).mappings():
                yield _group(row), dict(row)

    def max_id(self, table: sa.Table) -> int:
        with self.database.connect() as conn:
            return int(conn.execute(sa.select(sa.func.max(table.c.id))).scalar() or 0)

    def stored(self, digests: list[str]) -> set[str]:
        """Which of these content hashes (``content_hash``) are stored already."""
        with self.database.connect() as conn:
            return set(_stored(conn, digests))

    def last_article(self) -> int:
        """The id of the latest stored article: it changes when any writer adds one."""
        return self.max_id(articles)

    def article(self, article_id: int) -> StoredArticle | None:
        """One stored article and the story it is in now."""
        with self.database.connect() as conn:
            row = conn.execute(sa.select(articles).where(articles.c.id == article_id)).mappings().first()
            if row is None:
                return None
        story, topic = self.placement(article_id)
        return _stored_article(row, story=story, topic=topic)

    def placement(self, article_id: int, conn: sa.Connection | None = None) -> tuple[int, int]:
        """(story, topic) of a stored article, following merges."""
        if conn is None:
            with self.database.connect() as own:
                return self.placement(article_id, own)
        story = conn.execute(sa.select(memberships.c.story_id).where(memberships.c.article_id == article_id)).scalar()
        row = conn.execute(sa.select(stories.c.id, stories.c.topic_id).where(stories.c.id == story)).first()
        return (int(row[0]), int(row[1])) if row else (0, 0)

    def counts(self) -> dict[str, int]:
        with self.database.connect() as conn:
            return {"articles": conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar() or 0,
                    "stories": conn.execute(sa.select(sa.func.count()).select_from(stories)
                                            .where(stories.c.merged_into.is_(None))).scalar() or 0,
                    "topics": conn.execute(sa.select(sa.func.count()).select_from(topics)
                                           .where(topics.c.merged_into.is_(None))).scalar() or 0}

    def story_list(self, *, limit: int | None = None, min_size: int = 1, order: str = "recent",
                   topic: int | None = None) -> list[StoredStory]:
        """The stories (of one ``topic``, or all), without their articles: the latest first, then the largest
        (``order`` "recent"), or the largest first, then the latest ("size")."""
        query = (sa.select(stories.c.id, stories.c.title, stories.c.size, stories.c.first, stories.c.last,
                           stories.c.topic_id)
                 .where(stories.c.merged_into.is_(None), stories.c.size >= min_size)
                 .order_by(*_story_order(order), stories.c.id))
        if topic is not None:
            query = query.where(stories.c.topic_id == topic)
        if limit:
            query = query.limit(limit)
        with self.database.connect() as conn:
            return [_stored_story(r) for r in conn.execute(query).mappings()]

    def topic_list(self, *, order: str = "size", min_size: int = 1, since: dt.date | None = None,
                   until: dt.date | None = None, limit: int | None = None, stories_per_topic: int = 5
                   ) -> list[StoredTopic]:
        """The topics with at least ``min_size`` articles (and, with ``since`` / ``until``, an article on or after
        / on or before that day), the largest first, then the latest (``order`` "size"), or the latest first,
        then the largest ("recent"); each with its first ``stories_per_topic`` stories, largest first, then the
        latest, of which one holding a single article only when it is the topic's largest (its others are
        counted in ``singles``, not listed). Two queries whatever the number of stories: the topics, grouped
        from their stories, and the stories ranked within each topic."""
        _check_order(order)
        live = stories.c.merged_into.is_(None)
        size = sa.func.sum(stories.c.size).label("size")
        first = sa.func.min(_in_range(stories.c.first)).label("first_day")
        last = sa.func.max(_in_range(stories.c.last)).label("last_day")
        query = (sa.select(stories.c.topic_id, size, sa.func.count().label("stories"),
                           sa.func.sum(sa.case((stories.c.size == 1, 1), else_=0)).label("singles"), first, last)
                 .where(live).group_by(stories.c.topic_id).having(sa.func.sum(stories.c.size) >= min_size))
        if since is not None:
            query = query.having(sa.func.max(_in_range(stories.c.last)) >= since)
        if until is not None:
            query = query.having(sa.func.min(_in_range(stories.c.first)) <= until)
        by_size, by_date = sa.desc(size), sa.desc(last).nulls_last()
        query = query.order_by(*((by_size, by_date) if order == "size" else (by_date, by_size)), stories.c.topic_id)
        if limit:
            query = query.limit(limit)
        with self.database.connect() as conn:
            found = conn.execute(query).mappings().all()
            top = self._top_stories(conn, [int(r["topic_id"]) for r in found], max(1, stories_per_topic))
        return [StoredTopic(id=int(r["topic_id"]), size=int(r["size"]), stories=int(r["stories"]),
                            singles=int(r["singles"]), first=checked_date(r["first_day"]),
                            last=checked_date(r["last_day"]), top=tuple(top.get(int(r["topic_id"]), ())))
                for r in found]

    @staticmethod
    def _top_stories(conn: sa.Connection, topic_ids: list[int], n: int) -> dict[int, list[StoredStory]]:
        """The first ``n`` stories of each topic (``topic_list``), ranked in the database (a window function)."""
        rank = sa.func.row_number().over(partition_by=stories.c.topic_id,
                                         order_by=(*_story_order("size"), stories.c.id)).label("rank")
        out: dict[int, list[StoredStory]] = {}
        for part in range(0, len(topic_ids), 500):
            ranked = (sa.select(stories.c.id, stories.c.title, stories.c.size, stories.c.first, stories.c.last,
                                stories.c.topic_id, rank)
                      .where(stories.c.merged_into.is_(None), stories.c.topic_id.in_(topic_ids[part:part + 500]))
                      .subquery())
            query = (sa.select(ranked).where(ranked.c.rank <= n, sa.or_(ranked.c.size > 1, ranked.c.rank == 1))
                     .order_by(ranked.c.topic_id, ranked.c.rank))
            for r in conn.execute(query).mappings():
                out.setdefault(int(r["topic_id"]), []).append(_stored_story(r))
        return out

    def story(self, story_id: int) -> StoredStory | None:
        """A story and its articles (in date, then arrival order); a merged id leads to the story it joined."""
        with self.database.connect() as conn:
            row = conn.execute(sa.select(stories).where(stories.c.id == story_id)).mappings().first()
            while row is not None and row["merged_into"] is not None:
                row = conn.execute(sa.select(stories).where(stories.c.id == row["merged_into"])).mappings().first()
            if row is None:
                return None
            members = conn.execute(
                sa.select(articles, memberships.c.score).join(memberships, memberships.c.article_id == articles.c.id)
                .where(memberships.c.story_id == row["id"]).order_by(articles.c.published, articles.c.id)).mappings()
            return _stored_story(row, tuple(_stored_article(m, score=float(m["score"])) for m in members))

    def view(self, story: StoredStory, kind: str) -> Any | None:
        """What was computed of ``story`` as ``kind`` (e.g. "conflicts") at its present version, or None."""
        with self.database.connect() as conn:
            row = conn.execute(sa.select(views.c.version, views.c.body)
                               .where(views.c.story_id == story.id, views.c.kind == kind)).first()
        return json.loads(row[1]) if row is not None and row[0] == story.version else None

    def keep_view(self, story: StoredStory, kind: str, value: Any) -> None:
        """Keep ``value`` as ``kind`` of ``story`` at its present version. Best effort: a database busy with a
        writer, or read-only, costs the next reader the computation again, never an error, and never a wait
        (SQLite would wait up to its busy timeout, 30 s, for an ingest's transaction: longer than a request's
        time limit)."""
        sqlite = self.dialect == "sqlite"
        try:
            with self.database.begin() as conn:
                if sqlite:
                    conn.exec_driver_sql(f"PRAGMA busy_timeout={VIEW_WAIT_MS}")
                try:
                    conn.execute(views.delete().where(views.c.story_id == story.id, views.c.kind == kind))
                    conn.execute(views.insert().values(story_id=story.id, kind=kind, version=story.version,
                                                       body=json.dumps(value, ensure_ascii=False)))
                finally:
                    if sqlite:
                        conn.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        except sa.exc.DBAPIError:
            pass


class Writing:
    """The writes of one transaction, gathered and sent when it ends (``flush``): the new articles,
    memberships, stories and topics as one multi-row insert each, then the merges in the order they
    happened, then the state of every group the articles changed. Article ids are given here (the
    writer lock is held), so an article's id is known before its row is written."""

    def __init__(self, conn: sa.Connection):
        self.conn = conn
        self.next_article = int(conn.execute(sa.select(sa.func.max(articles.c.id))).scalar() or 0) + 1
        self.articles: list[dict[str, Any]] = []
        self.memberships: list[dict[str, Any]] = []
        self.digests: dict[str, int] = {}  # the batch's own articles, not yet written
        self.stored: dict[str, int] = {}  # digests found stored by ``look_up``
        self.looked_up: set[str] = set()
        self.new_stories: dict[int, tuple[Group, str | None]] = {}
        self.new_topics: dict[int, Group] = {}
        self.merges: list[tuple[str, int, int]] = []  # ("story" | "topic", absorbed, absorbing), in order
        self.stories: dict[int, Group] = {}  # groups whose state changed
        self.topics: dict[int, Group] = {}
        self.story_topic: dict[int, int] = {}

    def look_up(self, digests: list[str]) -> None:
        """Find which of ``digests`` are stored already, in one query; ``find`` then answers from memory."""
        self.looked_up = set(digests)
        self.stored.update(_stored(self.conn, digests))

    def find(self, digest: str) -> int | None:
        """The id of the article with this content, stored or written in this transaction; None if new."""
        known = self.digests.get(digest) or self.stored.get(digest)
        if known is not None or digest in self.looked_up:
            return known
        return _find(self.conn, digest)

    def add(self, *, digest: str, article: dict[str, Any], summary: dict[str, Any] | None, story: Group,
            topic: Group, story_title: str | None, new_story: bool, new_topic: bool, score: float,
            merged: tuple[int, ...] = (), merged_topics: tuple[int, ...] = ()) -> int:
        """Note one article and its membership; its id."""
        article_id = self.next_article
        self.next_article += 1
        self.digests[digest] = article_id
        if new_topic:
            self.new_topics[topic.id] = topic
        if new_story:
            self.new_stories[story.id] = (story, story_title)
        self.articles.append({
            "id": article_id, "content_hash": digest,
            "summary": json.dumps(summary, ensure_ascii=False) if summary else None,
            "ingested_at": dt.datetime.now(dt.UTC).replace(tzinfo=None), **article})
        for gone in merged:
            self.merges.append(("story", gone, story.id))
            self.stories.pop(gone, None)
        for gone in merged_topics:
            self.merges.append(("topic", gone, topic.id))
            self.topics.pop(gone, None)
            for sid, tid in self.story_topic.items():
                if tid == gone:
                    self.story_topic[sid] = topic.id
        self.memberships.append({"article_id": article_id, "story_id": story.id, "score": score})
        self.stories[story.id], self.topics[topic.id], self.story_topic[story.id] = story, topic, topic.id
        return article_id

    def flush(self) -> None:
        conn = self.conn
        if self.new_topics:
            conn.execute(_INSERT_TOPIC, [{"id": t.id, "merged_into": None, **_state(t)}
                                         for t in self.new_topics.values()])
        if self.new_stories:
            conn.execute(_INSERT_STORY, [{"id": st.id, "topic_id": self.story_topic[st.id], "title": title,
                                          "merged_into": None, **_state(st)}
                                         for st, title in self.new_stories.values()])
        if self.articles:
            conn.execute(_INSERT_ARTICLE, self.articles)
            conn.execute(_INSERT_MEMBERSHIP, self.memberships)
            if conn.dialect.name == "postgresql":  # ids were given here: move the sequence past them
                conn.execute(sa.text("SELECT setval(pg_get_serial_sequence('articles', 'id'), :last)"),
                             {"last": self.next_article - 1})
        for kind, gone, into in self.merges:
            if kind == "story":
                conn.execute(memberships.update().where(memberships.c.story_id == gone).values(story_id=into))
                conn.execute(stories.update().where(stories.c.id == gone).values(merged_into=into))
            else:
                conn.execute(stories.update().where(stories.c.topic_id == gone).values(topic_id=into))
                conn.execute(topics.update().where(topics.c.id == gone).values(merged_into=into))
        changed = [t for t in self.topics.values() if t.id not in self.new_topics]
        if changed:
            conn.execute(_UPDATE_TOPIC, [{"gid": t.id, **_state(t)} for t in changed])
        changed = [st for st in self.stories.values() if st.id not in self.new_stories]
        if changed:
            conn.execute(_UPDATE_STORY, [{"gid": st.id, "topic_id": self.story_topic[st.id], **_state(st)}
                                         for st in changed])


# Built once: building a statement per row costs more than SQLite's own work.
_INSERT_ARTICLE = articles.insert()
_INSERT_MEMBERSHIP = memberships.insert()
_INSERT_TOPIC = topics.insert()
_INSERT_STORY = stories.insert()
_STATE = ("size", "first", "last", "seen", "norm2", "terms", "names", "vector", "term_weights", "name_counts")
_UPDATE_TOPIC = topics.update().where(topics.c.id == sa.bindparam("gid")).values(
    {c: sa.bindparam(c) for c in _STATE})
_UPDATE_STORY = stories.update().where(stories.c.id == sa.bindparam("gid")).values(
    {c: sa.bindparam(c) for c in (*_STATE, "topic_id")})
_FIND = sa.select(articles.c.id).where(articles.c.content_hash == sa.bindparam("digest"))


def _stored(conn: sa.Connection, digests: list[str]) -> dict[str, int]:
    """The ids of the articles stored with these content hashes, a few queries for any number."""
    found: dict[str, int] = {}
    for part in range(0, len(digests), 500):
        rows = conn.execute(sa.select(articles.c.content_hash, articles.c.id)
                            .where(articles.c.content_hash.in_(digests[part:part + 500])))
        found.update({digest: int(i) for digest, i in rows})
    return found


ORDERS = ("size", "recent")  # how listings of stories and topics may be ordered


def _in_range(column: sa.Column[Any]) -> sa.ColumnElement[Any]:
    """The date, or null when it is out of range (stored before dates were checked): it sorts as none, last,
    not first, and never counts as a topic's first or last day."""
    return sa.case((column.between(DATE_MIN, DATE_MAX), column))


def _check_order(order: str) -> None:
    if order not in ORDERS:
        raise SettingsError(f"order: expected one of {', '.join(ORDERS)}, got {order!r}")


def _story_order(order: str) -> tuple[sa.UnaryExpression[Any], ...]:
    """Stories the latest first, then the largest ("recent"), or the largest first, then the latest ("size")."""
    _check_order(order)
    by_size, by_date = sa.desc(stories.c.size), sa.desc(_in_range(stories.c.last)).nulls_last()
    return (by_size, by_date) if order == "size" else (by_date, by_size)


def _find(conn: sa.Connection, digest: str) -> int | None:
    found = conn.execute(_FIND, {"digest": digest}).scalar()
    return None if found is None else int(found)


@contextmanager
def database_errors(where: str) -> Iterator[None]:
    """Database failures as a ``StoreError`` that names the database and the driver's reason."""
    try:
        yield
    except sa.exc.SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise StoreError(f"the stories database cannot be used ({reason}); check --db (a SQLite file, or "
                         "postgresql://user@host/db with the server running)", source=where) from None


def _sqlite_pragmas(dbapi_connection: Any, record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
    cursor.execute("PRAGMA synchronous=NORMAL")  # with WAL: a crash loses no committed transaction's consistency
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MB of pages (the default 2 MB makes every index insert a read)
    cursor.execute("PRAGMA wal_autocheckpoint=16384")  # copy the log back every 64 MB, not every 4 MB
    cursor.close()


def _state(g: Group) -> dict[str, Any]:
    # terms are [a-z0-9]+ and names have single spaces (``features``): a newline never occurs in either
    return {"size": g.size, "first": g.first, "last": g.last, "seen": g.seen, "norm2": g.norm2,
            "terms": "\n".join(g.terms), "term_weights": array("d", g.terms.values()).tobytes(),
            "names": "\n".join(g.names), "name_counts": array("q", g.names.values()).tobytes(),
            "vector": None if g.vector is None else np.asarray(g.vector, dtype=np.float64).tobytes()}


def _unpack(keys: str, packed: bytes, code: str) -> dict[str, Any]:
    values = array(code)
    values.frombytes(packed)
    return dict(zip(keys.split("\n"), values.tolist())) if keys else {}


def _group(row: Any) -> Group:
    from collections import Counter

    g = Group(int(row["id"]), terms=_unpack(row["terms"], row["term_weights"], "d"),
              names=Counter(_unpack(row["names"], row["name_counts"], "q")),
              size=int(row["size"]), first=row["first"], last=row["last"], seen=int(row["seen"]),
              norm2=float(row["norm2"]))
    if row["vector"] is not None:
        g.vector = np.frombuffer(row["vector"], dtype=np.float64).copy()
    return g


def _packed_state_v2(conn: sa.Connection) -> None:
    """Version 2: terms and names as keys and packed numbers (``groups_columns``)."""
    for table in (topics, stories):
        for column in ("term_weights", "name_counts"):
            conn.execute(sa.text(f"ALTER TABLE {table.name} ADD COLUMN {column} "
                                 f"{sa.LargeBinary().compile(dialect=conn.dialect)}"))
        rows = conn.execute(sa.select(table.c.id, table.c.terms, table.c.names)).all()
        for gid, terms, names in rows:
            t, n = json.loads(terms), json.loads(names)
            conn.execute(table.update().where(table.c.id == gid).values(
                terms="\n".join(t), term_weights=array("d", t.values()).tobytes(),
                names="\n".join(n), name_counts=array("q", n.values()).tobytes()))


def _story_views_v3(conn: sa.Connection) -> None:
    """Version 3: the ``story_views`` table (what a story's page computes, kept with the story's version); dates
    outside the range Highlights reads (``document.checked_date``: an export's 0001-01-01 or 9999-12-31, stored
    before dates were checked) become missing, so that no story sorts first by a 9999 date."""
    views.create(conn, checkfirst=True)
    def outside(column: sa.Column[Any]) -> sa.ColumnElement[bool]:
        return sa.or_(column < DATE_MIN, column > DATE_MAX)

    conn.execute(articles.update().where(outside(articles.c.published)).values(published=None))
    for table in (stories, topics):
        for column in ("first", "last"):
            conn.execute(table.update().where(outside(table.c[column])).values({column: None}))


def _feeds_v4(conn: sa.Connection) -> None:
    """Version 4: the feeds that are followed, their items and the followers' lease (``highlights follow``)."""
    for table in (feeds, feed_items, leases):
        table.create(conn, checkfirst=True)


# version -> the step that brings a database from version - 1 to it; a new database gets the current schema
MIGRATIONS = {2: _packed_state_v2, 3: _story_views_v3, 4: _feeds_v4}
