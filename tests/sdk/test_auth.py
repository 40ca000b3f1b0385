"""Authentication through the official SDKs: AK/SK signing, the IAM lookups the SDKs make when a
client gives no project or domain id, tokens, and permissions."""

import json
import re
import urllib.error
import urllib.request

import pytest
from huaweicloudsdkbss.v2 import BssClient, ShowCustomerOrderDetailsRequest
from huaweicloudsdkcore.auth.credentials import BasicCredentials, GlobalCredentials
from huaweicloudsdkcore.exceptions import exceptions
from huaweicloudsdkcore.region.region import Region
from huaweicloudsdkdsc.v1 import DscClient

from conftest import DEMO_AK, DEMO_DOMAIN, DEMO_PROJECT, DEMO_SK
from test_dsc import seed_request

VIEWER_AK = "ORDERDDEMOVIEWER0001"
VIEWER_SK = "orderdDemoViewerSecret000000000000000000"
ORDER_ID = re.compile(r"^CS\d{10}[A-Z0-9]{5}$")


def dsc(orderd, credentials):
    return (
        DscClient.new_builder()
        .with_credentials(credentials.with_iam_endpoint(orderd.endpoint))
        .with_region(Region("cn-north-4", orderd.endpoint))
        .build()
    )


def bss(orderd, credentials):
    return (
        BssClient.new_builder()
        .with_credentials(credentials.with_iam_endpoint(orderd.endpoint))
        .with_region(Region("cn-north-1", orderd.endpoint))
        .build()
    )


def place_order(orderd):
    return dsc(orderd, BasicCredentials(DEMO_AK, DEMO_SK, DEMO_PROJECT)).create_product_order(seed_request()).order_id


def test_basic_credentials_without_a_project_id_find_it_through_iam(orderd):
    credentials = BasicCredentials(DEMO_AK, DEMO_SK)
    response = dsc(orderd, credentials).create_product_order(seed_request())
    assert ORDER_ID.match(response.order_id), response.order_id
    assert credentials.project_id == DEMO_PROJECT


def test_global_credentials_without_a_domain_id_read_order_details(orderd):
    order_id = place_order(orderd)
    credentials = GlobalCredentials(DEMO_AK, DEMO_SK)
    details = bss(orderd, credentials).show_customer_order_details(
        ShowCustomerOrderDetailsRequest(order_id=order_id)
    )
    assert credentials.domain_id == DEMO_DOMAIN
    assert details.order_info.order_id == order_id
    assert details.order_info.status == 6
    assert details.total_count == 1
    assert details.order_line_items[0].product_id == "00301-225397-0--0"
    assert isinstance(details.order_info.amount_after_discount, (int, float))


def test_the_viewer_reads_orders_but_cannot_create_them(orderd):
    order_id = place_order(orderd)
    viewer = bss(orderd, GlobalCredentials(VIEWER_AK, VIEWER_SK, DEMO_DOMAIN))
    details = viewer.show_customer_order_details(ShowCustomerOrderDetailsRequest(order_id=order_id))
    assert details.order_info.order_id == order_id

    with pytest.raises(exceptions.ClientRequestException) as raised:
        dsc(orderd, BasicCredentials(VIEWER_AK, VIEWER_SK, DEMO_PROJECT)).create_product_order(seed_request())
    assert raised.value.status_code == 403
    assert raised.value.error_code == "APIGW.0302"
    assert "dsc:orders:create" in raised.value.error_msg


def test_a_wrong_secret_key_is_401(orderd):
    with pytest.raises(exceptions.ClientRequestException) as raised:
        dsc(orderd, BasicCredentials(DEMO_AK, VIEWER_SK, DEMO_PROJECT)).create_product_order(seed_request())
    assert raised.value.status_code == 401
    assert raised.value.error_code == "APIGW.0301"


def test_an_unknown_order_is_404_in_cbc_codes(orderd):
    client = bss(orderd, GlobalCredentials(DEMO_AK, DEMO_SK, DEMO_DOMAIN))
    with pytest.raises(exceptions.ClientRequestException) as raised:
        client.show_customer_order_details(ShowCustomerOrderDetailsRequest(order_id="CS2108102036B2CAI"))
    assert raised.value.status_code == 404
    assert raised.value.error_code == "CBC.30000010"


def http(orderd, method, path, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(orderd.endpoint + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, error.headers, json.load(error)


def test_a_password_token_places_an_order(orderd):
    login = {"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": "demo", "password": "demo-password", "domain": {"name": "demo"}}}},
        "scope": {"project": {"name": "cn-north-4"}}}}
    status, headers, body = http(orderd, "POST", "/v3/auth/tokens", login)
    assert status == 201, body
    assert body["token"]["project"]["id"] == DEMO_PROJECT
    token = headers["X-Subject-Token"]

    order = seed_request().body.to_dict()
    status, _, placed = http(orderd, "POST", f"/v1/{DEMO_PROJECT}/period/order", order, {"X-Auth-Token": token})
    assert status == 200, placed
    assert ORDER_ID.match(placed["order_id"])

    login["auth"]["identity"]["password"]["user"]["password"] = "wrong"
    status, headers, body = http(orderd, "POST", "/v3/auth/tokens", login)
    assert status == 401
    assert "X-Subject-Token" not in headers
    assert body["error_msg"] == "The username or password is wrong."


def test_secrets_and_tokens_never_reach_the_log(orderd):
    login = {"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": "demo-viewer", "password": "demo-viewer-password", "domain": {"name": "demo"}}}},
        "scope": {"domain": {"name": "demo"}}}}
    status, headers, _ = http(orderd, "POST", "/v3/auth/tokens", login)
    assert status == 201
    token = headers["X-Subject-Token"]
    status, _, _ = http(orderd, "POST", f"/v1/{DEMO_PROJECT}/period/order", {}, {"X-Auth-Token": token})
    assert status == 403
    with pytest.raises(exceptions.ClientRequestException):
        dsc(orderd, BasicCredentials(DEMO_AK, VIEWER_SK, DEMO_PROJECT)).create_product_order(seed_request())

    logs = orderd.logs()
    assert "request refused by the auth guard" in logs, "refusals are logged"
    for secret in [token, DEMO_SK, VIEWER_SK, "demo-viewer-password", "demo-password"]:
        assert secret not in logs
