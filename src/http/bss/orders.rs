//! ListCustomerOrders: `GET /v2/orders/customer-orders`, the caller's account's orders.

use axum::Json;
use axum::extract::State;

use super::FAMILY;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::extract::ApiQuery;
use crate::http::guard::Caller;
use crate::wire::bss::orders::{
    ListCustomerOrdersQuery, ListCustomerOrdersResponse, OrderSelection,
};

pub(super) async fn list_customer_orders(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ListCustomerOrdersQuery>,
) -> Result<Json<ListCustomerOrdersResponse>, ApiError> {
    let selection = query
        .into_selection(&caller.account.domain_id, &state.catalog.service_types())
        .map_err(|v| ApiError::invalid(FAMILY, &v))?;
    let OrderSelection::Orders(query) = selection else {
        return Ok(Json(ListCustomerOrdersResponse::new(&[], 0)));
    };
    let page = state
        .orders
        .orders(&query)
        .await
        .map_err(|e| ApiError::service(FAMILY, e))?;
    Ok(Json(ListCustomerOrdersResponse::new(
        &page.orders,
        page.total,
    )))
}
