//! DSC: `POST /v1/{project_id}/period/order`.

use axum::extract::State;
use axum::routing::post;
use axum::{Extension, Json, Router};

use super::AppState;
use super::error::{ApiError, Family};
use super::extract::ApiJson;
use super::guard::Requires;
use super::orders;
use super::scope::ProjectScope;
use crate::auth::action::Action;
use crate::wire::common::OrderIdView;
use crate::wire::dsc::PeriodOrderRequest;

const FAMILY: Family = Family::Dsc;

/// The DSC routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v1/{project_id}/period/order",
            post(create_product_order).requires(Action::DSC_ORDERS_CREATE),
        )
        .layer(Extension(FAMILY))
}

async fn create_product_order(
    State(state): State<AppState>,
    scope: ProjectScope,
    body: ApiJson<PeriodOrderRequest>,
) -> Result<Json<OrderIdView>, ApiError> {
    let order = body
        .value
        .into_order(&scope.project, &state.catalog)
        .map_err(|v| ApiError::invalid(FAMILY, &v))?;
    orders::place_in_project(&state, FAMILY, scope, order, body.raw, None).await
}
