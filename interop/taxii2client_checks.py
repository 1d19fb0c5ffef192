"""Compatibility run: the OASIS reference client taxii2-client (taxii2client.v21) against dreamcatcher.

Usage: PYTHONPATH=CLIENT_DIR python3 interop/taxii2client_checks.py
Reads the server port, the user, the outsider and the collection from the files setup.sh writes.
Every object id and timestamp is derived from fixed seeds, so a rerun adds nothing new ("already stored").
"""

import os
import datetime
import hashlib
import json
import sys
import traceback
import uuid

import requests

from taxii2client.common import TokenAuth
from taxii2client.exceptions import TAXIIServiceException
from taxii2client.v21 import ApiRoot, Collection, Server, Status, as_pages

HERE = os.environ.get("DREAMCATCHER_INTEROP_DIR", "/tmp/dreamcatcher-interop")
PORT = open(HERE + "/port").read().strip()
BASE = "http://127.0.0.1:%s" % PORT
USER = json.load(open(HERE + "/user.json"))
OUTSIDER = json.load(open(HERE + "/outsider.json"))
COLL = json.load(open(HERE + "/collection.json"))["collection"]
NAME, TOKEN = USER["user"]["name"], USER["token"]
COLL_ID = COLL["id"]
ROOT_URL = BASE + "/api1/"
COLL_URL = ROOT_URL + "collections/" + COLL_ID + "/"
N = 250

results = []


def check(name, fn):
    try:
        detail = fn()
        results.append((name, True))
        print("PASS %s%s" % (name, "" if detail is None else " -- " + str(detail)))
    except Exception as e:  # noqa: BLE001 - every failure is reported, none stops the run
        results.append((name, False))
        extra = ""
        resp = getattr(e, "response", None)
        if resp is not None:
            extra = " | HTTP %s %s | %s" % (resp.status_code, resp.headers.get("Content-Type"), resp.text[:400])
        print("FAIL %s -- %s: %s%s" % (name, type(e).__name__, e, extra))
        tb = traceback.format_exc().strip().splitlines()
        print("     at " + " / ".join(line.strip() for line in tb[-3:-1]))


def expect(cond, msg):
    if not cond:
        raise AssertionError(msg)


def stable_id(kind, seed):
    digest = hashlib.sha256(("dreamcatcher-compat:" + seed).encode()).digest()[:16]
    return "%s--%s" % (kind, uuid.UUID(bytes=digest, version=4))


def indicator(i, modified="2026-01-01T00:00:00.000Z", name=None):
    return {
        "type": "indicator",
        "spec_version": "2.1",
        "id": stable_id("indicator", "ind-%d" % i),
        "created": "2026-01-01T00:00:00.000Z",
        "modified": modified,
        "name": name or "compat indicator %d" % i,
        "indicator_types": ["malicious-activity"],
        "pattern": "[ipv4-addr:value = '198.51.%d.%d']" % (i // 256, i % 256),
        "pattern_type": "stix",
        "valid_from": "2026-01-01T00:00:00Z",
    }


OBJECTS = [indicator(i) for i in range(N)]
IDS = [o["id"] for o in OBJECTS]
VERSIONED = IDS[0]
V_TIMES = ["2026-01-01T00:00:00.000Z", "2026-02-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z"]
DOOMED = stable_id("indicator", "doomed")
UNOWNED = stable_id("indicator", "unowned")

state = {}


class BearerAuth(requests.auth.AuthBase):
    """Authorization: Bearer, passed to the client through its auth= parameter."""

    def __init__(self, token):
        self.token = token

    def __call__(self, r):
        r.headers["Authorization"] = "Bearer " + self.token
        return r


# ---------------------------------------------------------------- discovery, API root, collections
server = Server(BASE + "/taxii2/", user=NAME, password=TOKEN)


def t_discovery():
    expect(server.title, "no title")
    urls = [r.url for r in server.api_roots]
    expect(ROOT_URL in urls, "api_roots %r lacks %s" % (urls, ROOT_URL))
    expect(server.default is not None and server.default.url == ROOT_URL, "default %r" % server._raw.get("default"))
    return "title=%r api_roots=%r default=%s raw=%s" % (server.title, urls, server.default.url, dict(server._raw))


check("server discovery (Basic)", t_discovery)


def t_api_root():
    root = server.default
    expect(root.title, "no title")
    expect("application/taxii+json;version=2.1" in root.versions, "versions %r" % root.versions)
    expect(isinstance(root.max_content_length, int) and root.max_content_length > 0, "max_content_length")
    state["root"] = root
    return "title=%r versions=%r max_content_length=%s" % (root.title, root.versions, root.max_content_length)


check("api root information", t_api_root)
root = state.get("root") or ApiRoot(ROOT_URL, user=NAME, password=TOKEN)


def t_collections():
    cols = {c.id: c for c in root.collections}
    expect(COLL_ID in cols, "collection %s not listed: %r" % (COLL_ID, list(cols)))
    c = cols[COLL_ID]
    expect(c.can_read and c.can_write, "can_read=%s can_write=%s" % (c.can_read, c.can_write))
    expect(c.title == COLL["title"], "title %r" % c.title)
    return "%d collection(s); ours: title=%r media_types=%r" % (len(cols), c.title, c.media_types)


check("collections list", t_collections)

coll = Collection(COLL_URL, user=NAME, password=TOKEN)


def t_collection():
    expect(coll.id == COLL_ID, "id %r" % coll.id)
    expect(coll.can_read is True and coll.can_write is True, "rights")
    return "id=%s title=%r description=%r" % (coll.id, coll.title, coll.description)


check("collection by id", t_collection)

# ---------------------------------------------------------------- add objects
def t_add():
    status = coll.add_objects({"objects": OBJECTS}, wait_for_completion=True, poll_interval=0.5, timeout=30)
    state["status"] = status
    expect(status.status == "complete", "status %r" % status.status)
    expect(status.total_count == N and status.success_count == N, "counts %d/%d" % (status.success_count, status.total_count))
    expect(status.failure_count == 0 and status.pending_count == 0, "failures/pendings")
    expect(sorted(s["id"] for s in status.successes) == sorted(IDS), "successes ids differ")
    return "status id=%s success_count=%d (%s)" % (
        status.id, status.success_count, "already stored" if status.successes[0].get("message") else "new")


check("add_objects 250 indicators (wait_for_completion)", t_add)


def t_add_versions_async():
    later = [indicator(0, modified=t, name="compat indicator 0 v%d" % k) for k, t in enumerate(V_TIMES[1:], 2)]
    # DOOMED carries our organisation as created_by_ref: a non-admin deletes only what its organisation authored.
    doomed = dict(indicator(9999), id=DOOMED, name="to be deleted", created_by_ref=USER["user"]["org"])
    unowned = dict(indicator(9998), id=UNOWNED, name="no created_by_ref")
    status = coll.add_objects({"objects": later + [doomed, unowned]}, wait_for_completion=False)
    expect(isinstance(status, Status), "not a Status")
    expect(status.success_count == 4, "success_count %d" % status.success_count)
    return "status=%s success_count=%d" % (status.status, status.success_count)


check("add_objects 2 more versions + 2 (wait_for_completion=False)", t_add_versions_async)


def t_add_invalid():
    bad = {"type": "indicator", "spec_version": "2.1", "id": stable_id("indicator", "bad"),
           "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z",
           "pattern": "[not a pattern", "pattern_type": "stix", "valid_from": "2026-01-01T00:00:00Z"}
    status = coll.add_objects({"objects": [bad]})
    expect(status.failure_count == 1 and status.success_count == 0 and status.total_count == 1, "counts")
    expect(status.failures and status.failures[0]["id"] == bad["id"], "failures %r" % status.failures)
    return "failure message: %s" % status.failures[0].get("message")


check("add_objects with an invalid object -> failure in status", t_add_invalid)


def t_get_status():
    s = state["status"]
    again = root.get_status(s.id)
    expect(again.id == s.id and again.success_count == N and again.status == "complete", "status differs")
    direct = Status(ROOT_URL + "status/" + s.id, user=NAME, password=TOKEN)  # no trailing slash, as add_objects builds it
    expect(direct.total_count == N, "direct status")
    return "get_status and Status(url) agree: total=%d" % again.total_count


check("get_status", t_get_status)

# ---------------------------------------------------------------- get objects, filters
def objs(env):
    return env.get("objects", [])


def t_get_all():
    env = coll.get_objects()
    got = objs(env)
    ids = [o["id"] for o in got]
    expect(len(ids) == len(set(ids)), "duplicates")
    expect(set(IDS) <= set(ids), "missing %d" % len(set(IDS) - set(ids)))
    expect(DOOMED in ids, "doomed missing")
    state["total"] = len(ids)
    v0 = [o for o in got if o["id"] == VERSIONED][0]
    expect(v0["modified"] == V_TIMES[-1], "latest version not returned: %s" % v0["modified"])
    return "%d objects, more=%s, X-TAXII-Date-Added-First/Last=%s / %s" % (
        len(ids), env.get("more"), env.headers.get("X-TAXII-Date-Added-First"), env.headers.get("X-TAXII-Date-Added-Last"))


check("get_objects (no filter)", t_get_all)


def t_type():
    n = len(objs(coll.get_objects(type="indicator")))
    expect(n == state["total"], "indicator count %d" % n)
    empty = coll.get_objects(type="malware")
    expect(objs(empty) == [], "malware not empty")
    both = len(objs(coll.get_objects(type=["indicator", "malware"])))
    expect(both == n, "type list")
    return "indicator=%d malware=0 body=%s" % (n, empty.text)


check("get_objects type filter", t_type)


def t_id():
    one = objs(coll.get_objects(id=IDS[5]))
    expect(len(one) == 1 and one[0]["id"] == IDS[5], "one id")
    two = objs(coll.get_objects(id=[IDS[5], IDS[6]]))
    expect(sorted(o["id"] for o in two) == sorted(IDS[5:7]), "two ids")
    return "1 and 2 ids ok"


check("get_objects id filter", t_id)


def t_version():
    def mods(**kw):
        return sorted(o["modified"] for o in objs(coll.get_objects(id=VERSIONED, **kw)))
    expect(mods() == [V_TIMES[2]], "default %r" % mods())
    expect(mods(version="first") == [V_TIMES[0]], "first %r" % mods(version="first"))
    expect(mods(version="last") == [V_TIMES[2]], "last")
    expect(mods(version="all") == V_TIMES, "all %r" % mods(version="all"))
    expect(mods(version=V_TIMES[1]) == [V_TIMES[1]], "timestamp")
    expect(mods(version=["first", "last"]) == [V_TIMES[0], V_TIMES[2]], "first,last")
    dt = datetime.datetime(2026, 2, 1, tzinfo=datetime.timezone.utc)  # the client formats datetimes itself
    expect(mods(version=dt) == [V_TIMES[1]], "datetime %r" % mods(version=dt))
    return "first/last/all/timestamp/datetime ok"


check("get_objects version filter", t_version)


def t_spec_version():
    n21 = len(objs(coll.get_objects(spec_version="2.1")))
    expect(n21 == state["total"], "2.1 count %d" % n21)
    n20 = len(objs(coll.get_objects(spec_version="2.0")))
    expect(n20 == 0, "2.0 count %d" % n20)
    return "2.1=%d 2.0=0" % n21


check("get_objects spec_version filter", t_spec_version)


def manifest_all():
    return objs(coll.get_manifest())


def t_added_after():
    man = manifest_all()
    dates = sorted(m["date_added"] for m in man)
    mid = dates[len(dates) // 2]
    expected = sum(1 for d in dates if d > mid)
    got = objs(coll.get_objects(added_after=mid))
    expect(len(got) == expected, "added_after %s: %d, expected %d" % (mid, len(got), expected))
    none = objs(coll.get_objects(added_after=dates[-1]))
    expect(none == [], "after last: %d" % len(none))
    dt = datetime.datetime(2000, 1, 1)
    expect(len(objs(coll.get_objects(added_after=dt))) == state["total"], "datetime added_after")
    return "%d distinct date_added over %d records; after midpoint: %d" % (len(set(dates)), len(dates), len(got))


check("get_objects added_after filter", t_added_after)


# ---------------------------------------------------------------- paging
def t_pages():
    seen, pages = [], 0
    for env in as_pages(coll.get_objects, per_request=50):
        pages += 1
        page = env.get("objects", [])
        expect(len(page) <= 50, "page of %d" % len(page))
        seen += [o["id"] for o in page]
    expect(len(seen) == len(set(seen)), "%d duplicates" % (len(seen) - len(set(seen))))
    expect(len(seen) == state["total"], "saw %d of %d" % (len(seen), state["total"]))
    return "%d pages, %d objects, each once" % (pages, len(seen))


check("as_pages(get_objects, per_request=50)", t_pages)


def t_pages_filtered():
    seen = [o["id"] for env in as_pages(coll.get_objects, per_request=50, type="indicator", version="all")
            for o in env.get("objects", [])]
    keys = [(i) for i in seen]
    expect(len(seen) == state["total"] + 2, "saw %d, expected %d" % (len(seen), state["total"] + 2))
    expect(keys.count(VERSIONED) == 3, "versions of the versioned object: %d" % keys.count(VERSIONED))
    return "%d object versions" % len(seen)


check("as_pages(get_objects, per_request=50, type, version=all)", t_pages_filtered)


def t_pages_odd():
    seen = [o["id"] for env in as_pages(coll.get_objects, per_request=7) for o in env.get("objects", [])]
    expect(len(seen) == len(set(seen)) == state["total"], "saw %d unique %d" % (len(seen), len(set(seen))))
    return "%d objects in pages of 7" % len(seen)


check("as_pages(get_objects, per_request=7)", t_pages_odd)


def t_added_after_paging():
    """The other paging of section 3.4: added_after from X-TAXII-Date-Added-Last (as OpenCTI and MISP do)."""
    seen, after, rounds = [], None, 0
    while rounds < 100:
        rounds += 1
        env = coll.get_objects(limit=50, added_after=after) if after else coll.get_objects(limit=50)
        page = env.get("objects", [])
        if not page:
            break
        seen += [o["id"] for o in page]
        after = env.headers.get("X-TAXII-Date-Added-Last")
        expect(after, "no X-TAXII-Date-Added-Last on a non-empty page")
    expect(len(seen) == len(set(seen)), "%d duplicates" % (len(seen) - len(set(seen))))
    expect(len(set(seen)) == state["total"], "saw %d of %d" % (len(set(seen)), state["total"]))
    return "%d requests, %d objects" % (rounds, len(seen))


check("paging by added_after + X-TAXII-Date-Added-Last", t_added_after_paging)


def t_next_repeat():
    first = coll.get_objects(limit=50)
    nxt = first.get("next")
    expect(first.get("more") is True and nxt, "more/next %r %r" % (first.get("more"), nxt))
    a = [o["id"] for o in objs(coll.get_objects(limit=50, next=nxt))]
    b = [o["id"] for o in objs(coll.get_objects(limit=50, next=nxt))]
    expect(a == b and len(a) == 50, "repeat differs")
    return "next=%s" % nxt


check("same next twice -> same page", t_next_repeat)


# ---------------------------------------------------------------- one object, versions, manifest
def t_get_object():
    env = coll.get_object(VERSIONED)
    got = objs(env)
    expect(len(got) == 1 and got[0]["modified"] == V_TIMES[-1], "latest %r" % [o["modified"] for o in got])
    allv = objs(coll.get_object(VERSIONED, version="all"))
    expect(sorted(o["modified"] for o in allv) == V_TIMES, "all versions")
    return "latest + all ok"


check("get_object by id", t_get_object)


def t_object_versions():
    env = coll.object_versions(VERSIONED)
    versions = env.get("versions", [])
    expect(sorted(versions) == V_TIMES, "versions %r" % versions)
    one = coll.object_versions(IDS[1]).get("versions", [])
    expect(one == ["2026-01-01T00:00:00.000Z"], "single %r" % one)
    return "versions=%r" % versions


check("object_versions", t_object_versions)


def t_manifest():
    man = manifest_all()
    expect(len(man) == state["total"], "manifest %d" % len(man))
    rec = [m for m in man if m["id"] == VERSIONED]
    expect(len(rec) == 1 and rec[0]["version"] == V_TIMES[-1], "manifest record %r" % rec)
    for m in man[:3]:
        expect(set(m) >= {"id", "date_added", "version", "media_type"}, "fields %r" % m)
    allv = objs(coll.get_manifest(id=VERSIONED, version="all"))
    expect(sorted(m["version"] for m in allv) == V_TIMES, "manifest all versions")
    return "%d records, e.g. %s" % (len(man), json.dumps(man[0]))


check("get_manifest", t_manifest)


def t_manifest_pages():
    seen, pages = [], 0
    for env in as_pages(coll.get_manifest, per_request=50):
        pages += 1
        seen += [m["id"] for m in env.get("objects", [])]
    expect(len(seen) == len(set(seen)) == state["total"], "saw %d unique %d" % (len(seen), len(set(seen))))
    return "%d pages, %d records" % (pages, len(seen))


check("as_pages(get_manifest, per_request=50)", t_manifest_pages)


# ---------------------------------------------------------------- delete
def t_delete():
    coll.delete_object(DOOMED)
    try:
        coll.get_object(DOOMED)
        raise AssertionError("object still there")
    except requests.exceptions.HTTPError as e:
        gone = e.response
    expect(gone.status_code == 404, "status %d" % gone.status_code)
    left = objs(coll.get_objects(id=DOOMED))
    expect(left == [], "still listed")
    state["total"] -= 1
    return "deleted; then get_object -> 404 %s" % gone.json().get("description")


check("delete_object (created_by_ref = own organisation)", t_delete)


def t_delete_unowned():
    """docs/access.md: a non-admin deletes only versions its organisation authored (created_by_ref)."""
    try:
        coll.delete_object(UNOWNED)
        raise AssertionError("deleted an object without created_by_ref")
    except requests.exceptions.HTTPError as e:
        expect(e.response.status_code == 403, "status %d" % e.response.status_code)
        return "403 %s" % e.response.json().get("description")


check("delete_object of an object it added without created_by_ref -> 403 (documented policy)", t_delete_unowned)


# ---------------------------------------------------------------- errors and other credentials
def t_unknown_collection():
    bogus = Collection(ROOT_URL + "collections/00000000-0000-4000-8000-000000000000/", user=NAME, password=TOKEN)
    try:
        bogus.get_objects()
        raise AssertionError("no error")
    except requests.exceptions.HTTPError as e:
        body = e.response.json()
        expect(e.response.status_code == 404, "status %d" % e.response.status_code)
        expect(body.get("http_status") == "404" and "no collection" in body.get("description", ""), "body %r" % body)
        return "%s: %s" % (type(e).__name__, body)


check("unknown collection -> HTTPError 404 with our message", t_unknown_collection)


def t_wrong_token():
    bad = Server(BASE + "/taxii2/", user=NAME, password=TOKEN[:-4] + "xxxx")
    try:
        bad.title
        raise AssertionError("no error")
    except requests.exceptions.HTTPError as e:
        expect(e.response.status_code == 401, "status %d" % e.response.status_code)
        expect("WWW-Authenticate" in e.response.headers, "no WWW-Authenticate")
        return "401 %s | WWW-Authenticate: %s" % (e.response.json().get("description"), e.response.headers["WWW-Authenticate"])


check("wrong token -> 401", t_wrong_token)


def t_bearer():
    s = Server(BASE + "/taxii2/", auth=BearerAuth(TOKEN))
    c = [c for c in s.default.collections if c.id == COLL_ID]
    expect(c, "collection not visible with Bearer")
    n = sum(len(env.get("objects", [])) for env in as_pages(c[0].get_objects, per_request=100))
    expect(n == state["total"], "count %d, expected %d" % (n, state["total"]))
    return "Bearer via auth=: %d objects" % n


check("Bearer header (client auth= object)", t_bearer)


def t_token_auth():
    c = Collection(COLL_URL, auth=TokenAuth(TOKEN))
    n = len(objs(c.get_objects(type="indicator", limit=10)))
    expect(n == 10, "count %d" % n)
    return "Authorization: Token <t> accepted"


check("client's own TokenAuth ('Token' scheme)", t_token_auth)


def t_outsider():
    s = Server(BASE + "/taxii2/", user=OUTSIDER["user"]["name"], password=OUTSIDER["token"])
    ids = [c.id for c in s.default.collections] if s.default else []
    expect(COLL_ID not in ids, "outsider sees the collection")
    try:
        Collection(COLL_URL, user=OUTSIDER["user"]["name"], password=OUTSIDER["token"]).get_objects()
        raise AssertionError("outsider read the collection")
    except requests.exceptions.HTTPError as e:
        expect(e.response.status_code == 404, "status %d" % e.response.status_code)
    return "not listed; reading it -> 404"


check("other organisation cannot see the collection", t_outsider)


def t_anonymous():
    s = Server(BASE + "/taxii2/")
    expect(s.title, "anonymous discovery")
    return "anonymous discovery: %s" % dict(s._raw)


check("anonymous discovery", t_anonymous)


def t_v20_client_gets_406():
    r = requests.get(BASE + "/taxii2/", headers={"Accept": "application/vnd.oasis.taxii+json; version=2.0"},
                     auth=(NAME, TOKEN))
    expect(r.status_code == 406, "status %d" % r.status_code)
    return "TAXII 2.0 Accept -> 406 %s" % r.json().get("description")


check("TAXII 2.0 media type -> 406", t_v20_client_gets_406)

failed = [n for n, ok in results if not ok]
print("\n%d checks, %d passed, %d failed%s" % (len(results), len(results) - len(failed), len(failed),
                                                (": " + "; ".join(failed)) if failed else ""))
sys.exit(1 if failed else 0)
