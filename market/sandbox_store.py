"""The embedded sandboxes' memory in the database, so every app process serves one Xendit and one
biller (an invoice made through one process is paid through another, and outlives both).

A sandbox keeps its objects in plain Python (dicts of dicts, dataclasses, counters); ``synced``
wraps its ASGI app so that each request first pulls what other processes changed since this one
last looked (rows of ``sandbox_document`` with a newer ``version``) and afterwards pushes what it
changed itself. A field that is a dict is one row per key, its changes seen through the keys the
request touched; any other field (a balance, a list) is one row. Pushes take the next version from
``sandbox_clock`` (a row per sandbox, updated in the push's transaction), so versions commit in
order and a pull never skips one; a push takes its snapshot after that row is locked, and a pull
skips the versions this process wrote, so concurrent requests of one process lose nothing. Two processes changing one object at the same moment: the later
push wins — a sandbox, not a bank. Callback deliveries in flight stay with the process that sends
them.

The tables belong to the ``sandbox`` Tortoise app (market/sandbox_models.py), registered only
where sandboxes may run (never in production).
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import logging
from datetime import datetime
from typing import Any

from market import db

log = logging.getLogger(__name__)


class TrackedDict(dict):
    """A dict that remembers which keys were looked at or changed (all of them on iteration)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.touched: set[Any] = set()
        self.everything = False

    def __getitem__(self, key: Any) -> Any:
        self.touched.add(key)
        return super().__getitem__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        self.touched.add(key)
        return super().get(key, default)

    def __setitem__(self, key: Any, value: Any) -> None:
        self.touched.add(key)
        super().__setitem__(key, value)

    def __delitem__(self, key: Any) -> None:
        self.touched.add(key)
        super().__delitem__(key)

    def pop(self, key: Any, *default: Any) -> Any:
        self.touched.add(key)
        return super().pop(key, *default)

    def setdefault(self, key: Any, default: Any = None) -> Any:
        self.touched.add(key)
        return super().setdefault(key, default)

    def values(self):
        self.everything = True
        return super().values()

    def items(self):
        self.everything = True
        return super().items()

    def __iter__(self):
        self.everything = True
        return super().__iter__()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"__dt": value.isoformat()}
    if isinstance(value, tuple):
        return {"__tuple": [_plain(v) for v in value]}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        fields = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"__dc": f"{cls.__module__}:{cls.__qualname__}", "fields": fields}
    if isinstance(value, dict):
        return {"__dict": [[_plain(k), _plain(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _live(value: Any) -> Any:
    if isinstance(value, list):
        return [_live(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "__dt" in value:
        return datetime.fromisoformat(value["__dt"])
    if "__tuple" in value:
        return tuple(_live(v) for v in value["__tuple"])
    if "__dc" in value:
        module, _, name = value["__dc"].partition(":")
        cls = getattr(importlib.import_module(module), name)
        return cls(**{k: _live(v) for k, v in value["fields"].items()})
    return {_live(k): _live(v) for k, v in value["__dict"]}


def dumps(value: Any) -> str:
    return json.dumps(_plain(value), sort_keys=True, separators=(",", ":"))


def loads(text: str) -> Any:
    return _live(json.loads(text))


def _refresh(old: Any, new: Any) -> Any:
    """*new*'s content in the *old* object where that keeps references held elsewhere valid."""
    if isinstance(old, dict) and isinstance(new, dict):
        old.clear()
        old.update(new)
        return old
    if dataclasses.is_dataclass(old) and type(old) is type(new):
        vars(old).update(vars(new))
        return old
    return new


class Store:
    """One sandbox's objects (the attributes *fields* of *state*) kept in the database."""

    def __init__(self, name: str, state: Any, fields: tuple[str, ...]) -> None:
        self.name, self.state, self.fields = name, state, fields
        self.version = 0
        self.known: dict[tuple[str, str], str] = {}  # (field, key) -> body as last pulled or pushed
        self.pushed: set[int] = set()  # versions this process wrote: a pull never takes them back
        for field in fields:
            value = getattr(state, field)
            if isinstance(value, dict):
                setattr(state, field, TrackedDict(value))

    def _mapping(self, field: str) -> TrackedDict | None:
        value = getattr(self.state, field)
        return value if isinstance(value, TrackedDict) else None

    async def pull(self) -> None:
        rows = await db.execute(
            "SELECT field, key, body, version FROM sandbox_document WHERE store = ? AND version > ? ORDER BY version",
            self.name,
            self.version,
        )
        for row in rows:
            self.version = max(self.version, row["version"])
            field, key, body = row["field"], row["key"], row["body"]
            if row["version"] in self.pushed or self.known.get((field, key)) == body or field not in self.fields:
                continue  # our own push (memory is newer still), or an object already as it is there
            self.known[(field, key)] = body
            mapping = self._mapping(field)
            if mapping is None:
                setattr(self.state, field, _refresh(getattr(self.state, field), loads(body)))
            elif body == "":
                dict.pop(mapping, loads(key), None)
            else:
                k = loads(key)
                dict.__setitem__(mapping, k, _refresh(dict.get(mapping, k), loads(body)))

    def _changes(self) -> list[tuple[str, str, str]]:
        """(field, key, body) of every object that differs from what the database has ("" = gone)."""
        changes = []
        for field in self.fields:
            mapping = self._mapping(field)
            if mapping is None:
                body = dumps(getattr(self.state, field))
                if self.known.get((field, "")) != body:
                    changes.append((field, "", body))
                continue
            keys = set(mapping.touched)
            if mapping.everything:
                keys |= set(dict.keys(mapping)) | {loads(k) for f, k in self.known if f == field}
            for k in keys:
                value = dict.get(mapping, k, _GONE)
                key, body = dumps(k), "" if value is _GONE else dumps(value)
                if self.known.get((field, key), "") != body:
                    changes.append((field, key, body))
        return changes

    async def push(self) -> None:
        if not self._changes():
            return
        try:
            async with db.transaction():
                version = await self._next_version()
                # The snapshot is taken under the clock's row lock, so this process's pushes write
                # their snapshots in the order of their versions: a later version never holds an
                # older list. What a request touches from here on goes with the next push.
                changes = self._changes()
                self._forget_touched()
                self.pushed.add(version)
                for field, key, body in changes:
                    await db.execute(
                        "INSERT INTO sandbox_document (store, field, key, body, version) VALUES (?, ?, ?, ?, ?)"
                        " ON CONFLICT (store, field, key) DO UPDATE SET body = excluded.body,"
                        " version = excluded.version",
                        self.name,
                        field,
                        key,
                        body,
                        version,
                    )
        except BaseException:
            for field in self.fields:  # nothing was written: the next push compares every key
                if (mapping := self._mapping(field)) is not None:
                    mapping.everything = True
            raise
        for field, key, body in changes:
            self.known[(field, key)] = body

    def _forget_touched(self) -> None:
        for field in self.fields:
            if (mapping := self._mapping(field)) is not None:
                mapping.touched.clear()
                mapping.everything = False

    async def _next_version(self) -> int:
        """The next version of this store, its clock row locked until the caller's transaction ends."""
        bump = "UPDATE sandbox_clock SET version = version + 1 WHERE store = ? RETURNING version"
        rows = await db.execute(bump, self.name)
        if not rows:
            await db.execute(
                "INSERT INTO sandbox_clock (store, version) VALUES (?, 1) ON CONFLICT (store) DO NOTHING", self.name
            )
            rows = await db.execute(bump, self.name)
        return rows[0]["version"]


_GONE = object()


def synced(app: Any, store: Store) -> Any:
    """*app* (a sandbox's ASGI app) with *store* pulled before and pushed after each request."""

    async def asgi(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not _database_open():
            await app(scope, receive, send)
            return
        await store.pull()
        pushed = False

        async def pushing_send(message: Any) -> None:
            nonlocal pushed
            if message["type"] == "http.response.start" and not pushed:
                pushed = True  # before the answer leaves: whoever it reaches next finds the change
                await store.push()
            await send(message)

        try:
            await app(scope, receive, pushing_send)
        finally:
            if not pushed:
                await store.push()

    return asgi


def _database_open() -> bool:
    try:
        db.dialect()
    except Exception:  # no database in this process (a sandbox served on its own)
        return False
    return True
