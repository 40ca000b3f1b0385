//! Conformance audit against the seed page and the API definition: fields the first cut did not
//! read, limits it did not enforce, and rules it enforced where the seed says otherwise.

use serde_json::json;

use super::create_desktops::seed_example;
use super::desktop_pool::create_pool;
use super::{DEMO_DESKTOP, expect_invalid, order, place};
use crate::detail::{lines, order_id};
use crate::helpers::{Case, TestApp, with_field};

/// Seed Table 5 (`apply_shared_vpc_dedicated_param`, `hour_package_*`) and the definition's
/// limits on `availability_zone`, `ou_name` and `domain`, which the SDK sends.
#[tokio::test]
async fn create_desktops_fields_beyond_the_core_are_checked_against_their_limits() {
    let app = TestApp::spawn().await;
    let long = json!("a".repeat(256));
    let cases: Vec<Case<'_>> = vec![
        (
            "/resources/0/create_desktops/availability_zone",
            Some(long.clone()),
            "resources[0].create_desktops.availability_zone: must be 0 to 255 characters, got 256",
        ),
        (
            "/resources/0/create_desktops/ou_name",
            Some(json!("")),
            "resources[0].create_desktops.ou_name: must be 1 to 255 characters, got 0",
        ),
        (
            "/resources/0/create_desktops/domain",
            Some(long.clone()),
            "resources[0].create_desktops.domain: must be 1 to 255 characters, got 256",
        ),
        (
            "/resources/0/create_desktops/hour_package_product_id",
            Some(json!("")),
            "resources[0].create_desktops.hour_package_product_id: must be 1 to 255 characters, got 0",
        ),
        (
            "/resources/0/create_desktops/hour_package_offering_id",
            Some(long.clone()),
            "resources[0].create_desktops.hour_package_offering_id: must be 1 to 255 characters, got 256",
        ),
        (
            "/resources/0/create_desktops/apply_shared_vpc_dedicated_param",
            Some(json!({ "port": 80 })),
            "resources[0].create_desktops.apply_shared_vpc_dedicated_param.port: must be 1025 to 65535, got 80",
        ),
        (
            "/resources/0/create_desktops/apply_shared_vpc_dedicated_param",
            Some(json!({ "address": "a".repeat(256) })),
            "resources[0].create_desktops.apply_shared_vpc_dedicated_param.address: must be 0 to 255 characters, got 256",
        ),
        (
            "/resources/0/create_desktops/apply_shared_vpc_dedicated_param",
            Some(json!({ "availability_zone": vec!["az"; 11] })),
            "resources[0].create_desktops.apply_shared_vpc_dedicated_param.availability_zone: must hold 0 to 10 items, got 11",
        ),
        (
            "/resources/0/create_desktops/apply_shared_vpc_dedicated_param",
            Some(json!({ "availability_zone": [long] })),
            "resources[0].create_desktops.apply_shared_vpc_dedicated_param.availability_zone[0]: must be 0 to 255 characters, got 256",
        ),
        (
            "/resources/0/create_desktops/apply_shared_vpc_dedicated_param",
            Some(json!({ "port": "x" })),
            "resources[0].create_desktops.apply_shared_vpc_dedicated_param.port",
        ),
    ];
    expect_invalid(&app, &seed_example(), &cases).await;
}

#[tokio::test]
async fn create_desktops_accepts_every_documented_optional_field() {
    let app = TestApp::spawn().await;
    let mut body = seed_example();
    let cd = &mut body["resources"][0]["create_desktops"];
    cd["availability_zone"] = json!("cn-north-4a");
    cd["ou_name"] = json!("ou-1");
    cd["domain"] = json!("example.com");
    cd["hour_package_product_id"] = json!("workspace.hour.pkg");
    cd["hour_package_offering_id"] = json!("offering-1");
    cd["apply_shared_vpc_dedicated_param"] =
        json!({ "address": "10.0.0.1", "port": 8443, "availability_zone": ["az1", "az2"] });
    cd["if_mount_old_desktop_disk"] = json!(false);
    let order = place(&app, &body).await;
    assert_eq!(lines(&order).len(), 2, "package and system disk");
}

/// Seed Table 18 (`autoscale_policy`, Table 22) and the definition's limits on the pool's other
/// optional fields.
#[tokio::test]
async fn create_desktop_pool_reads_autoscale_policy_and_its_other_optional_fields() {
    let app = TestApp::spawn().await;
    let ap = "/resources/0/create_desktop_pool/autoscale_policy";
    let cases: Vec<Case<'_>> = vec![
        (
            ap,
            Some(json!({ "autoscale_type": "SOMETIMES" })),
            "resources[0].create_desktop_pool.autoscale_policy.autoscale_type: must be one of ACCESS_CREATED, AUTO_CREATED, got SOMETIMES",
        ),
        (
            ap,
            Some(json!({ "max_auto_created": 0 })),
            "resources[0].create_desktop_pool.autoscale_policy.max_auto_created: must be 1 to 5000, got 0",
        ),
        (
            ap,
            Some(json!({ "min_idle": 5001 })),
            "resources[0].create_desktop_pool.autoscale_policy.min_idle: must be 0 to 5000, got 5001",
        ),
        (
            ap,
            Some(json!({ "once_auto_created": 101 })),
            "resources[0].create_desktop_pool.autoscale_policy.once_auto_created: must be 1 to 100, got 101",
        ),
        (
            ap,
            Some(json!({ "min_retention": -1 })),
            "resources[0].create_desktop_pool.autoscale_policy.min_retention: must be 0 to 5000, got -1",
        ),
        (
            ap,
            Some(json!({ "idle_retention_duration": 43201 })),
            "resources[0].create_desktop_pool.autoscale_policy.idle_retention_duration: must be 0 to 43200, got 43201",
        ),
        (
            ap,
            Some(json!({ "auto_isolation_max_num": 0 })),
            "resources[0].create_desktop_pool.autoscale_policy.auto_isolation_max_num: must be at least 1, got 0",
        ),
        (
            ap,
            Some(json!({ "auto_isolation_enable": "maybe" })),
            "resources[0].create_desktop_pool.autoscale_policy.auto_isolation_enable",
        ),
        (
            ap,
            Some(json!("AUTO_CREATED")),
            "resources[0].create_desktop_pool.autoscale_policy",
        ),
        (
            "/resources/0/create_desktop_pool/desktop_name_policy_id",
            Some(json!("p".repeat(37))),
            "resources[0].create_desktop_pool.desktop_name_policy_id: must be 0 to 36 characters, got 37",
        ),
        (
            "/resources/0/create_desktop_pool/flavor_id",
            Some(json!("")),
            "resources[0].create_desktop_pool.flavor_id: must be 1 to 255 characters, got 0",
        ),
        (
            "/resources/0/create_desktop_pool/availability_zone",
            Some(json!("a".repeat(256))),
            "resources[0].create_desktop_pool.availability_zone: must be 0 to 255 characters, got 256",
        ),
        (
            "/resources/0/create_desktop_pool/ou_name",
            Some(json!("a".repeat(256))),
            "resources[0].create_desktop_pool.ou_name: must be 0 to 255 characters, got 256",
        ),
        (
            "/resources/0/create_desktop_pool/subnet_ids/0",
            Some(json!("s".repeat(56))),
            "resources[0].create_desktop_pool.subnet_ids[0]: must be 1 to 55 characters, got 56",
        ),
    ];
    expect_invalid(&app, &create_pool(), &cases).await;

    let mut ok = create_pool();
    ok["resources"][0]["create_desktop_pool"]["autoscale_policy"] = json!({
        "autoscale_type": "AUTO_CREATED", "max_auto_created": 10, "min_idle": 1,
        "once_auto_created": 2, "min_retention": 0, "idle_retention_duration": 60
    });
    ok["resources"][0]["create_desktop_pool"]["enable_autoscale"] = json!(true);
    place(&app, &ok).await;
}

/// Seed Table 19 (`VolumeInfo`) lists only SAS and SSD for pool disks; Table 6 (`Volume`, for
/// desktops) adds GPSSD.
#[tokio::test]
async fn pool_disks_are_sas_or_ssd_only() {
    let app = TestApp::spawn().await;
    let cases: Vec<Case<'_>> = vec![
        (
            "/resources/0/create_desktop_pool/root_volume/type",
            Some(json!("GPSSD")),
            "resources[0].create_desktop_pool.root_volume.type: must be one of SAS, SSD, got GPSSD",
        ),
        (
            "/resources/0/create_desktop_pool/data_volumes",
            Some(json!([{ "type": "GPSSD", "size": 100 }])),
            "resources[0].create_desktop_pool.data_volumes[0].type: must be one of SAS, SSD, got GPSSD",
        ),
    ];
    expect_invalid(&app, &create_pool(), &cases).await;
    let sas = with_field(
        &create_pool(),
        "/resources/0/create_desktop_pool/data_volumes",
        Some(json!([{ "type": "SAS", "size": 100, "id": "v1", "resource_spec_code": "SAS" }])),
    );
    place(&app, &sas).await;
}

/// Seed Table 24: `count` "is valid when EIPs are purchased separately"; alongside
/// `desktop_ids` it is not used, so it must not refuse the order.
#[tokio::test]
async fn count_beside_desktop_ids_is_ignored_not_refused() {
    let app = TestApp::spawn().await;
    let base = order(
        "applyDesktopsInternet",
        "apply_desktops_internet",
        json!({ "desktop_ids": [DEMO_DESKTOP], "eip_type": "5_bgp", "eip_charge_mode": "BANDWIDTH", "bandwidth_size": 10 }),
        true,
    );
    for count in [json!(0), json!(1), json!(5)] {
        let body = with_field(
            &base,
            "/resources/0/apply_desktops_internet/count",
            Some(count.clone()),
        );
        let order = place(&app, &body).await;
        assert_eq!(
            lines(&order).len(),
            1,
            "count {count}: one EIP, for the one desktop"
        );
    }
    // Still a number the definition allows.
    expect_invalid(
        &app,
        &base,
        &[(
            "/resources/0/apply_desktops_internet/count",
            Some(json!(101)),
            "resources[0].apply_desktops_internet.count: must be 0 to 100, got 101",
        )],
    )
    .await;
}

/// Jackson reads `""` for an `Integer` or `Boolean` as null (absent), so the real service
/// accepts an empty optional number or flag, and reports an empty mandatory one as missing.
#[tokio::test]
async fn an_empty_string_for_a_number_or_flag_reads_as_absent() {
    let app = TestApp::spawn().await;
    let mut body = seed_example();
    body["resources"][0]["is_auto_renew"] = json!("");
    let cd = &mut body["resources"][0]["create_desktops"];
    cd["email_notification"] = json!("");
    cd["root_volume"]["iops"] = json!("");
    cd["desktops"][0]["if_delete_old_desktop"] = json!("");
    let order = place(&app, &body).await;
    assert!(!app.order_auto_renews(order_id(&order)).await);
    expect_invalid(
        &app,
        &seed_example(),
        &[(
            "/resources/0/create_desktops/root_volume/size",
            Some(json!("")),
            "resources[0].create_desktops.root_volume.size: is required",
        )],
    )
    .await;
}

fn attach() -> serde_json::Value {
    order(
        "rebuildDesktops",
        "attach_desktops",
        json!({ "desktops": [{ "desktop_id": DEMO_DESKTOP, "user_name": "alice", "user_group": "users" }] }),
        false,
    )
}

/// Seed Tables 14 and 15 with the definition's lengths: a group's name (1–64), user ids
/// (1–255) and emails (up to 255) were not checked.
#[tokio::test]
async fn attach_desktops_user_fields_are_held_to_their_lengths() {
    let app = TestApp::spawn().await;
    let d = "/resources/0/attach_desktops/desktops/0";
    let group = |name: &str| json!([{ "user_name": name, "user_group": "users", "type": "GROUP" }]);
    let long_group = "g".repeat(65);
    let cases: Vec<(String, Option<serde_json::Value>, String)> = vec![
        (format!("{d}/attach_user_infos"), Some(group(&long_group)), "resources[0].attach_desktops.desktops[0].attach_user_infos[0].user_name: must be 1 to 64 characters, got 65".into()),
        (format!("{d}/attach_user_infos"), Some(group("")), "resources[0].attach_desktops.desktops[0].attach_user_infos[0].user_name: must be 1 to 64 characters, got 0".into()),
        (format!("{d}/attach_user_infos"), Some(json!([{ "user_name": "bob", "user_group": "users", "user_id": "" }])), "resources[0].attach_desktops.desktops[0].attach_user_infos[0].user_id: must be 1 to 255 characters, got 0".into()),
        (format!("{d}/user_id"), Some(json!("u".repeat(256))), "resources[0].attach_desktops.desktops[0].user_id: must be 1 to 255 characters, got 256".into()),
        (format!("{d}/user_email"), Some(json!(format!("{}@x.com", "e".repeat(255)))), "resources[0].attach_desktops.desktops[0].user_email: must be 0 to 255 characters, got 261".into()),
    ];
    let cases: Vec<Case<'_>> = cases
        .iter()
        .map(|(p, v, n)| (p.as_str(), v.clone(), n.as_str()))
        .collect();
    expect_invalid(&app, &attach(), &cases).await;
    let ok = with_field(
        &attach(),
        &format!("{d}/attach_user_infos"),
        Some(group("ops-team_1")),
    );
    place(&app, &ok).await;
}

/// Seed Table 5: `desktop_ips` are "IP addresses assigned to the desktop".
#[tokio::test]
async fn desktop_ips_must_be_ip_addresses() {
    let app = TestApp::spawn().await;
    expect_invalid(
        &app,
        &seed_example(),
        &[(
            "/resources/0/create_desktops/desktop_ips",
            Some(json!(["192.168.0.10", "not-an-ip"])),
            "resources[0].create_desktops.desktop_ips[1]: must be an IP address, got not-an-ip",
        )],
    )
    .await;
    let ok = with_field(
        &seed_example(),
        "/resources/0/create_desktops/desktop_ips",
        Some(json!(["192.168.0.10", "fd00::1"])),
    );
    place(&app, &ok).await;
}

/// Jackson reads any non-zero integer as `true` for a `Boolean` (`!"0".equals(text)`), not only 1.
#[tokio::test]
async fn any_non_zero_integer_is_true_for_a_flag() {
    let app = TestApp::spawn().await;
    for flag in [json!(2), json!(-1), json!(0)] {
        let mut body = seed_example();
        body["resources"][0]["create_desktops"]["email_notification"] = flag.clone();
        place(&app, &body).await;
    }
    expect_invalid(
        &app,
        &seed_example(),
        &[(
            "/resources/0/create_desktops/email_notification",
            Some(json!(1.5)),
            "resources[0].create_desktops.email_notification: invalid type: floating point",
        )],
    )
    .await;
}

/// Limits of the definition the first cut did not apply or applied wrongly: a desktop to copy
/// disks from is named in at most 100 characters (not 255); `os_type` up to 255; the pool's
/// `user_reset_policy` (SDK field) 1–100 resets a day; `authorized_objects[].created_at` 1–255.
#[tokio::test]
async fn remaining_definition_limits_are_applied() {
    let app = TestApp::spawn().await;
    let mut copy = seed_example();
    copy["resources"][0]["create_desktops"]["desktops"][0]["copy_volume_ids"] = json!(["vol-1"]);
    expect_invalid(
        &app,
        &copy,
        &[(
            "/resources/0/create_desktops/desktops/0/copy_volume_desktop_id",
            Some(json!("d".repeat(101))),
            "resources[0].create_desktops.desktops[0].copy_volume_desktop_id: must be 1 to 100 characters, got 101",
        )],
    )
    .await;
    let rebuild = order(
        "rebuildDesktops",
        "rebuild_desktops",
        json!({ "desktop_ids": [DEMO_DESKTOP], "image_type": "gold", "image_id": "img-1" }),
        false,
    );
    expect_invalid(
        &app,
        &rebuild,
        &[(
            "/resources/0/rebuild_desktops/os_type",
            Some(json!("o".repeat(256))),
            "resources[0].rebuild_desktops.os_type: must be 0 to 255 characters, got 256",
        )],
    )
    .await;
    let pool = "/resources/0/create_desktop_pool";
    let cases: Vec<(String, Option<serde_json::Value>, &str)> = vec![
        (
            format!("{pool}/user_reset_policy"),
            Some(json!({ "enable": true, "reset_count_per_day": 101 })),
            "resources[0].create_desktop_pool.user_reset_policy.reset_count_per_day: must be 1 to 100, got 101",
        ),
        (
            format!("{pool}/user_reset_policy"),
            Some(json!({ "enable": "sometimes" })),
            "resources[0].create_desktop_pool.user_reset_policy.enable",
        ),
        (
            format!("{pool}/authorized_objects/0/created_at"),
            Some(json!("")),
            "resources[0].create_desktop_pool.authorized_objects[0].created_at: must be 1 to 255 characters, got 0",
        ),
    ];
    let cases: Vec<Case<'_>> = cases
        .iter()
        .map(|(p, v, n)| (p.as_str(), v.clone(), *n))
        .collect();
    expect_invalid(&app, &create_pool(), &cases).await;
}

/// Seed Tables 9 and 18: a desktop's `computer_name` and a pool's `name` "must be unique"; two
/// in one order can never both be created.
#[tokio::test]
async fn computer_names_and_pool_names_must_be_unique_within_the_order() {
    let app = TestApp::spawn().await;
    let mut body = seed_example();
    body["resources"][0]["create_desktops"]["desktops"] = json!([
        { "user_name": "alice", "computer_name": "pc-1" },
        { "user_name": "bob", "computer_name": "PC-1" }
    ]);
    expect_invalid(
        &app,
        &body,
        &[(
            "/resources/0/create_desktops/desktops/1/computer_name",
            Some(json!("PC-1")),
            "resources[0].create_desktops.desktops[1].computer_name: PC-1 is given twice in the order (first at resources[0].create_desktops.desktops[0].computer_name)",
        )],
    )
    .await;
    let second = body["resources"][0].clone();
    body["resources"][0]["create_desktops"]["desktops"][1]["computer_name"] = json!("pc-2");
    let mut two = body.clone();
    two["resources"] = json!([body["resources"][0].clone(), second]);
    two["resources"][1]["create_desktops"]["desktops"] =
        json!([{ "user_name": "carol", "computer_name": "pc-2" }]);
    expect_invalid(
        &app,
        &two,
        &[(
            "/type",
            Some(json!("createDesktops")),
            "resources[1].create_desktops.desktops[0].computer_name: pc-2 is given twice in the order (first at resources[0].create_desktops.desktops[1].computer_name)",
        )],
    )
    .await;
    place(&app, &body).await;

    let mut pools = create_pool();
    let one = pools["resources"][0].clone();
    pools["resources"] = json!([one.clone(), one]);
    expect_invalid(
        &app,
        &pools,
        &[(
            "/type",
            Some(json!("createDesktopPool")),
            "resources[1].create_desktop_pool.name: pool-1 is given twice in the order (first at resources[0].create_desktop_pool.name)",
        )],
    )
    .await;
    pools["resources"][1]["create_desktop_pool"]["name"] = json!("pool-2");
    place(&app, &pools).await;
}

/// Seed Tables 14 and 15: the user name "cannot be the same as the name of the assigned
/// desktop" — checkable when the same object names the desktop (`computer_name`).
#[tokio::test]
async fn an_assigned_user_may_not_be_named_like_the_desktop() {
    let app = TestApp::spawn().await;
    let d = "/resources/0/attach_desktops/desktops/0";
    let mut same = attach();
    same["resources"][0]["attach_desktops"]["desktops"][0]["computer_name"] = json!("Alice");
    expect_invalid(
        &app,
        &same,
        &[
            (
                &format!("{d}/user_name"),
                Some(json!("alice")),
                "resources[0].attach_desktops.desktops[0].user_name: must not be the same as the desktop's name (computer_name Alice)",
            ),
            (
                &format!("{d}/attach_user_infos"),
                Some(json!([{ "user_name": "ALICE", "user_group": "users" }])),
                "resources[0].attach_desktops.desktops[0].attach_user_infos[0].user_name: must not be the same as the desktop's name (computer_name Alice)",
            ),
        ],
    )
    .await;
    let mut group = same.clone();
    group["resources"][0]["attach_desktops"]["desktops"][0]["attach_user_infos"] =
        json!([{ "user_name": "alice", "user_group": "users", "type": "GROUP" }]);
    place(&app, &group).await;
}
