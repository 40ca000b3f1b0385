//! User names follow the project's Workspace directory type (LITE_AD by default, LOCAL_AD when
//! the project declares a directory resource) and the desktop's OS.

use serde_json::json;

use super::{expect_error, place};
use crate::helpers::{TestApp, with_field};

const LOCAL_AD_CONFIG: &str = r#"
[[resources]]
project_id = "0bec5db98280d2d02fd6c00c2de791ce"
id = "workspace-directory"
resource_type = "hws.resource.type.workspace.directory"
spec_code = "LOCAL_AD"

[[resources]]
project_id = "0bec5db98280d2d02fd6c00c2de791ce"
id = "win-desk"
resource_type = "hws.resource.type.workspace.desktop"
spec_code = "workspace.x.large2.windows2019"
"#;

const USER: &str = "/resources/0/create_desktops/desktops/0/user_name";
const PRODUCT: &str = "/resources/0/create_desktops/product_id";

#[tokio::test]
async fn lite_ad_names_start_with_a_letter_and_stop_at_twenty() {
    let app = TestApp::spawn().await;
    let base = super::create_desktops::seed_example();
    place(&app, &with_field(&base, USER, Some(json!("u".repeat(20))))).await;
    for (name, needle) in [
        ("1user".to_owned(), "must start with a letter (LITE_AD)"),
        (
            "u".repeat(21),
            "must be 1 to 20 characters in a LITE_AD domain",
        ),
    ] {
        let body = with_field(&base, USER, Some(json!(name)));
        expect_error(&app, &body, 400, "WKS.0001", needle, &name).await;
    }
}

#[tokio::test]
async fn local_ad_names_may_start_with_a_digit_and_reach_32_on_linux_but_20_on_windows() {
    let app = TestApp::spawn_with_config(LOCAL_AD_CONFIG).await;
    let linux = super::create_desktops::seed_example();
    place(&app, &with_field(&linux, USER, Some(json!("1user")))).await;
    place(&app, &with_field(&linux, USER, Some(json!("u".repeat(32))))).await;
    let too_long = with_field(&linux, USER, Some(json!("u".repeat(33))));
    expect_error(
        &app,
        &too_long,
        400,
        "WKS.0001",
        "must be 1 to 32 characters in a LOCAL_AD domain",
        "33 linux",
    )
    .await;

    let windows = with_field(
        &linux,
        PRODUCT,
        Some(json!("workspace.x.large2.windows2019")),
    );
    place(
        &app,
        &with_field(&windows, USER, Some(json!("u".repeat(20)))),
    )
    .await;
    let body = with_field(&windows, USER, Some(json!("u".repeat(21))));
    expect_error(
        &app,
        &body,
        400,
        "WKS.0001",
        "must be 1 to 20 characters for a Windows desktop",
        "21 windows",
    )
    .await;
}

#[tokio::test]
async fn assigning_a_windows_desktop_caps_the_user_name_at_twenty() {
    let app = TestApp::spawn_with_config(LOCAL_AD_CONFIG).await;
    let body = |name: &str| {
        super::order(
            "rebuildDesktops",
            "attach_desktops",
            json!({ "desktops": [{ "desktop_id": "win-desk", "user_name": name, "user_group": "users" }] }),
            false,
        )
    };
    place(&app, &body(&"u".repeat(20))).await;
    expect_error(
        &app,
        &body(&"u".repeat(21)),
        400,
        "WKS.0001",
        "resources[0].attach_desktops.desktops[0].user_name: must be 1 to 20 characters for a Windows desktop",
        "21",
    )
    .await;
}
