//! The embedded SQLite store.
//!
//! One writer thread owns the only write connection and commits whatever requests are waiting in
//! one transaction (group commit): under load, thousands of orders share one fsync, while a lone
//! request still commits at once. Each order is applied under its own savepoint, so one bad order
//! (a duplicate id) never takes its batch-mates down with it. Reads use a small pool of
//! read-only connections, which WAL mode lets run beside the writer.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior, params};
use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};

use super::rows::{DeliveryRow, LineRow, OrderRow, ResourceRow};
use super::{Companion, MIGRATIONS, Store, StoreError};
use crate::domain::client_order::{ClientOrderId, ClientOrderRef};
use crate::domain::clock::utc_micros;
use crate::domain::delivery::DeliveryOrder;
use crate::domain::ids::OrderId;
use crate::domain::order::Order;
use crate::domain::resource::Resource;

/// The most writes one transaction commits.
const MAX_BATCH: usize = 4096;
/// How many writes may wait for the writer before callers are held back.
const QUEUE_DEPTH: usize = 65_536;

type Reply = oneshot::Sender<Result<(), StoreError>>;

enum WriteJob {
    InsertOrder(Box<Order>, Companion, Reply),
    SeedResources(Vec<Resource>, Reply),
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

impl SqliteStore {
    /// Opens (creating if needed) the database at `path`, migrates it (recording `now` as the
    /// time a migration was applied), and starts the writer.
    pub fn open(path: &Path, now: OffsetDateTime) -> Result<SqliteStore, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                StoreError::Backend(format!("cannot create {}: {e}", dir.display()))
            })?;
        }
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // FULL: a committed batch survives a power cut, not only a crash of the process.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&mut conn, now)?;

        let (tx, rx) = mpsc::channel(QUEUE_DEPTH);
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || run_writer(conn, rx))
            .map_err(|e| StoreError::Backend(format!("cannot start the writer thread: {e}")))?;
        Ok(SqliteStore {
            writer: tx,
            readers: Arc::new(ReadPool {
                path: path.to_path_buf(),
                idle: Mutex::new(Vec::new()),
            }),
        })
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
        tokio::task::spawn_blocking(move || readers.with(query))
            .await
            .map_err(|e| StoreError::Backend(format!("read task failed: {e}")))?
    }
}

fn migrate(conn: &mut Connection, now: OffsetDateTime) -> Result<(), StoreError> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
    )?;
    for &(version, sql) in MIGRATIONS {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let applied: Option<i64> = tx
            .query_row(
                "SELECT version FROM schema_migrations WHERE version = ?1",
                [version],
                |r| r.get(0),
            )
            .optional()?;
        if applied.is_none() {
            tx.execute_batch(sql)?;
            tx.execute(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)",
                params![version, utc_micros(now)],
            )?;
        }
        tx.commit()?;
    }
    Ok(())
}

fn run_writer(mut conn: Connection, mut jobs: mpsc::Receiver<WriteJob>) {
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
            if let Err(err) = conn.pragma_update(None, "wal_checkpoint", "TRUNCATE") {
                tracing::warn!(error = %err, "WAL checkpoint at close failed");
            }
            drop(conn);
            let _ = done.send(());
            return;
        }
    }
}

fn push_job(job: WriteJob, batch: &mut Vec<WriteJob>, closing: &mut Option<oneshot::Sender<()>>) {
    match job {
        WriteJob::Close(done) => *closing = Some(done),
        other => batch.push(other),
    }
}

fn commit_batch(conn: &mut Connection, batch: &mut Vec<WriteJob>) {
    if batch.is_empty() {
        return;
    }
    let outcome = (|| -> Result<Vec<Result<(), StoreError>>, StoreError> {
        let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut results = Vec::with_capacity(batch.len());
        for job in batch.iter() {
            let mut savepoint = tx.savepoint()?;
            let result = apply(&savepoint, job);
            if result.is_ok() {
                savepoint.commit()?;
            } else {
                savepoint.rollback()?;
            }
            results.push(result);
        }
        tx.commit()?;
        Ok(results)
    })();
    match outcome {
        Ok(results) => {
            for (job, result) in batch.drain(..).zip(results) {
                reply(job, result);
            }
        }
        Err(err) => {
            tracing::error!(error = %err, writes = batch.len(), "a write batch failed to commit");
            for job in batch.drain(..) {
                reply(job, Err(StoreError::Backend(err.to_string())));
            }
        }
    }
}

fn reply(job: WriteJob, result: Result<(), StoreError>) {
    match job {
        WriteJob::InsertOrder(_, _, reply) | WriteJob::SeedResources(_, reply) => {
            // The caller may have gone away (client disconnect); the write stands regardless.
            let _ = reply.send(result);
        }
        WriteJob::Close(_) => {}
    }
}

fn apply(conn: &Connection, job: &WriteJob) -> Result<(), StoreError> {
    match job {
        WriteJob::InsertOrder(order, companion, _) => {
            insert_order(conn, order)?;
            match companion {
                Companion::Nothing => Ok(()),
                Companion::ClientRef(client) => insert_client_order(conn, order, client),
                Companion::Delivery(delivery) => insert_delivery_order(conn, delivery),
            }
        }
        WriteJob::SeedResources(resources, _) => {
            for resource in resources {
                insert_resource(conn, resource, true)?;
            }
            Ok(())
        }
        WriteJob::Close(_) => Ok(()),
    }
}

fn insert_order(conn: &Connection, order: &Order) -> Result<(), StoreError> {
    let row = OrderRow::from_order(order);
    let inserted = conn
        .prepare_cached(
            "INSERT INTO orders (id, domain_id, project_id, cloud_service_type, order_type, charging_mode, \
             period_type, period_num, auto_renew, total, currency, status, created_at, updated_at, request_body) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?
        .execute(params![
            row.id,
            row.domain_id,
            row.project_id,
            row.cloud_service_type,
            row.order_type,
            row.charging_mode,
            row.period_type,
            row.period_num,
            row.auto_renew,
            row.total,
            row.currency,
            row.status,
            row.created_at,
            row.updated_at,
            row.request_body
        ]);
    match inserted {
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::ConstraintViolation => {
            return Err(StoreError::DuplicateOrderId(order.id.clone()));
        }
        other => other?,
    };
    let mut insert_line = conn.prepare_cached(
        "INSERT INTO order_lines (order_id, line_no, product_id, cloud_service_type, resource_type, \
         resource_spec_code, period_type, period_num, quantity, size, size_measure_id, unit_price, amount, resource_id) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    for (i, line) in order.draft.priced.lines.iter().enumerate() {
        let l = LineRow::from_line(i, line);
        insert_line.execute(params![
            row.id,
            l.line_no,
            l.product_id,
            l.cloud_service_type,
            l.resource_type,
            l.resource_spec_code,
            l.period_type,
            l.period_num,
            l.quantity,
            l.size,
            l.size_measure_id,
            l.unit_price,
            l.amount,
            l.resource_id
        ])?;
    }
    for resource in &order.draft.priced.resources {
        // A draft's resources cannot know the order id yet (it is given when the order is
        // placed, and changes on a retried clash); they belong to the order stored here.
        let resource = Resource {
            order_id: Some(order.id.to_string()),
            ..resource.clone()
        };
        insert_resource(conn, &resource, false)?;
    }
    Ok(())
}

/// Records the caller's id of `order`. The primary key (account, caller's id) decides: when it is
/// taken, the stored order and hash are reported and the caller's savepoint undoes the order.
fn insert_client_order(
    conn: &Connection,
    order: &Order,
    client: &ClientOrderRef,
) -> Result<(), StoreError> {
    let inserted = conn
        .prepare_cached(
            "INSERT INTO client_orders (domain_id, client_order_id, order_id, content_hash) \
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![
            order.draft.domain_id,
            client.client_order_id.as_str(),
            order.id.as_str(),
            client.content_hash
        ]);
    match inserted {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::ConstraintViolation => {
            let (order_id, content_hash) = load_client_order(
                conn,
                &order.draft.domain_id,
                client.client_order_id.as_str(),
            )?
            .ok_or_else(|| StoreError::Backend("client order clashed but cannot be read".into()))?;
            Err(StoreError::ClientOrderExists {
                client_order_id: client.client_order_id.clone(),
                order_id,
                content_hash,
            })
        }
        Err(other) => Err(other.into()),
    }
}

fn load_client_order(
    conn: &Connection,
    domain_id: &str,
    client_order_id: &str,
) -> Result<Option<(OrderId, String)>, StoreError> {
    let row: Option<(String, String)> = conn
        .prepare_cached(
            "SELECT order_id, content_hash FROM client_orders \
             WHERE domain_id = ?1 AND client_order_id = ?2",
        )?
        .query_row(params![domain_id, client_order_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    row.map(|(id, hash)| {
        id.parse::<OrderId>()
            .map(|id| (id, hash))
            .map_err(|_| StoreError::Corrupt(format!("order id {id:?}")))
    })
    .transpose()
}

fn insert_delivery_order(conn: &Connection, delivery: &DeliveryOrder) -> Result<(), StoreError> {
    let d = DeliveryRow::from_delivery(delivery);
    conn.prepare_cached(
        "INSERT INTO delivery_orders (id, name, domain_id, status, edge_site_id, order_id, \
         effected_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        d.id,
        d.name,
        d.domain_id,
        d.status,
        d.edge_site_id,
        d.order_id,
        d.effected_at,
        d.created_at,
        d.updated_at
    ])?;
    Ok(())
}

fn insert_resource(
    conn: &Connection,
    resource: &Resource,
    keep_existing: bool,
) -> Result<(), StoreError> {
    let r = ResourceRow::from_resource(resource);
    let sql = if keep_existing {
        "INSERT INTO resources (project_id, id, domain_id, resource_type, spec_code, order_id, parent_id, created_at, expires_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (project_id, id) DO NOTHING"
    } else {
        "INSERT INTO resources (project_id, id, domain_id, resource_type, spec_code, order_id, parent_id, created_at, expires_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
    };
    conn.prepare_cached(sql)?.execute(params![
        r.project_id,
        r.id,
        r.domain_id,
        r.resource_type,
        r.spec_code,
        r.order_id,
        r.parent_id,
        r.created_at,
        r.expires_at
    ])?;
    Ok(())
}

/// Read-only connections, opened on demand and kept for reuse.
struct ReadPool {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
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

fn resource_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ResourceRow> {
    Ok(ResourceRow {
        project_id: r.get(0)?,
        id: r.get(1)?,
        domain_id: r.get(2)?,
        resource_type: r.get(3)?,
        spec_code: r.get(4)?,
        order_id: r.get(5)?,
        parent_id: r.get(6)?,
        created_at: r.get(7)?,
        expires_at: r.get(8)?,
    })
}

const RESOURCE_COLUMNS: &str = "project_id, id, domain_id, resource_type, spec_code, order_id, parent_id, created_at, expires_at";

fn load_order(conn: &Connection, domain_id: &str, id: &str) -> Result<Option<Order>, StoreError> {
    let row = conn
        .prepare_cached(
            "SELECT id, domain_id, project_id, cloud_service_type, order_type, charging_mode, period_type, \
             period_num, auto_renew, total, currency, status, created_at, updated_at, request_body \
             FROM orders WHERE id = ?1 AND domain_id = ?2",
        )?
        .query_row(params![id, domain_id], |r| {
            Ok(OrderRow {
                id: r.get(0)?,
                domain_id: r.get(1)?,
                project_id: r.get(2)?,
                cloud_service_type: r.get(3)?,
                order_type: r.get(4)?,
                charging_mode: r.get(5)?,
                period_type: r.get(6)?,
                period_num: r.get(7)?,
                auto_renew: r.get(8)?,
                total: r.get(9)?,
                currency: r.get(10)?,
                status: r.get(11)?,
                created_at: r.get(12)?,
                updated_at: r.get(13)?,
                request_body: r.get(14)?,
            })
        })
        .optional()?;
    let Some(row) = row else { return Ok(None) };
    let lines = conn
        .prepare_cached(
            "SELECT line_no, product_id, cloud_service_type, resource_type, resource_spec_code, period_type, \
             period_num, quantity, size, size_measure_id, unit_price, amount, resource_id \
             FROM order_lines WHERE order_id = ?1 ORDER BY line_no",
        )?
        .query_map([id], |r| {
            Ok(LineRow {
                line_no: r.get(0)?,
                product_id: r.get(1)?,
                cloud_service_type: r.get(2)?,
                resource_type: r.get(3)?,
                resource_spec_code: r.get(4)?,
                period_type: r.get(5)?,
                period_num: r.get(6)?,
                quantity: r.get(7)?,
                size: r.get(8)?,
                size_measure_id: r.get(9)?,
                unit_price: r.get(10)?,
                amount: r.get(11)?,
                resource_id: r.get(12)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let resources = conn
        .prepare_cached(&format!(
            "SELECT {RESOURCE_COLUMNS} FROM resources WHERE order_id = ?1 ORDER BY created_at, id"
        ))?
        .query_map([id], resource_row)?
        .collect::<Result<Vec<_>, _>>()?;
    row.into_order(lines, resources).map(Some)
}

#[async_trait]
impl Store for SqliteStore {
    async fn insert_order(&self, order: Order, companion: Companion) -> Result<(), StoreError> {
        self.write(|reply| WriteJob::InsertOrder(Box::new(order), companion, reply))
            .await
    }

    async fn client_order(
        &self,
        domain_id: &str,
        client_order_id: &ClientOrderId,
    ) -> Result<Option<(OrderId, String)>, StoreError> {
        let (domain_id, id) = (domain_id.to_owned(), client_order_id.to_string());
        self.read(move |conn| load_client_order(conn, &domain_id, &id))
            .await
    }

    async fn delivery_order(
        &self,
        domain_id: &str,
        id: &str,
    ) -> Result<Option<DeliveryOrder>, StoreError> {
        let (domain_id, id) = (domain_id.to_owned(), id.to_owned());
        self.read(move |conn| {
            conn.prepare_cached(
                "SELECT id, name, domain_id, status, edge_site_id, order_id, effected_at, \
                 created_at, updated_at FROM delivery_orders WHERE id = ?1 AND domain_id = ?2",
            )?
            .query_row(params![id, domain_id], |r| {
                Ok(DeliveryRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    domain_id: r.get(2)?,
                    status: r.get(3)?,
                    edge_site_id: r.get(4)?,
                    order_id: r.get(5)?,
                    effected_at: r.get(6)?,
                    created_at: r.get(7)?,
                    updated_at: r.get(8)?,
                })
            })
            .optional()?
            .map(DeliveryRow::into_delivery)
            .transpose()
        })
        .await
    }

    async fn count_orders(&self, domain_id: &str) -> Result<u64, StoreError> {
        let domain_id = domain_id.to_owned();
        self.read(move |conn| {
            let n: i64 = conn.query_row(
                "SELECT COUNT(*) FROM orders WHERE domain_id = ?1",
                [domain_id],
                |r| r.get(0),
            )?;
            u64::try_from(n).map_err(|_| StoreError::Corrupt(format!("order count {n}")))
        })
        .await
    }

    async fn order(&self, domain_id: &str, id: &OrderId) -> Result<Option<Order>, StoreError> {
        let (domain_id, id) = (domain_id.to_owned(), id.to_string());
        self.read(move |conn| load_order(conn, &domain_id, &id))
            .await
    }

    async fn resource(&self, project_id: &str, id: &str) -> Result<Option<Resource>, StoreError> {
        let (project_id, id) = (project_id.to_owned(), id.to_owned());
        self.read(move |conn| {
            conn.prepare_cached(&format!(
                "SELECT {RESOURCE_COLUMNS} FROM resources WHERE project_id = ?1 AND id = ?2"
            ))?
            .query_row(params![project_id, id], resource_row)
            .optional()?
            .map(ResourceRow::into_resource)
            .transpose()
        })
        .await
    }

    async fn seed_resources(&self, resources: Vec<Resource>) -> Result<(), StoreError> {
        self.write(|reply| WriteJob::SeedResources(resources, reply))
            .await
    }

    async fn ping(&self) -> Result<(), StoreError> {
        self.read(|conn| Ok(conn.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))?))
            .await
            .map(drop)
    }

    async fn close(&self) {
        let (done, closed) = oneshot::channel();
        if self.writer.send(WriteJob::Close(done)).await.is_ok() {
            let _ = closed.await;
        }
    }
}
