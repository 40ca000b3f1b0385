//! `GET /health`: 200 once the store answers.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use super::AppState;
use super::error::{ApiError, Family};

/// The health route.
pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

async fn health(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    state
        .orders
        .ping()
        .await
        .map_err(|err| ApiError::service(Family::Gateway, err))?;
    Ok(Json(json!({ "status": "ok", "store": "ok" })))
}
