//! BSS ListRateOnPeriodDetail: `POST /v2/bills/ratings/period-resources/subscribe-rate`, the
//! price of yearly/monthly products from the catalog, for a project of the caller's account.

use axum::extract::State;
use axum::routing::post;
use axum::{Extension, Json, Router};

use super::AppState;
use super::error::{ApiError, Family};
use super::extract::ApiJson;
use super::guard::{Caller, Requires};
use crate::auth::action::Action;
use crate::wire::rating::{RateOnPeriodReq, RateOnPeriodResponse};

const FAMILY: Family = Family::Cbc;

/// The price inquiry route.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v2/bills/ratings/period-resources/subscribe-rate",
            post(list_rate_on_period_detail).requires(Action::BSS_ORDER_VIEW),
        )
        .layer(Extension(FAMILY))
}

/// Prices the lines; nothing is stored.
async fn list_rate_on_period_detail(
    State(state): State<AppState>,
    caller: Caller,
    body: ApiJson<RateOnPeriodReq>,
) -> Result<Json<RateOnPeriodResponse>, ApiError> {
    let inquiry = body
        .value
        .into_inquiry(&caller.account, &state.catalog)
        .map_err(|rejection| ApiError::rejected(FAMILY, rejection))?;
    Ok(Json(inquiry.into()))
}
