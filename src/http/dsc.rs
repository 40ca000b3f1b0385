//! DSC: `POST /v1/{project_id}/period/order`.

use axum::extract::State;
use axum::routing::post;
use axum::{Extension, Json, Router};

use super::AppState;
use super::error::{ApiError, Family};
use super::extract::ApiJson;
use super::scope::ProjectScope;
use crate::auth::action::Action;
use crate::auth::guard::Requires;
use crate::domain::order::{OrderDraft, OrderType};
use crate::wire::common::OrderIdView;
use crate::wire::dsc::{DSC_SERVICE_TYPE, PeriodOrderRequest};

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
    let draft = OrderDraft {
        domain_id: scope.account.domain_id,
        project_id: Some(scope.project.id),
        cloud_service_type: DSC_SERVICE_TYPE.to_owned(),
        order_type: OrderType::New,
        charging_mode: order.charging_mode,
        period: Some(order.period),
        auto_renew: order.auto_renew,
        lines: order.lines,
        currency: order.currency,
        request_body: body.raw,
        resources: Vec::new(),
    };
    let placed = state
        .orders
        .place(draft)
        .await
        .map_err(|e| ApiError::internal(FAMILY, &e))?;
    Ok(Json(OrderIdView {
        order_id: placed.id.to_string(),
    }))
}
