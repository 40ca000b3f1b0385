//! Workspace App: `POST /v1/{project_id}/bundles/subscribe/order`.

use axum::extract::State;
use axum::routing::post;
use axum::{Extension, Json, Router};

use super::AppState;
use super::error::{ApiError, Family};
use super::extract::ApiJson;
use super::scope::ProjectScope;
use crate::auth::action::Action;
use crate::auth::guard::Requires;
use crate::domain::order::{ChargingMode, OrderDraft, OrderType};
use crate::wire::common::OrderIdView;
use crate::wire::workspace_app::{APP_SERVICE_TYPE, CreateOrderRequest};

const FAMILY: Family = Family::WorkspaceApp;

/// The Workspace App routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v1/{project_id}/bundles/subscribe/order",
            post(create_order).requires(Action::WORKSPACE_ORDERS_CREATE),
        )
        .layer(Extension(FAMILY))
}

async fn create_order(
    State(state): State<AppState>,
    scope: ProjectScope,
    body: ApiJson<CreateOrderRequest>,
) -> Result<Json<OrderIdView>, ApiError> {
    let order = body
        .value
        .into_order(&state.catalog)
        .map_err(|v| ApiError::invalid(FAMILY, &v))?;
    let draft = OrderDraft {
        domain_id: scope.account.domain_id,
        project_id: Some(scope.project.id),
        cloud_service_type: APP_SERVICE_TYPE.to_owned(),
        order_type: OrderType::New,
        charging_mode: ChargingMode::Prepaid,
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
