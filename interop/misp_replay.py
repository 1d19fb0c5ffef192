"""Replays MISP's two TAXII 2.1 code paths against dreamcatcher, both built on taxii2client:

1. misp-modules import module misp_modules/modules/import_mod/taxii21.py (commit 95a16c19), _query_taxii():
   taxii2client.Collection(url, user=, password=) then
   taxii2client.as_pages(collection.get_objects, per_request=min(100, limit), spec_version="2.1", [type, id, version, added_after])
   (the STIX->MISP conversion after it is left out: misp-stix is not installed here).
2. MISP core app/files/scripts/taxii/taxii_push.py (commit 044c27ea), push_content():
   taxii2client.ApiRoot(baseurl + "/" + api_root, auth=HTTPBasicAuth(user, key)).max_content_length, then
   Collection(api_root_url + "/collections/" + id, auth=...).add_objects(envelope_bytes, wait_for_completion=False),
   envelopes packed by make_taxii_envelopes() up to exactly max_content_length bytes.
Usage: PYTHONPATH=CLIENT_DIR python3 interop/misp_replay.py
"""

import os
import hashlib
import itertools
import json
import sys
import uuid

import requests
from requests.auth import HTTPBasicAuth

import taxii2client

HERE = os.environ.get("DREAMCATCHER_INTEROP_DIR", "/tmp/dreamcatcher-interop")
PORT = open(HERE + "/port").read().strip()
USER = json.load(open(HERE + "/user.json"))
COLL = json.load(open(HERE + "/collection.json"))["collection"]["id"]
BASE = "http://127.0.0.1:%s" % PORT
NAME, TOKEN = USER["user"]["name"], USER["token"]
results = []


def check(name, fn):
    try:
        print("PASS %s -- %s" % (name, fn()))
        results.append(True)
    except Exception as e:  # noqa: BLE001
        resp = getattr(e, "response", None)
        extra = "" if resp is None else " | HTTP %s %s" % (resp.status_code, resp.text[:300])
        print("FAIL %s -- %s: %s%s" % (name, type(e).__name__, e, extra))
        results.append(False)


def query_taxii(url, limit=1000, **filters):
    """misp-modules taxii21._query_taxii up to the list of STIX objects."""
    collection = taxii2client.Collection(url, user=NAME, password=TOKEN)
    kwargs = {"per_request": min(100, limit), "spec_version": "2.1"}
    kwargs.update(filters)
    pages = taxii2client.as_pages(collection.get_objects, **kwargs)
    objs = itertools.chain.from_iterable(env.get("objects", []) for env in pages)
    return list(itertools.islice(objs, 0, limit))


COLL_URL = BASE + "/api1/collections/" + COLL + "/"


def m_import_all():
    got = query_taxii(COLL_URL)
    ids = [o["id"] for o in got]
    assert len(ids) == len(set(ids)) and len(ids) > 250, "%d (unique %d)" % (len(ids), len(set(ids)))
    return "%d objects in pages of 100 with match[spec_version]=2.1" % len(ids)


def m_import_filters():
    n = len(query_taxii(COLL_URL, type="indicator,malware", added_after="2000-01-01T00:00:00Z", version="last"))
    assert n > 250, n
    return "type=indicator,malware added_after version=last: %d" % n


def m_import_limit():
    n = len(query_taxii(COLL_URL, limit=30))
    assert n == 30, n
    return "STIX object limit 30 -> per_request 30, %d objects" % n


def m_import_date_only():
    """A MISP user may type a bare date in the module's free-text added_after field."""
    try:
        query_taxii(COLL_URL, added_after="2026-01-01")
        return "accepted"
    except requests.HTTPError as e:
        assert e.response.status_code == 400, e.response.status_code
        return "400 %s (module shows the raw HTTPError: it only rewrites 401/403)" % e.response.json()["description"]


check("misp-modules taxii21: all objects", m_import_all)
check("misp-modules taxii21: filters", m_import_filters)
check("misp-modules taxii21: object limit", m_import_limit)
check("misp-modules taxii21: added_after as a bare date", m_import_date_only)


class Obj(dict):
    """Stands in for a stix2 object: make_taxii_envelopes only calls serialize() and ["id"]."""

    def serialize(self):
        return json.dumps(self, separators=(",", ":"))


def make_envelopes(objs, max_len):
    """taxii_push.make_taxii_envelopes, same arithmetic."""
    prefix, suffix, comma = b'{"objects":[', b"]}", b","
    env, first = bytearray(prefix), True
    objs = iter(objs)
    o = next(objs, None)
    while o:
        b = o.serialize().encode()
        new_len = len(env) + len(b) + len(suffix) + (0 if first else len(comma))
        if new_len > max_len:
            if first:
                o = next(objs, None)
            else:
                env += suffix
                yield bytes(env)
                env, first = bytearray(prefix), True
        else:
            if not first:
                env += comma
            env += b
            first = False
            o = next(objs, None)
    if not first:
        env += suffix
        yield bytes(env)


def push_objects(objs, max_len=None):
    auth = HTTPBasicAuth(NAME, TOKEN)
    api_root_url = BASE + "/" + "api1"  # baseurl + "/" + api_root: no trailing slash
    with taxii2client.ApiRoot(api_root_url, auth=auth) as api_root:
        mcl = api_root.max_content_length
    sizes, statuses = [], []
    with taxii2client.Collection(api_root_url + "/collections/" + COLL, auth=auth) as c:
        for env in make_envelopes(objs, max_len or mcl):
            sizes.append(len(env))
            statuses.append(c.add_objects(env, wait_for_completion=False))
    return mcl, sizes, statuses


def sid(seed):
    return "indicator--%s" % uuid.UUID(bytes=hashlib.sha256(("misp-push:" + seed).encode()).digest()[:16], version=4)


def ind(i, pad=0):
    return Obj(type="indicator", spec_version="2.1", id=sid(str(i)), created="2026-04-01T00:00:00.000Z",
               modified="2026-04-01T00:00:00.000Z", name="misp push %d" % i, description="x" * pad,
               pattern="[domain-name:value = 'misp%d.example']" % i, pattern_type="stix",
               valid_from="2026-04-01T00:00:00Z")


def p_small():
    mcl, sizes, statuses = push_objects([ind(i) for i in range(20)])
    assert all(s.failure_count == 0 for s in statuses), [s.failures for s in statuses]
    assert sum(s.success_count for s in statuses) == 20
    return "max_content_length=%d, %d envelope(s), 20 successes" % (mcl, len(sizes))


def p_exact_limit():
    """An envelope of exactly max_content_length bytes, as make_taxii_envelopes may build."""
    mcl = taxii2client.ApiRoot(BASE + "/api1", auth=HTTPBasicAuth(NAME, TOKEN)).max_content_length
    base = len(b'{"objects":[' + ind(7000).serialize().encode() + b"]}")
    big = ind(7000, pad=mcl - base)
    _, sizes, statuses = push_objects([big])
    assert sizes == [mcl], sizes
    assert statuses[0].success_count == 1, statuses[0].failures
    return "one envelope of %d bytes (= max_content_length) accepted" % sizes[0]


def p_over_limit():
    mcl = taxii2client.ApiRoot(BASE + "/api1", auth=HTTPBasicAuth(NAME, TOKEN)).max_content_length
    body = b'{"objects":[' + ind(7001).serialize().encode() + b"]}"
    body = body.replace(b'"description":""', b'"description":"' + b"y" * (mcl + 1 - len(body)) + b'"')
    assert len(body) == mcl + 1
    r = requests.post(BASE + "/api1/collections/" + COLL + "/objects/", data=body, auth=(NAME, TOKEN),
                      headers={"Accept": "application/taxii+json;version=2.1",
                               "Content-Type": "application/taxii+json;version=2.1"})
    assert r.status_code == 413, "HTTP %d" % r.status_code
    return "max_content_length+1 bytes -> 413 %s %s" % (r.headers.get("Content-Type"), r.text[:200])


check("MISP taxii_push: small push (ApiRoot without trailing slash, auth=HTTPBasicAuth)", p_small)
check("MISP taxii_push: envelope of exactly max_content_length", p_exact_limit)
check("max_content_length + 1 -> 413", p_over_limit)
print("\n%d checks, %d passed" % (len(results), sum(results)))
sys.exit(0 if all(results) else 1)
