"""Replays, with curl, the requests OpenCTI's TAXII 2.1 feed ingestion sends
(opencti-platform/opencti-graphql/src/manager/ingestion/ingestionTaxii.ts, commit b188e64f), and applies its
state machine (processTaxiiResponse) to the answers.

Per poll OpenCTI sends: GET <uri>/collections/<collection>/objects/ with
  Accept: application/taxii+json;version=2.1
  Authorization: Basic base64(<authentication_value>)  or  Bearer <authentication_value>
  params (axios, in this key order, undefined ones dropped, Date -> toISOString()):
    next=<current_state_cursor>, added_after=<added_after_start>, limit=<ingestion_manager:taxii_feed:limit_per_request if > 0>
and then: objects non-empty and more && next -> keep added_after_start, cursor = next;
          objects non-empty otherwise        -> cursor = undefined, added_after_start = toISOString(X-TAXII-Date-Added-Last)
          no objects                         -> nothing changes.
Usage: python3 interop/opencti_replay.py   (after setup.sh and taxii2client_checks.py)
"""

import os
import base64
import datetime
import json
import subprocess
import sys
import urllib.parse

HERE = os.environ.get("DREAMCATCHER_INTEROP_DIR", "/tmp/dreamcatcher-interop")
PORT = open(HERE + "/port").read().strip()
USER = json.load(open(HERE + "/user.json"))
COLL = json.load(open(HERE + "/collection.json"))["collection"]["id"]
URI = "http://127.0.0.1:%s/api1" % PORT  # what an OpenCTI user types as the feed URI (no trailing slash)
results = []


def iso_ms(ts):
    """JavaScript's utcDate(header).toISOString(): millisecond precision, Z."""
    d = datetime.datetime.strptime(ts[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    frac = ts[19:].rstrip("Z").lstrip(".")
    ms = int((frac + "000")[:3]) if frac else 0
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % ms


def axios_query(params):
    """axios' default serialiser: keys in order, undefined dropped; it leaves ':' '$' ',' '[' ']' unescaped."""
    parts = []
    for k, v in params.items():
        if v is None:
            continue
        enc = urllib.parse.quote(str(v), safe="")
        for a, b in (("%3A", ":"), ("%24", "$"), ("%2C", ","), ("%20", "+"), ("%5B", "["), ("%5D", "]")):
            enc = enc.replace(a, b)
        parts.append("%s=%s" % (k, enc))
    return ("?" + "&".join(parts)) if parts else ""


def get(state, auth):
    prepared = URI if URI.endswith("/") else URI + "/"
    url = "%scollections/%s/objects/%s" % (prepared, COLL, axios_query(
        {"next": state.get("cursor"), "added_after": state.get("added_after"), "limit": state.get("limit")}))
    if auth == "basic":
        cred = base64.b64encode(("%s:%s" % (USER["user"]["name"], USER["token"])).encode()).decode()
        header, shown = "Authorization: Basic " + cred, "Authorization: Basic $(printf %s \"compat:$T\" | base64 -w0)"
    else:
        header, shown = "Authorization: Bearer " + USER["token"], "Authorization: Bearer $T"
    out = subprocess.run(["curl", "-s", "-D", "-", "-H", "Accept: application/taxii+json;version=2.1", "-H", header, url],
                         capture_output=True, check=True).stdout.decode("utf-8")
    head, _, body = out.partition("\r\n\r\n")
    status = int(head.split()[1])
    headers = {line.split(":", 1)[0].lower(): line.split(":", 1)[1].strip() for line in head.split("\r\n")[1:] if ":" in line}
    print("  curl -s -D- -H 'Accept: application/taxii+json;version=2.1' -H \"%s\" '%s'" % (shown, url.replace(str(PORT), "$PORT")))
    return status, headers, (json.loads(body) if body else {})


def poll(state, auth="basic"):
    """One OpenCTI poll: request, then processTaxiiResponse."""
    status, headers, data = get(state, auth)
    assert status == 200, "HTTP %d %s" % (status, data)
    objects = data.get("objects") or []
    last = headers.get("x-taxii-date-added-last")
    print("    -> %d, %d objects, more=%s next=%s X-TAXII-Date-Added-Last=%s" % (status, len(objects), data.get("more"), data.get("next"), last))
    if objects:
        if data.get("more") and data.get("next"):
            state["cursor"] = data["next"]
        else:
            state["cursor"] = None
            state["added_after"] = iso_ms(last) if last else datetime.datetime.now(datetime.timezone.utc).isoformat()
    return [o["id"] + "@" + o.get("modified", "") for o in objects]


def scenario(name, fn):
    print("== " + name)
    try:
        detail = fn()
        results.append(True)
        print("PASS %s -- %s" % (name, detail))
    except AssertionError as e:
        results.append(False)
        print("FAIL %s -- %s" % (name, e))


def total_visible():
    _, _, data = get({"limit": 1000}, "basic")
    return len(data.get("objects", []))


def add_fresh_batch(n=3):
    """A new Add Objects batch, so that the newest date_added values share one millisecond (as any batch does)."""
    import uuid
    objs = [{"type": "indicator", "spec_version": "2.1", "id": "indicator--%s" % uuid.uuid4(),
             "created": "2026-05-01T00:00:00.000Z", "modified": "2026-05-01T00:00:00.000Z",
             "pattern": "[ipv4-addr:value = '203.0.113.%d']" % i, "pattern_type": "stix",
             "valid_from": "2026-05-01T00:00:00Z"} for i in range(n)]
    body = json.dumps({"objects": objs})
    out = subprocess.run(["curl", "-s", "-u", "%s:%s" % (USER["user"]["name"], USER["token"]),
                          "-H", "Accept: application/taxii+json;version=2.1",
                          "-H", "Content-Type: application/taxii+json;version=2.1", "--data-binary", body,
                          "%s/collections/%s/objects/" % (URI, COLL)], capture_output=True, check=True).stdout
    print("added a batch of %d: success_count=%s" % (n, json.loads(out)["success_count"]))


add_fresh_batch()
TOTAL = total_visible()


def drain(state, auth="basic", max_polls=50):
    seen = []
    for _ in range(max_polls):
        got = poll(state, auth)
        seen += got
        if not got or state.get("cursor") is None:
            return seen
    raise AssertionError("no end after %d polls" % max_polls)


def s_default():
    state = {}
    seen = drain(state)
    assert len(seen) == len(set(seen)) == TOTAL, "first poll: %d (unique %d) of %d" % (len(seen), len(set(seen)), TOTAL)
    again = poll(state)
    assert again == [], "poll with nothing new re-delivered %d objects (added_after=%s)" % (len(again), state["added_after"])
    return "first poll %d objects; next poll with added_after=%s: 0" % (len(seen), state["added_after"])


def s_limit(auth):
    def fn():
        state = {"limit": 50}
        seen, polls = [], 0
        while polls < 50:
            polls += 1
            got = poll(state, auth)
            seen += got
            if state.get("cursor") is None:
                break
        assert len(seen) == len(set(seen)) == TOTAL, "%d (unique %d) of %d" % (len(seen), len(set(seen)), TOTAL)
        again = poll(state, auth)
        assert again == [], "idle poll re-delivered %d objects" % len(again)
        return "%d polls, %d objects each once; idle poll: 0" % (polls, len(seen))
    return fn


def s_start_date():
    state = {"limit": 50, "added_after": "2026-01-01T00:00:00.000Z"}
    seen = []
    for _ in range(50):
        seen += poll(state)
        if state.get("cursor") is None:
            break
    assert len(seen) == len(set(seen)) == TOTAL, "%d (unique %d) of %d" % (len(seen), len(set(seen)), TOTAL)
    return "next sent together with the original added_after: %d objects" % len(seen)


scenario("default (no limit): one poll takes all, then idle", s_default)
scenario("limit_per_request=50, Basic: follow next, then added_after", s_limit("basic"))
scenario("limit_per_request=50, Bearer", s_limit("bearer"))
scenario("added_after_start set by the user + limit 50 (next with added_after)", s_start_date)
print("\n%d scenarios, %d passed" % (len(results), sum(results)))
sys.exit(0 if all(results) else 1)
