//! IES (CloudPond) delivery orders under `/v2/{domain_id}/delivery-orders`: create, list, show,
//! delete.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Extension, Json, Router};

use super::AppState;
use super::error::{ApiError, ErrorKind, Family};
use super::extract::ApiJson;
use super::guard::{Caller, Requires};
use super::scope::DomainScope;
use crate::auth::action::Action;
use crate::domain::order::{Actor, OrderDraft};
use crate::wire::ies::list::{ListDeliveryOrdersResponse, ShowDeliveryOrderResponse, list_query};
use crate::wire::ies::{CreateDeliveryOrderRequest, CreateDeliveryOrderResponse};

const FAMILY: Family = Family::Ies;

const ONE: &str = "/v2/{domain_id}/delivery-orders/{delivery_order_id}";

/// The IES routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v2/{domain_id}/delivery-orders",
            post(create_delivery_order).requires(Action::IES_DELIVERY_ORDERS_CREATE),
        )
        .route(
            "/v2/{domain_id}/delivery-orders",
            get(list_delivery_orders).requires(Action::IES_DELIVERY_ORDERS_VIEW),
        )
        .route(
            ONE,
            get(show_delivery_order).requires(Action::IES_DELIVERY_ORDERS_VIEW),
        )
        .route(
            ONE,
            delete(delete_delivery_order).requires(Action::IES_DELIVERY_ORDERS_DELETE),
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

/// One page of the account's delivery orders.
async fn list_delivery_orders(
    State(state): State<AppState>,
    scope: DomainScope,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<ListDeliveryOrdersResponse>, ApiError> {
    let Query(params) =
        query.map_err(|e| ApiError::new(FAMILY, ErrorKind::InvalidParameter, e.body_text()))?;
    let query =
        list_query(&scope.account.domain_id, &params).map_err(|v| ApiError::invalid(FAMILY, &v))?;
    let page = state
        .orders
        .delivery_order_page(&query)
        .await
        .map_err(|e| ApiError::service(FAMILY, e))?;
    Ok(Json(ListDeliveryOrdersResponse::new(
        &page.orders,
        page.next_marker,
    )))
}

/// One delivery order of the account, deleted ones too.
async fn show_delivery_order(
    State(state): State<AppState>,
    scope: DomainScope,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Json<ShowDeliveryOrderResponse>, ApiError> {
    let id = delivery_order_id(path)?;
    let delivery = state
        .orders
        .delivery_order(&scope.account.domain_id, &id)
        .await
        .map_err(|e| ApiError::service(FAMILY, e))?
        .ok_or_else(|| {
            ApiError::not_found(FAMILY, format!("delivery order {id} does not exist"))
        })?;
    Ok(Json(ShowDeliveryOrderResponse {
        delivery_order: (&delivery).into(),
    }))
}

/// Deletes a delivery order (see `OrderService::delete_delivery_order`): 204 with no body.
async fn delete_delivery_order(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let id = delivery_order_id(path)?;
    state
        .orders
        .delete_delivery_order(
            &caller.account.domain_id,
            &id,
            Actor::User(caller.user_name),
        )
        .await
        .map_err(|e| ApiError::service(FAMILY, e))?;
    Ok(StatusCode::NO_CONTENT)
}

/// The path's delivery order id; a path that cannot be decoded names no delivery order.
fn delivery_order_id(
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<String, ApiError> {
    let Path((_, id)) = path.map_err(|e| ApiError::not_found(FAMILY, e.body_text()))?;
    Ok(id)
}
