//! ShowCustomerAccountBalances (`GET /v2/accounts/customer-accounts/balances`), the caller's
//! account's balance; and ListServiceTypes (`GET /v2/products/service-types`), the cloud
//! services orderd's catalog sells.

use axum::Json;
use axum::extract::State;

use super::FAMILY;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::extract::ApiQuery;
use crate::http::guard::Caller;
use crate::wire::bss::balances::AccountBalancesResponse;
use crate::wire::bss::service_types::{ListServiceTypesQuery, ListServiceTypesResponse};

pub(super) async fn show_customer_account_balances(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<AccountBalancesResponse>, ApiError> {
    let balance = state
        .orders
        .balance(&caller.account.domain_id)
        .await
        .map_err(|e| ApiError::service(FAMILY, e))?;
    Ok(Json(AccountBalancesResponse::new(&balance)))
}

pub(super) async fn list_service_types(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ListServiceTypesQuery>,
) -> Result<Json<ListServiceTypesResponse>, ApiError> {
    let filter = query
        .into_filter()
        .map_err(|v| ApiError::invalid(FAMILY, &v))?;
    Ok(Json(ListServiceTypesResponse::new(
        &state.catalog.service_types(),
        &filter,
    )))
}
