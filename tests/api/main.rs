//! HTTP tests against a real orderd on a random port with a real (temporary) database.

mod dsc;
mod helpers;
mod server;
mod workspace;
