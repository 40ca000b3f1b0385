//! The one migration runner both backends use. The whole run is one transaction that first
//! takes the database's exclusive write lock (SQLite `BEGIN IMMEDIATE`, a PostgreSQL advisory
//! transaction lock), so processes starting at once apply each migration exactly once.

use async_trait::async_trait;
use time::OffsetDateTime;

use super::StoreError;
use super::rows::micros;

/// The schema, in order. Each entry runs once and is recorded in `orderd_migrations`.
pub const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("migrations/0001_schema.sql")),
    (2, include_str!("migrations/0002_subscriptions.sql")),
    (3, include_str!("migrations/0003_nodes.sql")),
    (4, include_str!("migrations/0004_health.sql")),
    (5, include_str!("migrations/0005_order_resources.sql")),
    (6, include_str!("migrations/0006_order_counts.sql")),
];

/// The table earlier orderd versions (before the one write path) recorded migrations in.
const LEGACY_TABLE: &str = "schema_migrations";

/// What the runner needs of a backend's connection.
#[async_trait]
pub trait Migrator: Send {
    /// Begins a transaction holding the lock that serialises migration runs.
    async fn begin_exclusive(&mut self) -> Result<(), StoreError>;
    /// True when the table `name` exists.
    async fn has_table(&mut self, name: &str) -> Result<bool, StoreError>;
    /// Runs `sql` (one or more statements).
    async fn execute(&mut self, sql: &str) -> Result<(), StoreError>;
    /// The versions recorded as applied.
    async fn applied(&mut self) -> Result<Vec<i64>, StoreError>;
    /// Records `version` as applied at `at` (microseconds since the epoch).
    async fn record(&mut self, version: i64, at: i64) -> Result<(), StoreError>;
    /// Commits the transaction.
    async fn commit(&mut self) -> Result<(), StoreError>;
    /// Rolls the transaction back.
    async fn rollback(&mut self);
}

/// Applies every migration the database lacks, recording `now` as the time each was applied.
pub async fn migrate(db: &mut dyn Migrator, now: OffsetDateTime) -> Result<(), StoreError> {
    db.begin_exclusive().await?;
    match apply_pending(db, now).await {
        Ok(()) => db.commit().await,
        Err(err) => {
            db.rollback().await;
            Err(err)
        }
    }
}

async fn apply_pending(db: &mut dyn Migrator, now: OffsetDateTime) -> Result<(), StoreError> {
    if db.has_table(LEGACY_TABLE).await? {
        return Err(StoreError::Backend(format!(
            "this database was made by an orderd older than 0.2 (it has a {LEGACY_TABLE} table) \
             and its schema cannot be upgraded in place; start on a new database, or move this \
             one aside"
        )));
    }
    db.execute(
        "CREATE TABLE IF NOT EXISTS orderd_migrations \
         (version BIGINT NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)",
    )
    .await?;
    let applied = db.applied().await?;
    let known = MIGRATIONS.last().map_or(0, |(v, _)| *v);
    if let Some(newer) = applied.iter().find(|v| **v > known) {
        return Err(StoreError::Backend(format!(
            "the database has schema version {newer}, newer than this orderd knows ({known}); \
             run a newer orderd"
        )));
    }
    for (version, sql) in MIGRATIONS {
        if !applied.contains(version) {
            db.execute(sql).await?;
            db.record(*version, micros(now)).await?;
        }
    }
    Ok(())
}
