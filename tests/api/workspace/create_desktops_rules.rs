//! `createDesktops`: each documented rule broken in turn.

use serde_json::{Value, json};

use super::create_desktops::{p, seed_example};
use super::{expect_invalid, place};
use crate::helpers::{TestApp, with_field};

#[tokio::test]
async fn every_create_desktops_rule_gives_a_400_naming_the_field() {
    let app = TestApp::spawn().await;
    let base = seed_example();
    let f = |rest: &str| format!("resources[0].create_desktops{rest}");
    let cases: Vec<(String, Option<Value>, String)> = vec![
        (p("/desktop_type"), None, f(".desktop_type: is required")),
        (
            p("/desktop_type"),
            Some(json!("PERSONAL")),
            f(".desktop_type: must be one of DEDICATED, SHARED"),
        ),
        (p("/product_id"), None, f(".product_id: is required")),
        (
            p("/product_id"),
            Some(json!("workspace.nope")),
            f(".product_id: no catalog product workspace.nope"),
        ),
        (
            p("/product_id"),
            Some(json!("workspace.pool.x.large2")),
            f(".product_id: product workspace.pool.x.large2 is not a desktop package"),
        ),
        (p("/image_type"), None, f(".image_type: is required")),
        (
            p("/image_type"),
            Some(json!("market")),
            f(".image_type: must be one of private, gold"),
        ),
        (p("/image_id"), None, f(".image_id: is required")),
        (
            p("/image_id"),
            Some(json!("a b")),
            f(".image_id: must not contain whitespace"),
        ),
        (
            p("/buy_type"),
            Some(json!("fast")),
            f(".buy_type: must be one of speed, custom"),
        ),
        (p("/root_volume"), None, f(".root_volume: is required")),
        (
            p("/root_volume/size"),
            Some(json!(70)),
            f(".root_volume.size: must be 80 to 32760 GB, got 70"),
        ),
        (
            p("/root_volume/size"),
            Some(json!(32770)),
            f(".root_volume.size: must be 80 to 32760 GB"),
        ),
        (
            p("/root_volume/size"),
            Some(json!(85)),
            f(".root_volume.size: must be a multiple of 10, got 85"),
        ),
        (
            p("/root_volume/size"),
            None,
            f(".root_volume.size: is required"),
        ),
        (
            p("/root_volume/type"),
            Some(json!("ESSD")),
            f(".root_volume.type: must be one of SAS, SSD, GPSSD, got ESSD"),
        ),
        (
            p("/root_volume/type"),
            None,
            f(".root_volume.type: is required"),
        ),
        (
            p("/root_volume/iops"),
            Some(json!(-1)),
            f(".root_volume.iops: must be 0 to 16380000"),
        ),
        (
            p("/root_volume/throughput"),
            Some(json!(4_095_001)),
            f(".root_volume.throughput: must be 0 to 4095000"),
        ),
        (
            p("/data_volumes"),
            Some(json!([{ "type": "SAS", "size": 5 }])),
            f(".data_volumes[0].size: must be 10 to 32760 GB, got 5"),
        ),
        (
            p("/data_volumes"),
            Some(json!(vec![json!({ "type": "SAS", "size": 10 }); 11])),
            f(".data_volumes: must hold 0 to 10 items, got 11"),
        ),
        (
            p("/nics"),
            Some(json!(vec![json!({ "subnet_id": "s" }); 6])),
            f(".nics: must hold 0 to 5 items, got 6"),
        ),
        (
            p("/nics"),
            Some(json!([{}])),
            f(".nics[0].subnet_id: is required"),
        ),
        (
            p("/security_groups"),
            Some(json!([{ "name": "x" }])),
            f(".security_groups[0].id: is required"),
        ),
        (
            p("/size"),
            Some(json!(2)),
            f(".size: must not be given together with desktops"),
        ),
        (
            p("/desktops"),
            None,
            f(".desktops: either desktops or size is required"),
        ),
        (
            p("/desktops"),
            Some(json!([])),
            f(".desktops: must hold 1 to 100 items, got 0"),
        ),
        (
            p("/desktop_name"),
            Some(json!("desk")),
            f(".desktop_name: is used together with size"),
        ),
        (
            p("/desktop_ips"),
            Some(json!(vec![json!("10.0.0.1"); 101])),
            f(".desktop_ips: must hold 0 to 100 items, got 101"),
        ),
        (
            p("/desktops/0/user_name"),
            None,
            f(".desktops[0].user_name: is required"),
        ),
        (
            p("/desktops/0/user_name"),
            Some(json!("1test")),
            f(".desktops[0].user_name: must start with a letter (LITE_AD)"),
        ),
        (
            p("/desktops/0/user_name"),
            Some(json!("u".repeat(21))),
            f(".desktops[0].user_name: must be 1 to 20 characters in a LITE_AD domain, got 21"),
        ),
        (
            p("/desktops/0/user_name"),
            Some(json!("te st")),
            f(".desktops[0].user_name: may hold only letters, digits, - and _"),
        ),
        (
            p("/desktops/0/user_group"),
            Some(json!("root")),
            f(
                ".desktops[0].user_group: must be one of sudo, default, administrators, users, got root",
            ),
        ),
        (
            p("/desktops/0/user_email"),
            Some(json!("test")),
            f(".desktops[0].user_email: must be an email address"),
        ),
        (
            p("/desktops/0/computer_name"),
            Some(json!("-pc")),
            f(".desktops[0].computer_name: must start with a letter or digit"),
        ),
        (
            p("/desktops/0/computer_name"),
            Some(json!("pc-")),
            f(".desktops[0].computer_name: must not end with -"),
        ),
        (
            p("/desktops/0/computer_name"),
            Some(json!("p".repeat(16))),
            f(".desktops[0].computer_name: must be 1 to 15 characters"),
        ),
        (
            p("/desktops/0/computer_name"),
            Some(json!("pc_1")),
            f(".desktops[0].computer_name: may hold only letters, digits and -"),
        ),
        (
            p("/desktops/0/os_host_name"),
            Some(json!("h".repeat(16))),
            f(".desktops[0].os_host_name: must be 1 to 15 characters"),
        ),
        (
            p("/desktops/0/desktop_name_prefix"),
            Some(json!("prefix")),
            f(".desktops[0].desktop_name_prefix: must be 0 to 5 characters"),
        ),
        (
            p("/desktops/0/copy_volume_desktop_id"),
            Some(json!("d1")),
            f(".desktops[0].copy_volume_ids: is required when copy_volume_desktop_id is given"),
        ),
        (
            p("/desktops/0/copy_volume_ids"),
            Some(json!(["v1"])),
            f(".desktops[0].copy_volume_desktop_id: is required when copy_volume_ids is given"),
        ),
        (p("/tags/0/key"), None, f(".tags[0].key: is required")),
        (
            p("/tags/0/key"),
            Some(json!("")),
            f(".tags[0].key: must not be empty"),
        ),
        (
            p("/tags/0/key"),
            Some(json!("k".repeat(129))),
            f(".tags[0].key: must be at most 128 characters, got 129"),
        ),
        (
            p("/tags/0/key"),
            Some(json!("a=b")),
            f(".tags[0].key: must not contain any of =*<>,|/"),
        ),
        (
            p("/tags/0/value"),
            Some(json!("v".repeat(44))),
            f(".tags[0].value: must be at most 43 characters, got 44"),
        ),
        (
            p("/tags/0/value"),
            Some(json!("a/b")),
            f(".tags[0].value: must not contain any of =*<>,|/"),
        ),
        (
            p("/tags"),
            Some(json!(vec![json!({ "key": "k" }); 21])),
            f(".tags: must hold 0 to 20 items, got 21"),
        ),
        (
            p("/eip"),
            Some(json!({ "type": "5_xyz", "bandwidth_size": 5 })),
            f(".eip.type: no catalog product workspace.eip.5_xyz"),
        ),
        (
            p("/eip"),
            Some(json!({ "type": "5_bgp", "bandwidth_size": 2001 })),
            f(".eip.bandwidth_size: must be 1 to 2000, got 2001"),
        ),
        (
            p("/eip"),
            Some(json!({ "type": "5_bgp" })),
            f(".eip.bandwidth_size: is required"),
        ),
        (
            p("/eip"),
            Some(json!({ "id": "e1", "charge_mode": "FLAT" })),
            f(".eip.charge_mode: must be one of TRAFFIC, BANDWIDTH"),
        ),
        (
            p("/enterprise_project_id"),
            Some(json!("x".repeat(37))),
            f(".enterprise_project_id: must be 1 to 36 characters"),
        ),
        (
            p("/desktop_name_policy_id"),
            Some(json!("x".repeat(37))),
            f(".desktop_name_policy_id: must be 0 to 36 characters"),
        ),
        (
            "/resources/0/period_type".into(),
            None,
            "resources[0].period_type: is required".into(),
        ),
        (
            "/resources/0/period_num".into(),
            None,
            "resources[0].period_num: is required".into(),
        ),
        (
            "/resources/0/period_type".into(),
            Some(json!(4)),
            "resources[0].period_type: must be one of 2 (month) or 3 (year), got 4".into(),
        ),
        (
            "/resources/0/period_type".into(),
            Some(json!(5)),
            "resources[0].period_type: must be one of 2 (month) or 3 (year), got 5".into(),
        ),
        (
            "/resources/0/period_num".into(),
            Some(json!(12)),
            "resources[0].period_num: must be 1 to 11 for months (period_type 2), got 12".into(),
        ),
        (
            "/resources/0/period_num".into(),
            Some(json!(0)),
            "resources[0].period_num: must be 1 to 11".into(),
        ),
        (
            p("/email_notification"),
            Some(json!("maybe")),
            f(".email_notification"),
        ),
    ];
    let cases: Vec<_> = cases
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.clone(), c.as_str()))
        .collect();
    expect_invalid(&app, &base, &cases).await;
}

#[tokio::test]
async fn desktop_name_lengths_depend_on_size() {
    let app = TestApp::spawn().await;
    let base = with_field(&seed_example(), &p("/desktops"), None);
    let cases: Vec<(Value, Value, Option<&str>)> = vec![
        (json!(1), json!("d".repeat(15)), None),
        (
            json!(1),
            json!("d".repeat(16)),
            Some("desktop_name: must be 1 to 15 characters, got 16"),
        ),
        (json!(3), json!("d".repeat(13)), None),
        (
            json!(3),
            json!("d".repeat(14)),
            Some("desktop_name: must be 1 to 13 characters as a name prefix"),
        ),
        (
            json!(101),
            json!("d"),
            Some("size: must be 1 to 100, got 101"),
        ),
    ];
    for (size, name, error) in cases {
        let body = with_field(
            &with_field(&base, &p("/size"), Some(size.clone())),
            &p("/desktop_name"),
            Some(name.clone()),
        );
        match error {
            None => {
                place(&app, &body).await;
            }
            Some(needle) => {
                super::expect_error(
                    &app,
                    &body,
                    400,
                    "WKS.0001",
                    needle,
                    &format!("size {size} name {name}"),
                )
                .await
            }
        }
    }
}
