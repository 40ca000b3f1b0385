//! ShowCustomerOrderDetails: `GET /v2/orders/customer-orders/details/{order_id}`, scoped to the
//! caller's account. The path names the order by its `CS...` id or by the id the caller
//! submitted it under.

use axum::Json;
use axum::extract::{Path, State};

use super::FAMILY;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::extract::ApiQuery;
use crate::http::guard::Caller;
use crate::wire::bss::details::{OrderDetailsQuery, OrderDetailsResponse};

pub(super) async fn show_customer_order_details(
    State(state): State<AppState>,
    caller: Caller,
    Path(order_id): Path<String>,
    ApiQuery(query): ApiQuery<OrderDetailsQuery>,
) -> Result<Json<OrderDetailsResponse>, ApiError> {
    let page = query
        .into_page()
        .map_err(|v| ApiError::invalid(FAMILY, &v))?;
    let domain_id = &caller.account.domain_id;
    let service = |e| ApiError::service(FAMILY, e);
    let order = state
        .orders
        .order_named(domain_id, &order_id)
        .await
        .map_err(service)?
        .ok_or_else(|| ApiError::not_found(FAMILY, format!("order {order_id} does not exist")))?;
    let resources = state
        .orders
        .order_resources(domain_id, order.id())
        .await
        .map_err(service)?;
    Ok(Json(OrderDetailsResponse::new(
        &order,
        &caller.account.domain_name,
        &resources,
        page,
    )))
}
