"""`graph/` in a bundle: index and bodies → Snapshot.graph, hostile input, error kinds."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from esr_gui.core.bundle.limits import MAX_GRAPH_MEMBER_BYTES
from esr_gui.core.errors import ParseError
from esr_gui.core.tenant.parse import call_kind, parse_graph
from esr_gui.core.tenant.problems import classify_http, classify_sign_in, describe
from tests.unit.tenant_support import DEVICES, LICENCES, ME, graph_members, me, tenant_snapshot


def test_bundle_graph_member_becomes_typed_data() -> None:
    graph = graph_members((ME, 200, me()), (LICENCES, 200, {"value": []}))
    snap = tenant_snapshot(graph)
    assert snap.graph is not None and snap.graph.user is not None
    assert snap.graph.user.upn == "Jane.Doe@contoso.example"
    assert snap.graph.licenses == [] and snap.graph.devices is None  # not asked: unknown
    assert snap.graph.captured is not None and snap.graph.scopes == ["User.Read"]


def test_bundle_without_graph_has_none() -> None:
    assert tenant_snapshot(None).graph is None


@pytest.mark.parametrize(
    "index",
    [b"not json", b"[1, 2]", b'{"calls": "nope"}', "ü".encode("latin-1")],
)
def test_unusable_index_is_a_member_problem_not_a_crash(index: bytes) -> None:
    snap = tenant_snapshot({"graph/index.json": index})
    assert snap.graph is None
    assert [p.member for p in snap.problems] == ["graph/index.json"]


def test_odd_entries_are_skipped_and_a_bad_body_makes_its_call_unreadable() -> None:
    graph = graph_members((ME, 200, me()))
    index = json.loads(graph["graph/index.json"])
    index["calls"] += [42, {"request": 7}, {"request": "GET /v1.0/somethingelse", "status": 200}]
    index["calls"].append({"file": "graph/x.json", "request": DEVICES, "status": True})
    graph["graph/index.json"] = json.dumps(index).encode()
    graph["graph/call0.json"] = b"{broken"
    snap = tenant_snapshot(graph)
    assert snap.graph is not None and [c.kind for c in snap.graph.calls] == ["user", "devices"]
    problems = [c.problem.kind if c.problem else None for c in snap.graph.calls]
    assert problems == ["unreadable", "error"]
    assert snap.graph.user is None and snap.graph.devices is None


def test_a_body_larger_than_the_bound_is_not_read() -> None:
    graph = graph_members((ME, 200, me()))
    graph["graph/call0.json"] = b" " * (MAX_GRAPH_MEMBER_BYTES + 1)
    snap = tenant_snapshot(graph)
    assert snap.graph is not None and snap.graph.user is None
    call = snap.graph.call("user")
    assert call is not None and call.problem is not None and call.problem.kind == "unreadable"


def test_call_kinds_from_requests() -> None:
    assert call_kind(ME) == ("user", "me")
    assert call_kind("GET /v1.0/users/a@b.example/licenseDetails") == ("licenses", "a@b.example")
    assert call_kind("GET /v1.0/users/a@b.example?$select=id") == ("user", "a@b.example")
    assert call_kind(DEVICES) == ("devices", "")
    assert call_kind("GET /beta/deviceManagement") is None


@pytest.mark.parametrize(
    ("result", "kind"),
    [
        ({"error": "invalid_grant", "error_description": "AADSTS65001: no consent",
          "suberror": "consent_required"}, "consent-required"),
        ({"error": "invalid_grant", "error_codes": [90094]}, "admin-consent"),
        ({"error": "expired_token", "error_codes": [70020]}, "expired-code"),
        ({"error": "authorization_declined"}, "declined"),
        ({"error": "access_denied", "error_description": "AADSTS65004: declined"}, "declined"),
        ({"error": "invalid_client", "error_description": "AADSTS700016: not found"},
         "app-not-found"),
        ({"error": "server_error"}, "error"),
    ],
)  # fmt: skip
def test_sign_in_errors_are_classified(result: dict, kind: str) -> None:
    assert classify_sign_in(result).kind == kind


def test_http_errors_keep_graph_code_message_and_retry_after() -> None:
    problem = classify_http(429, {"error": {"code": "TooManyRequests", "message": "x\ny"}}, 7)
    assert (
        problem.kind == "throttled"
        and describe(problem) == "429 TooManyRequests: x (Retry-After 7 s)"
    )
    assert classify_http(502, "junk").kind == "error"


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=20,
)
_KEYS = st.sampled_from(["file", "request", "status", "error", "retry_after", "kind", "value"])


@given(
    calls=st.lists(
        st.dictionaries(_KEYS, _JSON | st.sampled_from([ME, DEVICES, LICENCES])), max_size=5
    ),
    body=_JSON,
    top=st.dictionaries(st.sampled_from(["captured", "scopes", "sign_in", "signed_in_as"]), _JSON),
)
def test_any_index_and_body_give_data_or_a_parse_error(
    calls: list, body: object, top: dict
) -> None:
    index = json.dumps({**top, "calls": calls}).encode()
    try:
        graph = parse_graph(index, lambda _name: json.dumps(body).encode())
    except ParseError:
        return
    for call in graph.calls:
        assert call.problem is not None or call.status is not None
