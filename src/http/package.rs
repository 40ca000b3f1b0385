//! Cloud service package orders: `POST /v2/orders/{order_id}`.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Extension, Router};

use super::AppState;
use super::error::{ApiError, Family};
use super::extract::ApiJson;
use super::guard::{Caller, Requires};
use crate::auth::action::Action;
use crate::domain::client_order::ClientOrderRef;
use crate::domain::order::OrderDraft;
use crate::service::NamedPlacement;
use crate::wire::package::PackageOrderRequest;

const FAMILY: Family = Family::Cbc;

/// The cloud service package order routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v2/orders/{order_id}",
            post(submit_package_order).requires(Action::BSS_ORDER_UPDATE),
        )
        .layer(Extension(FAMILY))
}

/// 200 with an empty body when the order is stored, and again when the same order id is
/// submitted with the same content (nothing new is stored); 409 when it comes with other content.
async fn submit_package_order(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<String>, PathRejection>,
    body: ApiJson<PackageOrderRequest>,
) -> Result<StatusCode, ApiError> {
    let Path(order_id) = path.map_err(|e| ApiError::not_found(FAMILY, e.body_text()))?;
    let order = body
        .value
        .into_order(&order_id, &caller.account, &state.catalog)
        .map_err(|rejection| ApiError::rejected(FAMILY, rejection))?;
    let draft = OrderDraft::new(order.domain_id, order.project_id, order.order, body.raw);
    let client = ClientOrderRef {
        client_order_id: order.client_order_id,
        content_hash: draft.content_digest(),
    };
    let client_order_id = client.client_order_id.clone();
    match state.orders.place_named(draft, client).await {
        Ok(NamedPlacement::Created(_) | NamedPlacement::Replayed(_)) => Ok(StatusCode::OK),
        Ok(NamedPlacement::Conflict(stored)) => Err(ApiError::conflict(
            FAMILY,
            format!(
                "order_id: order {client_order_id} was already submitted with other content (stored as {stored})"
            ),
        )),
        Err(e) => Err(ApiError::service(FAMILY, e)),
    }
}
