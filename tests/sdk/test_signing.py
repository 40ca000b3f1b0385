"""Requests signed by the official core Signer (huaweicloudsdkcore.signer.signer) with the
canonicalisation edge cases, sent exactly as the SDK sends them (its `uri`, its headers): orderd
must accept every one, and refuse the same request once anything signed is changed."""

import http.client
import json
from urllib.parse import quote

import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

from conftest import DEMO_AK, DEMO_PROJECT, DEMO_SK
from test_auth import place_order

DETAILS = "/v2/orders/customer-orders/details/"
DSC = f"/v1/{DEMO_PROJECT}/period/order"


def send(orderd, method, path, query=(), headers=None, body=b"", host=None, tamper=None):
    request = SdkRequest(
        method=method,
        schema="http",
        host=host or f"127.0.0.1:{orderd.port}",
        resource_path=path,
        query_params=list(query),
        header_params=dict(headers or {}),
        body=body,
    )
    request = Signer(BasicCredentials(DEMO_AK, DEMO_SK)).sign(request)
    uri = request.uri
    if tamper:
        uri = tamper(uri)
    conn = http.client.HTTPConnection("127.0.0.1", orderd.port, timeout=10)
    conn.putrequest(method, uri, skip_host=True, skip_accept_encoding=True)
    for name, value in request.header_params.items():
        # The signer leaves each value as its UTF-8 bytes read as Latin-1: the bytes to send.
        conn.putheader(name, value.encode("iso-8859-1"))
    if body:
        conn.putheader("Content-Length", str(len(body)))
    conn.endheaders(body or None)
    response = conn.getresponse()
    answer = json.loads(response.read() or b"null")
    conn.close()
    return response.status, answer


QUERIES = {
    "repeated keys as separate pairs": [("k", "2"), ("k", "1"), ("a", "x")],
    "a list value": [("k", ["b", "a", "c"])],
    "integers, which the SDK sorts as numbers": [("k", [10, 9, 1]), ("n", 10), ("n", 9)],
    "negative integers": [("k", [-1, -10])],
    "empty values and an empty key": [("e", ""), ("", "v")],
    "unicode": [("\u00fc", "\u00e9\u4e2d"), ("x", "\u2603")],
    "reserved characters": [("q", "a b+c&d=e/f?g#h%i*j'k(l)m!n,o;p:q@r$s[t]u~v")],
    "booleans": [("flag", True), ("off", False)],
    "keys that sort by code point": [("B", "1"), ("a", "2"), ("_", "3"), ("~", "4")],
}


@pytest.mark.parametrize("query", QUERIES.values(), ids=QUERIES.keys())
def test_query_strings_signed_by_the_sdk_verify(orderd, query):
    order_id = place_order(orderd)
    status, answer = send(orderd, "GET", DETAILS + order_id, query)
    assert status == 200, answer


PATH_PARAMS = {
    "unicode and a space": "\u00fc\u4e2d x",
    "reserved characters": "a+b*c(d)!e'f",
    "an encoded slash": "a/b",
    "a percent sign": "a%41b",
}


@pytest.mark.parametrize("order_id", PATH_PARAMS.values(), ids=PATH_PARAMS.keys())
def test_path_parameters_quoted_by_the_sdk_verify(orderd, order_id):
    # The SDK quotes path parameters with safe=''; the signature holds and the order is unknown.
    status, answer = send(orderd, "GET", DETAILS + quote(order_id, safe=""))
    assert status == 404, answer
    assert answer["error_code"] == "CBC.30000010"


HEADERS = {
    "inner spaces": {"X-Language": "en  us   x"},
    "outer spaces (the signer trims them)": {"X-Language": "  en-us  "},
    "a tab": {"X-Note": "a\tb"},
    "unicode": {"X-Note": "h\u00e9llo \u4e2d"},
    "an unsigned underscore header": {"X_Skip": "x"},
}


@pytest.mark.parametrize("headers", HEADERS.values(), ids=HEADERS.keys())
def test_header_values_signed_by_the_sdk_verify(orderd, headers):
    status, answer = send(orderd, "GET", DETAILS + place_order(orderd), headers=headers)
    assert status == 200, answer


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "localhost", "orderd.example:443"])
def test_any_signed_host_verifies(orderd, host):
    status, answer = send(orderd, "GET", DETAILS + place_order(orderd), host=host.format(port=orderd.port))
    assert status == 200, answer


@pytest.mark.parametrize("content_type", ["application/merge-patch+json", "Application/JSON"])
def test_json_bodies_the_sdk_leaves_unsigned_verify(orderd, content_type):
    body = json.dumps(__import__("test_dsc").seed_request().body.to_dict()).encode()
    status, answer = send(orderd, "POST", DSC, headers={"Content-Type": content_type}, body=body)
    assert status == 200, answer


@pytest.mark.parametrize(
    "tamper",
    [
        lambda uri: uri.replace("k=9&k=10", "k=9&k=11"),
        lambda uri: uri + "&extra=1",
        lambda uri: uri.replace("?", "x?"),
    ],
    ids=["a value", "an added pair", "the path"],
)
def test_a_changed_uri_does_not_verify(orderd, tamper):
    status, answer = send(orderd, "GET", DETAILS + place_order(orderd), [("k", [10, 9])], tamper=tamper)
    assert status == 401, answer
    assert answer["error_code"] == "APIGW.0301"
