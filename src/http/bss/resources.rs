//! ListPayPerUseCustomerResources: `POST /v2/orders/suscriptions/resources/query`, the caller's
//! account's delivered resources.

use axum::Json;
use axum::extract::State;

use super::FAMILY;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::extract::ApiJson;
use crate::http::guard::Caller;
use crate::wire::bss::resources::{
    QueryResourcesRequest, QueryResourcesResponse, ResourceSelection, ResourceView,
};

pub(super) async fn list_resources(
    State(state): State<AppState>,
    caller: Caller,
    body: ApiJson<QueryResourcesRequest>,
) -> Result<Json<QueryResourcesResponse>, ApiError> {
    let ResourceSelection { query, order } = body
        .value
        .into_selection(&caller.account.domain_id)
        .map_err(|v| ApiError::invalid(FAMILY, &v))?;
    let listing = state
        .orders
        .resource_list(&query, order.as_deref())
        .await
        .map_err(|e| ApiError::service(FAMILY, e))?;
    let data = listing
        .resources
        .iter()
        .map(|listed| {
            ResourceView::new(
                &listed.resource,
                listed.order.as_deref(),
                listed.edge_site_id.as_deref(),
                &caller.account,
            )
        })
        .collect();
    Ok(Json(QueryResourcesResponse {
        total_count: listing.total,
        data,
    }))
}
