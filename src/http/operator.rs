//! The operator endpoints under `/orderd/v1/`: orderd's own, not Huawei Cloud's. They need the
//! operator's bearer token (`Authorization: Bearer <token>`), not an account's credentials.
//!
//! - `GET /orderd/v1/clock`, `POST /orderd/v1/clock` (`{"advance": "P7D"}` or `{"set": ...}`)
//! - `PUT /orderd/v1/accounts/{domain_id}/balance` (`{"balance": "1000.00"}`)
//! - `POST /orderd/v1/reset`: drop every order and resource, restore fixtures and balances

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::{get, post, put};
use axum::{Extension, Json, Router};

use super::AppState;
use super::error::{ApiError, ErrorKind, Family};
use super::extract::ApiJson;
use crate::domain::clock::utc_seconds;
use crate::wire::operator::{BalanceRequest, BalanceView, ClockRequest, ClockView};

const FAMILY: Family = Family::Gateway;

/// The operator routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/orderd/v1/clock", get(show_clock).post(move_clock))
        .route("/orderd/v1/accounts/{domain_id}/balance", put(set_balance))
        .route("/orderd/v1/reset", post(reset))
        .layer(Extension(FAMILY))
}

/// Refuses a request without the operator's token.
fn operator(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match (&state.operator.token, given) {
        (None, _) => Err(ApiError::new(
            FAMILY,
            ErrorKind::Forbidden,
            "the operator endpoints are off: configure [operator] token",
        )),
        (Some(token), Some(given)) if token.matches(given) => Ok(()),
        (Some(_), _) => Err(ApiError::new(
            FAMILY,
            ErrorKind::Unauthenticated,
            "the operator endpoints need Authorization: Bearer <operator token>",
        )),
    }
}

fn clock_view(state: &AppState) -> Json<ClockView> {
    Json(ClockView {
        now: utc_seconds(state.orders.now()),
        simulated: state.orders.clock_is_movable(),
    })
}

async fn show_clock(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<ClockView>, ApiError> {
    operator(&state, &headers)?;
    Ok(clock_view(&state))
}

async fn move_clock(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: ApiJson<ClockRequest>,
) -> Result<Json<ClockView>, ApiError> {
    operator(&state, &headers)?;
    let target = body
        .value
        .target(state.orders.now())
        .map_err(|v| ApiError::invalid(FAMILY, &v))?;
    state
        .orders
        .move_clock(target)
        .await
        .map_err(|e| ApiError::service(FAMILY, e))?;
    Ok(clock_view(&state))
}

async fn set_balance(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(domain_id): Path<String>,
    body: ApiJson<BalanceRequest>,
) -> Result<Json<BalanceView>, ApiError> {
    operator(&state, &headers)?;
    if state.accounts.by_domain(&domain_id).is_none() {
        return Err(ApiError::not_found(
            FAMILY,
            format!("domain_id: no account {domain_id}"),
        ));
    }
    let amount = body
        .value
        .amount()
        .map_err(|v| ApiError::invalid(FAMILY, &v))?;
    let balance = state
        .orders
        .set_balance(&domain_id, amount)
        .await
        .map_err(|e| ApiError::service(FAMILY, e))?;
    Ok(Json(BalanceView {
        domain_id,
        balance: balance.amount.to_string(),
        currency: balance.currency.to_string(),
    }))
}

async fn reset(State(state): State<AppState>, headers: HeaderMap) -> Result<StatusCode, ApiError> {
    operator(&state, &headers)?;
    if !state.operator.allow_reset && !state.orders.clock_is_movable() {
        return Err(ApiError::new(
            FAMILY,
            ErrorKind::Forbidden,
            "reset drops every order: allowed only with --clock simulated or --allow-reset",
        ));
    }
    state
        .orders
        .reset()
        .await
        .map_err(|e| ApiError::service(FAMILY, e))?;
    Ok(StatusCode::NO_CONTENT)
}
