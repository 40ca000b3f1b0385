//! IES (CloudPond) delivery orders: `POST /v2/{domain_id}/delivery-orders`.

use axum::extract::State;
use axum::routing::post;
use axum::{Extension, Json, Router};

use super::AppState;
use super::error::{ApiError, Family};
use super::extract::ApiJson;
use super::guard::Requires;
use super::scope::DomainScope;
use crate::auth::action::Action;
use crate::domain::order::OrderDraft;
use crate::wire::ies::{CreateDeliveryOrderRequest, CreateDeliveryOrderResponse};

const FAMILY: Family = Family::Ies;

/// The IES routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v2/{domain_id}/delivery-orders",
            post(create_delivery_order).requires(Action::IES_DELIVERY_ORDERS_CREATE),
        )
        .layer(Extension(FAMILY))
}

async fn create_delivery_order(
    State(state): State<AppState>,
    scope: DomainScope,
    body: ApiJson<CreateDeliveryOrderRequest>,
) -> Result<Json<CreateDeliveryOrderResponse>, ApiError> {
    let order = body
        .value
        .into_order(&scope.account, &state.catalog)
        .map_err(|rejection| ApiError::rejected(FAMILY, rejection))?;
    let draft = OrderDraft::new(scope.account.domain_id, None, order.order, body.raw);
    let (placed, delivery) = state
        .orders
        .place_delivery(draft, order.edge_site_id)
        .await
        .map_err(|e| ApiError::service(FAMILY, e))?;
    Ok(Json(CreateDeliveryOrderResponse {
        delivery_order: (&delivery).into(),
        order_ids: vec![placed.id().to_string()],
    }))
}
