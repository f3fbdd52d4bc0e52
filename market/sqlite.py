"""Tortoise engine for SQLite that starts every transaction with ``BEGIN IMMEDIATE``.

SQLite's default ``BEGIN`` is deferred: a transaction that reads first and writes later must
upgrade its lock, and when another process committed in between SQLite fails at once with
"database is locked" instead of waiting. ``BEGIN IMMEDIATE`` takes the write lock up front, so a
second process simply waits (up to ``busy_timeout``) for its turn.
"""

from __future__ import annotations

import sqlite3

from tortoise.backends.base.client import NestedTransactionContext
from tortoise.backends.sqlite.client import SqliteClient, SqliteTransactionContext, SqliteTransactionWrapper
from tortoise.exceptions import TransactionManagementError


class ImmediateTransactionWrapper(SqliteTransactionWrapper):
    def _in_transaction(self):
        return NestedTransactionContext(ImmediateTransactionWrapper(self))

    async def begin(self) -> None:
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise TransactionManagementError(exc) from exc


class ImmediateSqliteClient(SqliteClient):
    def _in_transaction(self):
        return SqliteTransactionContext(ImmediateTransactionWrapper(self), self._lock)


client_class = ImmediateSqliteClient
