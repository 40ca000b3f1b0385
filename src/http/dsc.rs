//! DSC: `POST /v1/{project_id}/period/order` and `GET /v1/{project_id}/period/product/specification`.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};

use super::AppState;
use super::error::{ApiError, Family};
use super::extract::ApiJson;
use super::guard::Requires;
use super::orders;
use super::scope::ProjectScope;
use crate::auth::action::Action;
use crate::wire::common::OrderIdView;
use crate::wire::dsc::{DSC_SERVICE_TYPE, PeriodOrderRequest, SpecificationResponse};

const FAMILY: Family = Family::Dsc;

/// The DSC routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v1/{project_id}/period/order",
            post(create_product_order).requires(Action::DSC_ORDERS_CREATE),
        )
        .route(
            "/v1/{project_id}/period/product/specification",
            get(show_specification).requires(Action::DSC_ORDERS_VIEW),
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

/// The project's delivered DSC edition and packages.
async fn show_specification(
    State(state): State<AppState>,
    scope: ProjectScope,
) -> Result<Json<SpecificationResponse>, ApiError> {
    let subscriptions = state
        .orders
        .subscriptions(
            &scope.account.domain_id,
            &scope.project.id,
            DSC_SERVICE_TYPE,
        )
        .await
        .map_err(|e| ApiError::service(FAMILY, e))?;
    Ok(Json(SpecificationResponse::new(
        subscriptions
            .iter()
            .map(|s| (&s.resource, s.order.as_deref())),
    )))
}
