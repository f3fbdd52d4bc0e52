"""One PostgreSQL connection per request.

Tortoise's pooled client takes a pool connection for every statement outside a transaction and
gives it back afterwards, and asyncpg resets a connection on its way back (a round trip of its
own): a request of ten statements made ten check-outs and ten resets. ``held()`` (entered by
the app's middleware for each HTTP request, by ``market worker`` for each job) binds a
``RequestClient`` to the task: the first statement takes one pool connection, every later
statement and every transaction of that task runs on it (``db.transaction()`` begins and commits
on it, savepoints inside as before), and it goes back to the pool once, when the block ends.

Only the task that entered the block uses the held connection: a task it starts (a background
delivery, a gathered query) inherits the context but runs on the pool as before, so no two tasks
ever share one connection. ``detached()`` gives the connection back while the task waits on
something slow outside the database (a provider's HTTP call, a twin's answer): a request waiting
on the embedded sandbox — itself a request needing a connection — never starves the pool.

SQLite has one connection per process already: there all of this is a no-op.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from tortoise.backends.asyncpg.client import AsyncpgDBClient, TransactionWrapper
from tortoise.backends.base.client import TransactionContext
from tortoise.connection import get_connections
from tortoise.exceptions import TransactionManagementError


class _Held:
    """``async with client.acquire_connection()`` on the held connection (taken on first use)."""

    __slots__ = ("client",)

    def __init__(self, client: RequestClient) -> None:
        self.client = client

    async def __aenter__(self) -> Any:
        return await self.client.hold()

    async def __aexit__(self, *exc: object) -> None:
        return None


class _HeldTransaction(TransactionContext):
    """A transaction on the held connection: BEGIN … COMMIT on it, no check-out of its own."""

    __slots__ = ("owner", "client", "connection_name", "token")

    def __init__(self, owner: RequestClient) -> None:
        self.owner = owner
        self.connection_name = owner.connection_name

    async def __aenter__(self) -> TransactionWrapper:
        await self.owner.hold()
        self.client = TransactionWrapper(self.owner)
        self.token = get_connections().set(self.connection_name, self.client)
        await self.client.begin()
        return self.client

    async def __aexit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> None:
        try:
            if not self.client._finalized:
                if exc_type:
                    if exc_type is not TransactionManagementError:
                        await self.client.rollback()
                else:
                    await self.client.commit()
        finally:
            get_connections().reset(self.token)


class RequestClient(AsyncpgDBClient):
    """The pooled client of one task, holding one pool connection from its first statement on."""

    def __init__(self, parent: AsyncpgDBClient) -> None:
        self.__dict__.update(parent.__dict__)
        self._pooled = parent
        self._connection = None
        self._owner = asyncio.current_task()
        self._open = True

    def _mine(self) -> bool:
        return self._open and asyncio.current_task() is self._owner

    async def hold(self) -> Any:
        if self._connection is None:
            parent = self._pooled
            if parent._pool is None:  # the pool is made on first use
                async with parent._pool_init_lock:
                    if parent._pool is None:
                        await parent.create_connection(with_db=True)
            assert parent._pool is not None
            self._connection = await parent._pool.acquire()
        return self._connection

    async def give_back(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None and self._pooled._pool is not None:
            await self._pooled._pool.release(connection)

    def acquire_connection(self) -> Any:
        if not self._mine():
            return self._pooled.acquire_connection()
        return _Held(self)

    def _in_transaction(self) -> TransactionContext:
        if not self._mine():
            return self._pooled._in_transaction()
        return _HeldTransaction(self)


@asynccontextmanager
async def held(connection_name: str = "default") -> AsyncIterator[None]:
    """Run the block on one connection of *connection_name*'s pool (PostgreSQL; else a no-op)."""
    try:
        handler = get_connections()
        client = handler._get_storage().get(connection_name) or handler.get(connection_name)
    except Exception:  # not initialised (an app built without a database): nothing to hold
        yield
        return
    if type(client) is not AsyncpgDBClient:  # SQLite, or already inside a request / transaction
        yield
        return
    mine = RequestClient(client)
    token = handler.set(connection_name, mine)
    try:
        yield
    finally:
        mine._open = False
        handler.reset(token)
        await asyncio.shield(mine.give_back())


@asynccontextmanager
async def detached(connection_name: str = "default") -> AsyncIterator[None]:
    """Give the task's held connection back while the block waits on something outside the
    database; the next statement takes one again. A no-op inside a transaction or without one."""
    try:  # only look: never open a connection (or a Tortoise context) to find out
        client = get_connections()._get_storage().get(connection_name)
    except Exception:
        client = None
    if isinstance(client, RequestClient) and client._mine():
        await client.give_back()
    yield


class OneConnectionPerRequest:
    """ASGI middleware: each HTTP request runs on one held connection (``held()``)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        async with held():
            await self.app(scope, receive, send)
