//! BSS order management, scoped to the caller's account: order lists and details, resources,
//! balances, paying and cancelling; and the list of cloud services.

mod accounts;
mod details;
mod orders;
mod pay;
mod resources;
mod subscriptions;

use axum::routing::{get, post, put};
use axum::{Extension, Router};

use super::AppState;
use super::error::Family;
use super::guard::Requires;
use crate::auth::action::Action;

const FAMILY: Family = Family::Cbc;

/// The BSS routes. Their paths are fixed words, so each reaches its own handler ahead of the
/// package orders' `/v2/orders/{order_id}`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v2/orders/customer-orders",
            get(orders::list_customer_orders).requires(Action::BSS_ORDER_VIEW),
        )
        .route(
            "/v2/orders/customer-orders/details/{order_id}",
            get(details::show_customer_order_details).requires(Action::BSS_ORDER_VIEW),
        )
        .route(
            "/v2/orders/suscriptions/resources/query",
            post(resources::list_resources).requires(Action::BSS_ORDER_VIEW),
        )
        .route(
            "/v2/accounts/customer-accounts/balances",
            get(accounts::show_customer_account_balances).requires(Action::BSS_ORDER_VIEW),
        )
        .route(
            // Terraform probes it with whatever credentials it was given: every user may read
            // what orderd sells.
            "/v2/products/service-types",
            get(accounts::list_service_types).authenticated(),
        )
        .route(
            "/v3/orders/customer-orders/pay",
            post(pay::pay_orders).requires(Action::BSS_ORDER_UPDATE),
        )
        .route(
            "/v2/orders/customer-orders/cancel",
            put(pay::cancel_customer_order).requires(Action::BSS_ORDER_UPDATE),
        )
        .route(
            "/v2/orders/subscriptions/resources/renew",
            post(subscriptions::renewal_resources).requires(Action::BSS_ORDER_UPDATE),
        )
        .route(
            "/v2/orders/subscriptions/resources/unsubscribe",
            post(subscriptions::cancel_resources_subscription).requires(Action::BSS_ORDER_UPDATE),
        )
        .route(
            "/v2/orders/subscriptions/resources/autorenew/{resource_id}",
            post(subscriptions::auto_renewal_resources)
                .delete(subscriptions::cancel_auto_renewal_resources)
                .requires(Action::BSS_ORDER_UPDATE),
        )
        .route(
            "/v2/bills/ratings/period-resources/renew-rate",
            post(subscriptions::list_renew_rate_on_period).requires(Action::BSS_ORDER_VIEW),
        )
        .layer(Extension(FAMILY))
}
