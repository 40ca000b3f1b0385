//! RenewalResources, CancelResourcesSubscription, AutoRenewalResources and
//! CancelAutoRenewalResources, ListRenewRateOnPeriod: subscriptions over time.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;

use super::FAMILY;
use crate::domain::order::Actor;
use crate::domain::subscription::ResourceRefusal;
use crate::http::AppState;
use crate::http::error::{ApiError, ErrorKind};
use crate::http::extract::{ApiBytes, ApiJson};
use crate::http::guard::Caller;
use crate::service::{Renewal, Settled};
use crate::wire::bss::subscriptions::{
    AutoRenewRequest, FailResourceInfo, OrdersAnswer, RenewRateAnswer, RenewRequest,
    UnsubscribeRequest,
};
use crate::wire::json::parse_json;

pub(super) async fn renewal_resources(
    State(state): State<AppState>,
    caller: Caller,
    body: ApiJson<RenewRequest>,
) -> Result<Json<OrdersAnswer>, ApiError> {
    let ask = body
        .value
        .into_ask()
        .map_err(|v| ApiError::invalid(FAMILY, &v))?;
    let renewal = Renewal {
        resource_ids: ask.resource_ids,
        period: ask.period,
        auto_pay: ask.auto_pay,
    };
    let settled = state
        .orders
        .renew(
            &caller.account.domain_id,
            &renewal,
            Actor::User(caller.user_name),
        )
        .await
        .map_err(|e| ApiError::service(FAMILY, e))?;
    Ok(Json(answer(settled)))
}

pub(super) async fn cancel_resources_subscription(
    State(state): State<AppState>,
    caller: Caller,
    body: ApiJson<UnsubscribeRequest>,
) -> Result<Json<OrdersAnswer>, ApiError> {
    let (ids, kind) = body
        .value
        .into_ask()
        .map_err(|v| ApiError::invalid(FAMILY, &v))?;
    let settled = state
        .orders
        .unsubscribe(
            &caller.account.domain_id,
            &ids,
            kind,
            Actor::User(caller.user_name),
        )
        .await
        .map_err(|e| ApiError::service(FAMILY, e))?;
    Ok(Json(answer(settled)))
}

pub(super) async fn auto_renewal_resources(
    State(state): State<AppState>,
    caller: Caller,
    Path(resource_id): Path<String>,
    ApiBytes(body): ApiBytes,
) -> Result<StatusCode, ApiError> {
    // The body is optional: none turns auto-renewal on with the resource's own period.
    let text = std::str::from_utf8(&body).unwrap_or_default();
    let request: AutoRenewRequest = if text.trim().is_empty() {
        AutoRenewRequest::default()
    } else {
        parse_json(text)
            .map_err(|message| ApiError::new(FAMILY, ErrorKind::InvalidParameter, message))?
    };
    let setting = request
        .into_setting()
        .map_err(|v| ApiError::invalid(FAMILY, &v))?;
    state
        .orders
        .set_auto_renew(&caller.account.domain_id, &resource_id, Some(setting))
        .await
        .map_err(|e| ApiError::service(FAMILY, e))?;
    Ok(StatusCode::NO_CONTENT)
}

pub(super) async fn cancel_auto_renewal_resources(
    State(state): State<AppState>,
    caller: Caller,
    Path(resource_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    state
        .orders
        .set_auto_renew(&caller.account.domain_id, &resource_id, None)
        .await
        .map_err(|e| ApiError::service(FAMILY, e))?;
    Ok(StatusCode::NO_CONTENT)
}

pub(super) async fn list_renew_rate_on_period(
    State(state): State<AppState>,
    caller: Caller,
    body: ApiJson<RenewRequest>,
) -> Result<Json<RenewRateAnswer>, ApiError> {
    let ask = body
        .value
        .into_ask()
        .map_err(|v| ApiError::invalid(FAMILY, &v))?;
    let (quotes, failures) = state
        .orders
        .renewal_quotes(&caller.account.domain_id, &ask.resource_ids, ask.period)
        .await
        .map_err(|e| ApiError::service(FAMILY, e))?;
    let currency = quotes
        .first()
        .map_or_else(|| "CNY".to_owned(), |q| q.currency.as_str().to_owned());
    let prices = quotes
        .into_iter()
        .map(|q| (q.resource_id, q.amount))
        .collect();
    Ok(Json(RenewRateAnswer::new(
        currency,
        prices,
        failures.iter().map(fail_info).collect(),
    )))
}

/// The answer of a request that made one order per resource.
fn answer(settled: Settled) -> OrdersAnswer {
    OrdersAnswer {
        order_ids: settled.order_ids.iter().map(|id| id.to_string()).collect(),
        fail_resource_infos: settled.failures.iter().map(fail_info).collect(),
    }
}

/// The `fail_resource_infos[]` entry of `refusal`.
fn fail_info(refusal: &ResourceRefusal) -> FailResourceInfo {
    FailResourceInfo {
        error_code: ApiError::refusal_code(refusal),
        error_msg: refusal.to_string(),
        resource_id: refusal.resource_id().to_owned(),
    }
}
