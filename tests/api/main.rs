//! HTTP tests against a real orderd on a random port with a real (temporary) database.

mod auth;
mod backend;
mod bss;
mod bss_accounts;
mod bss_details;
mod bss_helpers;
mod bss_orders;
mod bss_resources;
mod detail;
mod dsc;
mod dsc_specification;
mod fuzz;
mod helpers;
mod iam;
mod ies;
mod ies_delivery;
mod lifecycle;
mod lifecycle_helpers;
mod operator;
mod package;
mod process;
mod rating;
mod server;
mod subscriptions;
mod workspace;
mod workspace_app;
