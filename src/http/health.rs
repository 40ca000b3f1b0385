//! `GET /health`: 200 when the store can commit a write now, else 503. Answering "ok" because
//! the process runs, or because a read works, would keep a node in rotation with a full disk,
//! a read-only or damaged file, or a lost database server: every order would then fail.

use std::time::Duration;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use super::AppState;
use super::error::{ApiError, ErrorKind, Family};

/// How long the store may take to commit the probe before the check answers 503: a writer
/// this far behind is not taking orders either.
const PROBE_DEADLINE: Duration = Duration::from_secs(5);

/// The health route.
pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

async fn health(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let cause = match tokio::time::timeout(PROBE_DEADLINE, state.orders.check_writes()).await {
        Ok(Ok(())) => return Ok(Json(json!({ "status": "ok", "store": "ok" }))),
        Ok(Err(err)) => err.to_string(),
        Err(_) => format!(
            "no commit within {}",
            humantime::format_duration(PROBE_DEADLINE)
        ),
    };
    // The cause may name files and servers: for the log, not for whoever asks.
    tracing::error!(cause = ?cause, "health check: the store cannot write");
    Err(ApiError::new(
        Family::Gateway,
        ErrorKind::Unavailable,
        "the store cannot write; see orderd's log",
    ))
}
