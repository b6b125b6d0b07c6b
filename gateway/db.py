"""Database engine and sessions: one engine per process, one session per request or job, and a
bare Core connection for the one hot path that is a single statement (the webhook storing a
reply, on the pooled connection's driver cursor; on PostgreSQL from a small pool of its own that
does not ping, retrying once instead)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Protocol, TypeVar, cast

from sqlalchemy import TextClause, create_engine, event
from sqlalchemy.engine import Dialect, Engine, ExceptionContext
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import PoolProxiedConnection

from gateway.deployment import Deployment, DeploymentSession
from gateway.instance_files import private_file

T = TypeVar("T")

#: How long a SQLite statement waits for another process's write lock before it fails.
SQLITE_LOCK_WAIT_SECONDS = 30

#: Connections the one-statement pool keeps per process (``Database.one_statement``): a sync
#: web worker uses one at a time, and gives it back before any session starts.
ONE_STATEMENT_POOL = (2, 8)


def make_engine(url: str, *, pre_ping: bool = True, autocommit: bool = False) -> Engine:
    """An engine tuned for this service's database.

    SQLite is shared by the web and worker processes, so it runs in WAL mode (readers do not block
    the writer) and waits for a lock instead of failing at once.

    Errors leave their bound parameters out of the message (``hide_parameters``): they hold
    customers' numbers and what they wrote, which docs/privacy.md says are never logged. The
    values PostgreSQL quotes back in an error's DETAIL line are left out too
    (``_keep_values_out_of_errors``).

    On PostgreSQL, a connection taken from the pool is first pinged (a round trip), so a
    connection the server dropped (a restart, a failover) is replaced unnoticed. ``pre_ping``
    False leaves that out, for ``Database.one_statement``, which retries once instead.
    ``autocommit`` (PostgreSQL) makes every statement its own transaction, set once on each
    new connection, and gives connections back to the pool without a rollback, for
    ``Database.one_statement``'s pool.
    """
    engine = _engine_for(url, pre_ping, autocommit)
    event.listen(engine, "handle_error", _keep_values_out_of_errors)
    return engine


#: PostgreSQL's DETAIL (and whatever follows it) quotes the row: ``Key (salon_id, phone)=(1,
#: +86…) already exists`` or ``Failing row contains (…)``.
_DETAIL = re.compile(r"\nDETAIL:.*", re.DOTALL)


def _keep_values_out_of_errors(context: ExceptionContext) -> None:
    """Drop the DETAIL line from a database error before anything can log it.

    The primary message (which constraint, which table) stays; the driver's error object keeps
    the detail in ``diag`` for code that needs it. A traceback is logged by the worker, stored in
    RQ's failed-job registry and shown by gunicorn, so scrubbing at the source covers them all.
    """
    _scrub(context.original_exception, context.sqlalchemy_exception)


def _scrub(*errors: BaseException | None) -> None:
    for error in errors:
        if error is not None and error.args and isinstance(error.args[0], str):
            error.args = (_DETAIL.sub("", error.args[0]), *error.args[1:])


def _engine_for(url: str, pre_ping: bool, autocommit: bool) -> Engine:
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if path and path != url and not path.startswith(":memory:") and "?" not in path:
            # Customers' numbers and texts: nobody else on the machine reads the file. A path
            # that cannot be a database file (a folder) is left for SQLite to refuse on first
            # use, as a database that is down: the app still starts and answers 503.
            with suppress(OSError):
                private_file(Path(path))
        engine = create_engine(
            url,
            connect_args={"timeout": SQLITE_LOCK_WAIT_SECONDS, "check_same_thread": False},
            hide_parameters=True,
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            # pysqlite's own transaction handling delays BEGIN; take it over so a write
            # transaction takes its lock at BEGIN IMMEDIATE and never dead-locks on upgrade.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_LOCK_WAIT_SECONDS * 1000}")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    pool_size, max_overflow = (10, 20) if pre_ping else ONE_STATEMENT_POOL
    return create_engine(
        url,
        pool_pre_ping=pre_ping,
        pool_size=pool_size,
        max_overflow=max_overflow,
        hide_parameters=True,
        # In autocommit no transaction outlives its statement: a connection given back to the
        # pool has nothing to roll back, so the pool does not call the driver's rollback.
        # ``Database.one_statement`` refuses a connection it finds in a transaction after the
        # write (``LeftInTransaction``), so none goes back to the pool with one open.
        **({"isolation_level": "AUTOCOMMIT", "pool_reset_on_return": None} if autocommit else {}),
    )


class Committed(Protocol):
    """What an after-commit hook is given: a session, or a ``Statement``; both keep what their
    transaction handed off in ``info``."""

    @property
    def info(self) -> dict[Any, Any]: ...


class DriverStatement:
    """A text statement compiled once for one dialect, run on the driver's own cursor: its SQL
    in the driver's parameter style, and the bind processors of its typed parameters (the
    same conversions SQLAlchemy applies, so the same values are stored)."""

    __slots__ = ("sql", "_keys", "_processors")

    def __init__(self, clause: TextClause, dialect: Dialect) -> None:
        compiled = clause.compile(dialect=dialect)
        self.sql = compiled.string
        #: The parameters' names in order, for a positional style (SQLite's ``?``).
        self._keys = tuple(compiled.positiontup or ()) if compiled.positional else None
        self._processors = {
            key: processor
            for key, bind in compiled.binds.items()
            if (processor := bind.type.dialect_impl(dialect).bind_processor(dialect))
        }

    def parameters(self, values: Mapping[str, Any]) -> Any:
        """``values`` as the driver takes them."""
        if self._processors:
            values = {**values}
            for key, processor in self._processors.items():
                values[key] = processor(values[key])
        return values if self._keys is None else tuple(values[key] for key in self._keys)


class Statement:
    """One statement that is its own transaction, with no ORM session, identity map or flush
    around it: what ``Database.one_statement`` gives ``write``. It runs on the pooled
    connection's driver cursor (``cursor``), its SQL compiled once (``compiled``)."""

    __slots__ = ("info", "failed", "_cursor", "_compiled")

    def __init__(self, cursor: Any, compiled: Callable[[TextClause], DriverStatement]) -> None:
        #: What the statement's transaction handed off (``services.handoff``), as
        #: ``Session.info``.
        self.info: dict[Any, Any] = {}
        #: The SQL and parameters of the statement the driver refused, for SQLAlchemy's error.
        self.failed: tuple[str, Any] | None = None
        self._cursor = cursor
        self._compiled = compiled

    def scalar(self, clause: TextClause, values: Mapping[str, Any]) -> Any:
        """Run ``clause`` with ``values``; the first column of its first row, or None."""
        statement = self._compiled(clause)
        parameters = statement.parameters(values)
        try:
            self._cursor.execute(statement.sql, parameters)
            row = self._cursor.fetchone()
        except BaseException:
            self.failed = (statement.sql, parameters)
            raise
        return None if row is None else row[0]


class LeftInTransaction(RuntimeError):
    """A ``Database.one_statement`` write left its connection inside a transaction (not in
    autocommit, or a BEGIN of its own): what it wrote was not committed, and is rolled back."""


def _in_transaction(dialect: Dialect) -> Callable[[Any], bool]:
    """Whether a driver connection of ``dialect`` is out of autocommit or inside a
    transaction: a check of the driver's own flags, no round trip."""
    if dialect.name == "postgresql":
        idle = dialect.loaded_dbapi.pq.TransactionStatus.IDLE
        return lambda connection: (
            not connection.autocommit or connection.pgconn.transaction_status != idle
        )
    return lambda connection: connection.in_transaction or connection.isolation_level is not None


class Database:
    """The engine and a session factory; lives in ``app.extensions["db"]``."""

    def __init__(self, url: str, deployment: Deployment | None = None) -> None:
        self.engine = make_engine(url)
        self.sessions = sessionmaker(
            self.engine,
            class_=DeploymentSession,
            expire_on_commit=False,
            deployment=deployment or Deployment(),
        )
        #: Called with the session after each ``transaction()`` commits (never after a rollback),
        #: or with the ``Statement`` after ``one_statement()``: the app hands the outbox rows
        #: the transaction wrote to the job queue here.
        self.after_commit: list[Callable[[Committed], None]] = []
        #: Where ``one_statement`` takes its connections. On PostgreSQL a pool of its own without
        #: the ping (the webhook's one round trip would be two) whose connections are in
        #: autocommit from the start; the rest of the app keeps both. SQLite has no server to
        #: lose, and its driver is in autocommit already (``_sqlite_pragmas``): the same engine.
        self.one_statement_engine = self.engine
        if self.engine.dialect.name == "postgresql":
            self.one_statement_engine = make_engine(url, pre_ping=False, autocommit=True)
        dialect = self.one_statement_engine.dialect
        self._driver_error: type[Exception] = dialect.loaded_dbapi.Error
        self._in_transaction = _in_transaction(dialect)
        #: ``one_statement``'s statements compiled for its driver, each once.
        self._driver_statements: dict[TextClause, DriverStatement] = {}

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session inside one transaction: committed on success, rolled back on error."""
        with self.sessions() as session:
            with session.begin():
                yield session
            for hook in self.after_commit:
                hook(session)

    def one_statement(self, write: Callable[[Statement], T]) -> T:
        """Run ``write`` for work that is one statement, then the after-commit hooks; returns
        what ``write`` returns.

        Only a single statement may run in it: it is its own transaction, with no BEGIN and
        COMMIT around it, so on PostgreSQL it costs one round trip. Nothing of the ORM is built,
        nor of SQLAlchemy's Core around the statement: it runs on the driver's cursor of a
        pooled connection, its SQL compiled once (``DriverStatement``). SQLAlchemy's Connection,
        its transaction and its execution context cost the webhook more CPU than the driver's
        own execute (docs/performance.md).

        A driver error is raised as SQLAlchemy's, as every other statement's is: wrapped
        (``IntegrityError``, ``OperationalError`` …, naming the statement), its parameters hidden
        and PostgreSQL's DETAIL line left out (``make_engine``). It is raised at once: the
        statement failed, so nothing was stored, and the same statement would fail the same way
        again. Only a connection the server dropped (a restart, a failover) gets the statement
        run once more, on a new connection, as SQLAlchemy's own "optimistic" handling of
        disconnects does for the rest of the app: the pool forgets the dropped connection and
        every connection as old, so the second try does not land on another dropped one; no
        ping either way. With the database down, that is two connections tried, the dropped one
        and one new. A statement cut off before its answer may have been stored: run again, an
        idempotent write (``INSERT … ON CONFLICT DO NOTHING``) finds its row there and stores
        nothing twice.

        The connection must come back as it went out, in autocommit with no transaction open:
        its pool gives it to the next caller without a rollback. One that does not (a pool
        built without autocommit, a BEGIN in ``write``) raises ``LeftInTransaction`` and is
        closed, which rolls back what ``write`` did; nothing is handed off. When the statement
        failed on such a connection, the connection is closed the same way, the error raised
        as above, so no caller after it gets a failed transaction.
        """
        try:
            result, statement = self._on_driver_cursor(write)
        except DBAPIError as error:
            if not error.connection_invalidated:
                raise
            result, statement = self._on_driver_cursor(write)
        for hook in self.after_commit:
            hook(statement)
        return result

    def _on_driver_cursor(self, write: Callable[[Statement], T]) -> tuple[T, Statement]:
        try:
            connection = self.one_statement_engine.raw_connection()
        except self._driver_error as error:
            raise self._as_sqlalchemy_error(error, None, None) from error
        statement: Statement | None = None
        try:
            cursor = connection.cursor()
            try:
                statement = Statement(cursor, self._driver_statement)
                result = write(statement)
            finally:
                cursor.close()
            if self._in_transaction(connection.dbapi_connection):
                connection.invalidate()
                raise LeftInTransaction(
                    "one_statement: the connection was left in a transaction (not in autocommit,"
                    " or a BEGIN); nothing was committed"
                )
            return result, statement
        except self._driver_error as error:
            raise self._as_sqlalchemy_error(error, connection, statement) from error
        finally:
            connection.close()

    def _as_sqlalchemy_error(
        self,
        error: Exception,
        connection: PoolProxiedConnection | None,
        statement: Statement | None,
    ) -> Exception:
        """The error SQLAlchemy raises for ``error`` (scrubbed as ``make_engine``'s errors are),
        the connection and every one as old forgotten if the server dropped it. Without a
        ``connection``, a new one could not be made (the database is down)."""
        engine = self.one_statement_engine
        driver_connection = None if connection is None else connection.dbapi_connection
        dropped = engine.dialect.is_disconnect(cast(Any, error), driver_connection, None)
        if connection is not None and dropped:
            # What SQLAlchemy's Connection does on a disconnect (``Pool._invalidate``): this
            # connection is closed, and the others opened before it are replaced at checkout.
            engine.pool._invalidate(connection, error)
        elif connection is not None and self._in_transaction(driver_connection):
            # Out of autocommit: a failed transaction is open on it (``LeftInTransaction``).
            connection.invalidate(error)
        failed = None if statement is None else statement.failed
        sql, parameters = (None, None) if failed is None else failed
        wrapped = DBAPIError.instance(
            sql,
            parameters,
            error,
            self._driver_error,
            hide_parameters=True,
            connection_invalidated=dropped,
            dialect=engine.dialect,
        )
        _scrub(error, wrapped)
        return wrapped

    def _driver_statement(self, clause: TextClause) -> DriverStatement:
        compiled = self._driver_statements.get(clause)
        if compiled is None:
            compiled = DriverStatement(clause, self.one_statement_engine.dialect)
            self._driver_statements[clause] = compiled
        return compiled
