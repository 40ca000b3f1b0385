//! The embedded SQLite store.
//!
//! One writer thread owns the only write connection and commits whatever changes are waiting in
//! one transaction (group commit): under load, thousands of changes share one fsync, while a
//! lone request still commits at once. Each change is applied under its own savepoint, so one
//! conflicting change never takes its batch-mates down with it. Reads use a small pool of
//! read-only connections, which WAL mode lets run beside the writer.
//!
//! A file that is there but is not an SQLite database (empty, or another kind of file) is
//! refused when opened, naming it; [`SqliteStore::check_pages`] reads every page on request.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{CachedStatement, Connection, ErrorCode, OpenFlags, OptionalExtension, ToSql};
use time::OffsetDateTime;
use tokio::sync::{Semaphore, mpsc, oneshot};

use super::conflict::Key;
use super::migrate::{self, Migrator};
use super::rows::{self, Columns, Value, micros};
use super::sql::{self, Stmt};
use super::sqlite_checkpoint::Checkpointer;
use super::{
    Change, DeliveryQuery, OrderPage, OrderQuery, ResourcePage, ResourceQuery, Store, StoreError,
};
use crate::domain::balance::Balance;
use crate::domain::client_order::ClientOrderId;
use crate::domain::delivery::DeliveryOrder;
use crate::domain::idempotency::{IdempotencyKey, KeyRecord};
use crate::domain::ids::OrderId;
use crate::domain::order::Order;
use crate::domain::resource::Resource;

/// The most changes one transaction commits.
const MAX_BATCH: usize = 4096;
/// How many changes may wait for the writer before callers are held back.
const QUEUE_DEPTH: usize = 65_536;
/// The WAL length (pages) past which the writer checkpoints it itself, so that it restarts.
const WAL_RESTART_PAGES: i64 = 4096;
/// The writer's page cache: `PRAGMA cache_size` in KiB (negative: a size, not a page count).
const WRITER_CACHE_KIB: i64 = -32_768;
/// The most read connections open at once. Each holds two descriptors (the file and its WAL),
/// part of those orderd keeps beside its client connections; reads past it wait their turn.
const MAX_READERS: usize = 16;
/// The first bytes of every SQLite database file.
const SQLITE_HEADER: &[u8] = b"SQLite format 3\0";

type Reply = oneshot::Sender<Result<(), StoreError>>;

enum WriteJob {
    Commit(Box<Change>, Reply),
    Reset(Reply),
    Probe(Reply),
    Close(oneshot::Sender<()>),
}

/// An SQLite database file, opened for orderd.
pub struct SqliteStore {
    writer: mpsc::Sender<WriteJob>,
    readers: Arc<ReadPool>,
}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        StoreError::Backend(err.to_string())
    }
}

impl ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Int(Some(v)) => ToSqlOutput::Borrowed(ValueRef::Integer(*v)),
            Value::Text(Some(v)) => ToSqlOutput::Borrowed(ValueRef::Text(v.as_bytes())),
            Value::Int(None) | Value::Text(None) => ToSqlOutput::Borrowed(ValueRef::Null),
        })
    }
}

impl Columns for rusqlite::Row<'_> {
    fn int(&self, i: usize) -> Result<Option<i64>, StoreError> {
        Ok(self.get(i)?)
    }

    fn text(&self, i: usize) -> Result<Option<String>, StoreError> {
        Ok(self.get(i)?)
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path`, migrates it (recording `now` as the
    /// time a migration was applied), and starts the writer. A file at `path` that is not an
    /// SQLite database is refused, naming it.
    pub async fn open(path: &Path, now: OffsetDateTime) -> Result<SqliteStore, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                StoreError::Backend(format!("cannot create {}: {e}", dir.display()))
            })?;
        }
        check_header(path)?;
        let conn = open_writer(path, now)
            .await
            .map_err(|err| naming(path, err))?;
        // The WAL is copied back by a thread of its own; the writer checkpoints only a long one.
        conn.pragma_update(None, "wal_autocheckpoint", WAL_RESTART_PAGES)?;
        let checkpointer = Checkpointer::start(path)?;
        // The writer's page cache holds the indexes' upper pages, which every insert walks:
        // with SQLite's default 2 MiB they are read back from the file over and over.
        conn.pragma_update(None, "cache_size", WRITER_CACHE_KIB)?;

        let (tx, rx) = mpsc::channel(QUEUE_DEPTH);
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || run_writer(conn, rx, checkpointer))
            .map_err(|e| StoreError::Backend(format!("cannot start the writer thread: {e}")))?;
        Ok(SqliteStore {
            writer: tx,
            readers: Arc::new(ReadPool {
                path: path.to_path_buf(),
                idle: Mutex::new(Vec::new()),
                turns: Arc::new(Semaphore::new(MAX_READERS)),
            }),
        })
    }

    /// Reads every page of the database at `path` (`PRAGMA integrity_check`) and refuses it,
    /// naming the file and what the check found (ten problems at most), when any page is
    /// damaged. A file that does not exist yet passes.
    pub async fn check_pages(path: &Path) -> Result<(), StoreError> {
        let path = path.to_path_buf();
        tokio::task::spawn_blocking(move || check_pages_now(&path))
            .await
            .map_err(|e| StoreError::Backend(format!("the database check failed: {e}")))?
    }

    async fn write(&self, job: impl FnOnce(Reply) -> WriteJob) -> Result<(), StoreError> {
        let (reply, answer) = oneshot::channel();
        self.writer
            .send(job(reply))
            .await
            .map_err(|_| StoreError::Closed)?;
        answer.await.map_err(|_| StoreError::Closed)?
    }

    async fn read<T: Send + 'static>(
        &self,
        query: impl FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let readers = Arc::clone(&self.readers);
        let turn = Arc::clone(&readers.turns)
            .acquire_owned()
            .await
            .map_err(|_| StoreError::Closed)?;
        tokio::task::spawn_blocking(move || {
            let _turn = turn;
            readers.with(query)
        })
        .await
        .map_err(|e| StoreError::Backend(format!("read task failed: {e}")))?
    }
}

/// The write connection to the database at `path`, set up and migrated.
async fn open_writer(path: &Path, now: OffsetDateTime) -> Result<Connection, StoreError> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // FULL: a committed batch survives a power cut, not only a crash of the process.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Each change runs under a savepoint, whose undo copies of pages (the statement
    // journal) otherwise go to a temporary file: a write system call per page touched.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let mut migrating = SqliteMigrator(conn);
    migrate::migrate(&mut migrating, now).await?;
    Ok(migrating.0)
}

/// `err`, naming the database file it is about.
fn naming(path: &Path, err: StoreError) -> StoreError {
    match err {
        StoreError::Backend(m) => StoreError::Backend(format!("{}: {m}", path.display())),
        StoreError::Corrupt(m) => StoreError::Corrupt(format!("{}: {m}", path.display())),
        other => other,
    }
}

/// Refuses a file at `path` that is there but is not an SQLite database: empty (a first start
/// cut short, a failed copy) or not starting with SQLite's header (another kind of file, or
/// damage). SQLite would take an empty file for a new database and start an empty store on it
/// without a word.
fn check_header(path: &Path) -> Result<(), StoreError> {
    let unreadable =
        |e: std::io::Error| StoreError::Backend(format!("cannot read {}: {e}", path.display()));
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(unreadable(e)),
    };
    let mut header = Vec::with_capacity(SQLITE_HEADER.len());
    file.take(SQLITE_HEADER.len() as u64)
        .read_to_end(&mut header)
        .map_err(unreadable)?;
    let refused = |what: &str| {
        Err(StoreError::Corrupt(format!(
            "{} {what}, not an orderd database; move it aside to start on an empty store, or \
             put back a backup",
            path.display()
        )))
    };
    if header.is_empty() {
        return refused("is empty (0 bytes)");
    }
    if header != SQLITE_HEADER {
        return refused("does not start with SQLite's header");
    }
    Ok(())
}

/// [`SqliteStore::check_pages`], on the calling thread.
fn check_pages_now(path: &Path) -> Result<(), StoreError> {
    let missing = !path
        .try_exists()
        .map_err(|e| StoreError::Backend(format!("cannot read {}: {e}", path.display())))?;
    if missing {
        return Ok(());
    }
    check_header(path)?;
    let damaged = |found: String| {
        StoreError::Corrupt(format!(
            "{} is damaged: {found}; put back a backup",
            path.display()
        ))
    };
    let judged = |err: rusqlite::Error| match err.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => damaged(err.to_string()),
        _ => naming(path, err.into()),
    };
    // Read-write but not creating: a read-only connection cannot recover a WAL left by a
    // crash, which the check must read too.
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(judged)?;
    let found = conn
        .prepare("PRAGMA integrity_check(10)")
        .and_then(|mut check| {
            check
                .query_map([], |row| row.get::<_, String>(0))?
                .collect::<Result<Vec<String>, _>>()
        })
        .map_err(judged)?;
    if found != ["ok"] {
        return Err(damaged(found.join("; ")));
    }
    Ok(())
}

/// Migrations run on the connection that becomes the writer's, before the writer starts.
struct SqliteMigrator(Connection);

#[async_trait]
impl Migrator for SqliteMigrator {
    async fn begin_exclusive(&mut self) -> Result<(), StoreError> {
        Ok(self.0.execute_batch("BEGIN IMMEDIATE")?)
    }

    async fn has_table(&mut self, name: &str) -> Result<bool, StoreError> {
        let found: Option<i64> = self
            .0
            .query_row(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()?;
        Ok(found.is_some())
    }

    async fn execute(&mut self, sql: &str) -> Result<(), StoreError> {
        Ok(self.0.execute_batch(sql)?)
    }

    async fn applied(&mut self) -> Result<Vec<i64>, StoreError> {
        let mut stmt = self.0.prepare("SELECT version FROM orderd_migrations")?;
        let versions = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<Vec<i64>, _>>()?;
        Ok(versions)
    }

    async fn record(&mut self, version: i64, at: i64) -> Result<(), StoreError> {
        self.0.execute(
            "INSERT INTO orderd_migrations (version, applied_at) VALUES (?1, ?2)",
            [version, at],
        )?;
        Ok(())
    }

    async fn commit(&mut self) -> Result<(), StoreError> {
        Ok(self.0.execute_batch("COMMIT")?)
    }

    async fn rollback(&mut self) {
        if let Err(err) = self.0.execute_batch("ROLLBACK") {
            tracing::warn!(error = %err, "rolling back a failed migration failed");
        }
    }
}

fn run_writer(
    mut conn: Connection,
    mut jobs: mpsc::Receiver<WriteJob>,
    checkpointer: Checkpointer,
) {
    let mut checkpointer = Some(checkpointer);
    let mut batch = Vec::new();
    while let Some(job) = jobs.blocking_recv() {
        let mut closing = None;
        push_job(job, &mut batch, &mut closing);
        while batch.len() < MAX_BATCH && closing.is_none() {
            match jobs.try_recv() {
                Ok(job) => push_job(job, &mut batch, &mut closing),
                Err(_) => break,
            }
        }
        commit_batch(&mut conn, &mut batch);
        if let Some(done) = closing {
            jobs.close();
            while let Ok(job) = jobs.try_recv() {
                push_job(job, &mut batch, &mut None);
            }
            commit_batch(&mut conn, &mut batch);
            drop(checkpointer.take());
            if let Err(err) = conn.pragma_update(None, "wal_checkpoint", "TRUNCATE") {
                tracing::warn!(error = %err, "WAL checkpoint at close failed");
            }
            drop(conn);
            let _ = done.send(());
            return;
        }
    }
}

/// A write the writer thread applies: a change, a reset (which empties every table), or the
/// health check's probe.
enum Write {
    Change(Box<Change>),
    Reset,
    Probe,
}

fn push_job(
    job: WriteJob,
    batch: &mut Vec<(Write, Reply)>,
    closing: &mut Option<oneshot::Sender<()>>,
) {
    match job {
        WriteJob::Close(done) => *closing = Some(done),
        WriteJob::Commit(change, reply) => batch.push((Write::Change(change), reply)),
        WriteJob::Reset(reply) => batch.push((Write::Reset, reply)),
        WriteJob::Probe(reply) => batch.push((Write::Probe, reply)),
    }
}

/// Commits `batch` in one transaction and answers each write. First all writes go in plainly;
/// only when one of them fails (a conflict, rare) is the transaction rolled back and the batch
/// written again with a savepoint per write, so that the failing one alone is undone. Savepoints
/// cost a copy of every page a write touches, which the common case does not pay.
fn commit_batch(conn: &mut Connection, batch: &mut Vec<(Write, Reply)>) {
    if batch.is_empty() {
        return;
    }
    let all_at_once = (|| -> Result<(), StoreError> {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        for (write, _) in batch.iter() {
            apply_write(&tx, write)?;
        }
        Ok(tx.commit()?)
    })();
    let outcome = match all_at_once {
        Ok(()) => Ok(batch.iter().map(|_| Ok(())).collect()),
        Err(_) => one_savepoint_each(conn, batch),
    };
    match outcome {
        Ok(results) => {
            for ((_, reply), result) in batch.drain(..).zip(results) {
                // The caller may have gone away (client disconnect); the write stands regardless.
                let _ = reply.send(result);
            }
        }
        Err(err) => {
            tracing::error!(error = %err, writes = batch.len(), "a write batch failed to commit");
            for (_, reply) in batch.drain(..) {
                let _ = reply.send(Err(StoreError::Backend(err.to_string())));
            }
        }
    }
}

/// Writes `batch` in one transaction, each write under its own savepoint: a write that fails is
/// undone alone and answered with its error, the others commit.
fn one_savepoint_each(
    conn: &mut Connection,
    batch: &[(Write, Reply)],
) -> Result<Vec<Result<(), StoreError>>, StoreError> {
    let mut tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut results = Vec::with_capacity(batch.len());
    for (write, _) in batch {
        let mut savepoint = tx.savepoint()?;
        let result = apply_write(&savepoint, write);
        if result.is_ok() {
            savepoint.commit()?;
        } else {
            savepoint.rollback()?;
        }
        results.push(result);
    }
    tx.commit()?;
    Ok(results)
}

fn apply_write(conn: &Connection, write: &Write) -> Result<(), StoreError> {
    match write {
        Write::Change(change) => apply(conn, change),
        Write::Reset => sql::RESET
            .iter()
            .try_for_each(|stmt| Ok(conn.execute_batch(stmt)?)),
        Write::Probe => Ok(conn.execute_batch(sql::HEALTH_PROBE)?),
    }
}

/// Runs the plan of `change`; the first statement that fails or conflicts ends it.
fn apply(conn: &Connection, change: &Change) -> Result<(), StoreError> {
    for stmt in sql::plan(change) {
        execute(conn, &stmt)?;
    }
    Ok(())
}

/// `sql` with PostgreSQL's `$N` placeholders written as SQLite's `?N`: SQLite numbers `$N` by
/// first appearance (not `N`), while `?N` is parameter `N` wherever it stands, so values bind
/// by position without a lookup by name.
fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        let placeholder = c == '$' && chars.peek().is_some_and(char::is_ascii_digit);
        out.push(if placeholder { '?' } else { c });
    }
    out
}

/// Prepares `sql` (written with `$N` placeholders), from the connection's statement cache.
fn prepare<'c>(conn: &'c Connection, sql: &str) -> Result<CachedStatement<'c>, StoreError> {
    Ok(conn.prepare_cached(&numbered(sql))?)
}

/// Binds `values` to parameters 1, 2, ... of `stmt`.
fn bind(stmt: &mut rusqlite::Statement<'_>, values: &[Value]) -> Result<(), StoreError> {
    for (i, value) in values.iter().enumerate() {
        stmt.raw_bind_parameter(i + 1, value)?;
    }
    Ok(())
}

fn execute(conn: &Connection, stmt: &Stmt) -> Result<(), StoreError> {
    let mut prepared = prepare(conn, stmt.sql)?;
    bind(&mut prepared, &stmt.values)?;
    let changed = prepared.raw_execute();
    match changed {
        Ok(n) => match &stmt.one_row {
            Some(conflict) if n != 1 => Err(StoreError::Conflict(conflict.clone())),
            _ => Ok(()),
        },
        Err(rusqlite::Error::SqliteFailure(e, Some(message)))
            if e.code == ErrorCode::ConstraintViolation =>
        {
            match Key::from_sqlite_message(&message) {
                Some(key) => Err(StoreError::Conflict(stmt.conflict_for(key))),
                None => Err(StoreError::Backend(message)),
            }
        }
        Err(other) => Err(other.into()),
    }
}

/// Every row `sql` selects with `values`, each made by `from`.
fn select<T>(
    conn: &Connection,
    sql: &str,
    values: &[Value],
    from: impl Fn(&dyn Columns) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let mut stmt = prepare(conn, sql)?;
    bind(&mut stmt, values)?;
    let mut rows = stmt.raw_query();
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(from(row)?);
    }
    Ok(out)
}

/// The first row `sql` selects with `values`, made by `from`.
fn select_one<T>(
    conn: &Connection,
    sql: &str,
    values: &[Value],
    from: impl Fn(&dyn Columns) -> Result<T, StoreError>,
) -> Result<Option<T>, StoreError> {
    Ok(select(conn, sql, values, from)?.into_iter().next())
}

/// The order of the `orders` row `row`, with its lines and resources.
fn load_order(conn: &Connection, row: &dyn Columns) -> Result<Order, StoreError> {
    let id: Value = row.text(0)?.into();
    let domain: Value = row.text(1)?.into();
    let lines = select(
        conn,
        sql::SELECT_LINES,
        std::slice::from_ref(&id),
        rows::line_from,
    )?;
    let resources = select(
        conn,
        sql::SELECT_ORDER_RESOURCES,
        &[domain, id],
        rows::resource_from,
    )?;
    rows::order_from(row, lines, resources)
}

/// Every order `sql` selects with `values`, complete.
fn select_orders(conn: &Connection, sql: &str, values: &[Value]) -> Result<Vec<Order>, StoreError> {
    let mut stmt = prepare(conn, sql)?;
    bind(&mut stmt, values)?;
    let mut rows = stmt.raw_query();
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(load_order(conn, row)?);
    }
    Ok(out)
}

/// Read-only connections, opened on demand and kept for reuse; at most [`MAX_READERS`], one
/// per turn.
struct ReadPool {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
    turns: Arc<Semaphore>,
}

impl ReadPool {
    fn with<T>(
        &self,
        query: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let idle = self.idle.lock().expect("read pool lock").pop();
        let conn = match idle {
            Some(conn) => conn,
            None => {
                let conn = Connection::open_with_flags(
                    &self.path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                conn.busy_timeout(std::time::Duration::from_secs(5))?;
                conn
            }
        };
        let result = query(&conn);
        self.idle.lock().expect("read pool lock").push(conn);
        result
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn commit(&self, change: Change) -> Result<(), StoreError> {
        self.write(|reply| WriteJob::Commit(Box::new(change), reply))
            .await
    }

    async fn reset(&self) -> Result<(), StoreError> {
        self.write(WriteJob::Reset).await
    }

    async fn order(&self, domain_id: &str, id: &OrderId) -> Result<Option<Order>, StoreError> {
        let values = vec![domain_id.into(), id.as_str().into()];
        self.read(move |conn| {
            Ok(select_orders(conn, sql::SELECT_ORDER, &values)?
                .into_iter()
                .next())
        })
        .await
    }

    async fn orders(&self, query: &OrderQuery) -> Result<OrderPage, StoreError> {
        let (count, page, values) = sql::order_list(query);
        self.read(move |conn| {
            let filters = &values[..values.len() - 2];
            let total = select_one(conn, &count, filters, rows::count_from)?.unwrap_or(0);
            let orders = select_orders(conn, &page, &values)?;
            Ok(OrderPage { orders, total })
        })
        .await
    }

    async fn resource_list(&self, query: &ResourceQuery) -> Result<ResourcePage, StoreError> {
        let (count, page, values) = sql::resource_list(query);
        self.read(move |conn| {
            let filters = &values[..values.len() - 2];
            let total = select_one(conn, &count, filters, rows::count_from)?.unwrap_or(0);
            let resources = select(conn, &page, &values, rows::resource_from)?;
            Ok(ResourcePage { resources, total })
        })
        .await
    }

    async fn count_orders(&self, domain_id: &str) -> Result<u64, StoreError> {
        let values = vec![domain_id.into()];
        self.read(move |conn| {
            Ok(select_one(conn, sql::COUNT_ORDERS, &values, rows::count_from)?.unwrap_or(0))
        })
        .await
    }

    async fn resources(
        &self,
        project_id: &str,
        ids: &[String],
    ) -> Result<Vec<Resource>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = sql::select_resources(ids.len());
        let mut values: Vec<Value> = vec![project_id.into()];
        values.extend(ids.iter().map(|id| Value::from(id.as_str())));
        self.read(move |conn| select(conn, &sql, &values, rows::resource_from))
            .await
    }

    async fn order_resources(
        &self,
        domain_id: &str,
        order_id: &OrderId,
    ) -> Result<Vec<Resource>, StoreError> {
        let values = vec![domain_id.into(), order_id.as_str().into()];
        self.read(move |conn| {
            select(
                conn,
                sql::SELECT_ORDER_RESOURCES,
                &values,
                rows::resource_from,
            )
        })
        .await
    }

    async fn due_orders(
        &self,
        before: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<(String, OrderId, OffsetDateTime)>, StoreError> {
        let values = vec![micros(before).into(), i64::from(limit).into()];
        self.read(move |conn| select(conn, sql::SELECT_DUE_ORDERS, &values, rows::due_order_from))
            .await
    }

    async fn due_resources(
        &self,
        before: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<(String, String, OffsetDateTime)>, StoreError> {
        let values = vec![micros(before).into(), i64::from(limit).into()];
        self.read(move |conn| {
            select(
                conn,
                sql::SELECT_DUE_RESOURCES,
                &values,
                rows::due_resource_from,
            )
        })
        .await
    }

    async fn resource_orders(
        &self,
        domain_id: &str,
        resource_id: &str,
    ) -> Result<Vec<Order>, StoreError> {
        let values = vec![domain_id.into(), resource_id.into()];
        self.read(move |conn| select_orders(conn, sql::SELECT_RESOURCE_ORDERS, &values))
            .await
    }

    async fn client_order(
        &self,
        domain_id: &str,
        client_order_id: &ClientOrderId,
    ) -> Result<Option<(OrderId, String)>, StoreError> {
        let values = vec![domain_id.into(), client_order_id.as_str().into()];
        self.read(move |conn| {
            select_one(
                conn,
                sql::SELECT_CLIENT_ORDER,
                &values,
                rows::client_order_from,
            )
        })
        .await
    }

    async fn delivery_order(
        &self,
        domain_id: &str,
        id: &str,
    ) -> Result<Option<DeliveryOrder>, StoreError> {
        let values = vec![id.into(), domain_id.into()];
        self.read(move |conn| select_one(conn, sql::SELECT_DELIVERY, &values, rows::delivery_from))
            .await
    }

    async fn delivery_orders(
        &self,
        query: &DeliveryQuery,
    ) -> Result<Vec<DeliveryOrder>, StoreError> {
        let (sql, values) = sql::delivery_list(query);
        self.read(move |conn| select(conn, &sql, &values, rows::delivery_from))
            .await
    }

    async fn delivery_orders_of(
        &self,
        domain_id: &str,
        order_id: &OrderId,
    ) -> Result<Vec<DeliveryOrder>, StoreError> {
        let values = vec![domain_id.into(), order_id.as_str().into()];
        self.read(move |conn| {
            select(
                conn,
                sql::SELECT_DELIVERY_OF_ORDER,
                &values,
                rows::delivery_from,
            )
        })
        .await
    }

    async fn balance(&self, domain_id: &str) -> Result<Option<Balance>, StoreError> {
        let values = vec![domain_id.into()];
        self.read(move |conn| select_one(conn, sql::SELECT_BALANCE, &values, rows::balance_from))
            .await
    }

    async fn idempotency_key(
        &self,
        domain_id: &str,
        key: &IdempotencyKey,
    ) -> Result<Option<KeyRecord>, StoreError> {
        let values = vec![domain_id.into(), key.as_str().into()];
        self.read(move |conn| select_one(conn, sql::SELECT_KEY, &values, rows::key_from))
            .await
    }

    async fn clock_offset(&self) -> Result<Option<time::Duration>, StoreError> {
        self.read(|conn| select_one(conn, sql::SELECT_CLOCK, &[], rows::duration_from))
            .await
    }

    async fn secret(&self, name: &str) -> Result<Option<String>, StoreError> {
        let values = vec![name.into()];
        self.read(move |conn| select_one(conn, sql::SELECT_SECRET, &values, rows::text_from))
            .await
    }

    /// Through the writer, in the batch of the changes waiting with it: answers as they will.
    async fn check_writes(&self) -> Result<(), StoreError> {
        self.write(WriteJob::Probe).await
    }

    async fn close(&self) {
        let (done, closed) = oneshot::channel();
        if self.writer.send(WriteJob::Close(done)).await.is_ok() {
            let _ = closed.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Conflict;
    use crate::store::tests::{check_store_contract, fresh_change};

    #[tokio::test]
    async fn the_sqlite_store_keeps_the_store_contract() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("o.db"), OffsetDateTime::UNIX_EPOCH)
            .await
            .unwrap();
        check_store_contract(&store).await;
        store.close().await;
    }

    #[tokio::test]
    async fn a_conflicting_change_in_a_batch_leaves_its_batch_mates_committed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(
            SqliteStore::open(&dir.path().join("o.db"), OffsetDateTime::UNIX_EPOCH)
                .await
                .unwrap(),
        );
        let (first, _) = fresh_change("CS2611231200AAAAA");
        let (dup, _) = fresh_change("CS2611231200AAAAA");
        let (other, _) = fresh_change("CS2611231200BBBBB");
        let results = futures_join3(&store, first, dup, other).await;
        let conflicts = results
            .into_iter()
            .filter(|r| matches!(r, Err(StoreError::Conflict(Conflict::OrderId(_)))))
            .count();
        assert_eq!(conflicts, 1);
        assert_eq!(store.count_orders("d").await.unwrap(), 2);
        store.close().await;
    }

    async fn futures_join3(
        store: &Arc<SqliteStore>,
        a: Change,
        b: Change,
        c: Change,
    ) -> Vec<Result<(), StoreError>> {
        let (x, y, z) = tokio::join!(store.commit(a), store.commit(b), store.commit(c));
        vec![x, y, z]
    }

    #[tokio::test]
    async fn a_file_that_is_not_an_sqlite_database_is_refused_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let cases: [(&str, &[u8], &str); 2] = [
            ("empty.db", b"", "is empty (0 bytes)"),
            (
                "text.db",
                b"orders: none",
                "does not start with SQLite's header",
            ),
        ];
        for (name, content, needle) in cases {
            let path = dir.path().join(name);
            std::fs::write(&path, content).unwrap();
            let err = SqliteStore::open(&path, OffsetDateTime::UNIX_EPOCH)
                .await
                .err()
                .expect("refused")
                .to_string();
            assert!(err.contains(&path.display().to_string()), "{err}");
            assert!(err.contains(needle), "{err}");
            assert_eq!(
                std::fs::read(&path).unwrap(),
                content,
                "{name} left as it was"
            );
        }
    }

    #[tokio::test]
    async fn the_page_check_finds_a_damaged_page_and_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("o.db");
        SqliteStore::check_pages(&path)
            .await
            .expect("nothing to check yet");
        let store = SqliteStore::open(&path, OffsetDateTime::UNIX_EPOCH)
            .await
            .unwrap();
        for n in 0..40 {
            let (change, _) = fresh_change(&format!("CS2611231200{n:05}"));
            store.commit(change).await.unwrap();
        }
        store.close().await;
        SqliteStore::check_pages(&path).await.expect("a sound file");

        let mut bytes = std::fs::read(&path).unwrap();
        let page = 4096;
        let middle = bytes.len() / page / 2 * page;
        bytes[middle..middle + page].fill(0x55);
        std::fs::write(&path, bytes).unwrap();
        let err = SqliteStore::check_pages(&path)
            .await
            .expect_err("damage found")
            .to_string();
        assert!(
            err.contains(&format!("{} is damaged", path.display())),
            "{err}"
        );
    }

    #[tokio::test]
    async fn reads_at_once_share_at_most_max_readers_connections() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(
            SqliteStore::open(&dir.path().join("o.db"), OffsetDateTime::UNIX_EPOCH)
                .await
                .unwrap(),
        );
        let reads = (0..4 * MAX_READERS).map(|_| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                store
                    .read(|conn| {
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        Ok(conn.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))?)
                    })
                    .await
            })
        });
        for read in reads.collect::<Vec<_>>() {
            assert_eq!(read.await.unwrap().unwrap(), 1);
        }
        let opened = store.readers.idle.lock().unwrap().len();
        assert!((1..=MAX_READERS).contains(&opened), "{opened} connections");
        store.close().await;
    }

    #[tokio::test]
    async fn a_database_from_before_the_write_path_is_refused_with_a_word() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY)")
            .unwrap();
        let err = SqliteStore::open(&path, OffsetDateTime::UNIX_EPOCH)
            .await
            .err()
            .expect("refused");
        assert!(err.to_string().contains("older than 0.2"), "{err}");
    }
}
