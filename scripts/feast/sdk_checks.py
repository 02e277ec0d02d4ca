"""Feast's own Python SDK against spamgraph's feature server (scripts/feast/feastSdk.integration.test.ts).

Run from a client repository written by clientRepo.ts, after `feast apply`:
    python sdk_checks.py admin|reader <server url>
prints one JSON report on stdout: what each SDK call gave (values, dtypes, column names) or the
exception it raised (module, class, message). The test asserts on the report.
"""
import json
import os
import sys
import traceback
from datetime import datetime, timedelta, timezone

import pandas as pd
import requests
from feast import FeatureService, FeatureStore
from feast.data_source import PushMode

MODE, SERVER = sys.argv[1], sys.argv[2]
store = FeatureStore(repo_path=".")
report = {}
NOW = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
EARLIER = NOW - timedelta(minutes=5)
BIG = 9007199254740993  # 2^53 + 1: not a double


def step(name):
    """Runs fn, recording its result or the exception it raised."""

    def wrap(fn):
        try:
            report[name] = {"ok": fn()}
        except Exception as e:  # noqa: BLE001 - the report says what was raised
            report[name] = {
                "error": {"module": type(e).__module__, "class": type(e).__name__, "message": str(e)},
                "trace": traceback.format_exc()[-600:],
            }
        return fn

    return wrap


def described(response):
    """to_dict() and the to_df() dtypes of an online response."""
    d = response.to_dict()
    return {"columns": list(d.keys()), "values": d, "dtypes": {k: str(v) for k, v in response.to_df().dtypes.items()}}


V1 = {
    "sms_id": ["sdk1", "sdk2", "sdk3"],
    "cap_r": [0.0, 1.0, 0.25],
    "nal_r": [1.0, 0.5, 0.0],
    "free": [0, 1, 2],
    "money": [0, 0, 1],
    "prize": [1, 0, 0],
    "win": [0, 0, 0],
    "won": [0, 0, 0],
    "winner": [0, 0, 0],
    "cash": [0, 2, 0],
    "event_timestamp": [EARLIER] * 3,
    "created": [NOW] * 3,
}

if MODE == "admin":

    @step("write_to_online_store")
    def _():
        store.write_to_online_store("sms_features1", pd.DataFrame(V1))
        return True

    @step("push_online")
    def _():
        labels = pd.DataFrame({"sms_id": ["sdk1", "sdk2"], "label": [1, 0], "event_timestamp": [EARLIER] * 2, "created": [NOW] * 2})
        store.push("sms_labels_push", labels, to=PushMode.ONLINE)
        v3 = pd.DataFrame(
            {
                "sms_id": ["sdk1"],
                "indices": [[3, 70000, BIG]],
                "values": [[1.0, 0.5, 0.0]],
                "event_timestamp": [EARLIER],
                "created": [NOW],
            }
        )
        store.push("smss3_push", v3, to=PushMode.ONLINE)
        return True

    @step("features_list")
    def _():
        r = store.get_online_features(
            features=["sms_features1:cap_r", "sms_features1:free", "sms_labels:label"],
            entity_rows=[{"sms_id": "sdk1"}, {"sms_id": "sdk2"}, {"sms_id": "sdk-missing"}],
        )
        return described(r)

    @step("feature_service")
    def _():
        return described(
            store.get_online_features(features=store.get_feature_service("labeled_sms_1"), entity_rows=[{"sms_id": "sdk1"}, {"sms_id": "sdk3"}])
        )

    @step("full_feature_names")
    def _():
        return described(
            store.get_online_features(
                features=["sms_features1:cap_r", "sms_labels:label"], entity_rows=[{"sms_id": "sdk2"}], full_feature_names=True
            )
        )

    @step("column_entity_rows")
    def _():
        return described(store.get_online_features(features=["sms_labels:label"], entity_rows={"sms_id": ["sdk2", "sdk1"]}))

    @step("int64_beyond_2_53")
    def _():
        d = store.get_online_features(features=["sms_features3:indices", "sms_features3:values"], entity_rows=[{"sms_id": "sdk1"}]).to_dict()
        return {"indices": [int(x) for x in d["indices"][0]], "values": [float(x) for x in d["values"][0]], "exact": d["indices"][0][2] == BIG}

    @step("materialize")
    def _():
        # Offline rows written through our REST /push, then Feast's materialize reads our Parquet
        # parts (the client's FileSource is our offline folder) and writes online through us.
        token = os.environ["SPAMGRAPH_TOKEN"]
        body = {
            "push_source_name": "sms_labels_push",
            "to": "offline",
            "df": {"sms_id": ["sdk-mat1", "sdk-mat2"], "event_timestamp": [(EARLIER - timedelta(days=1)).isoformat()] * 2, "label": [1, 0]},
        }
        res = requests.post(f"{SERVER}/push", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=30)
        res.raise_for_status()
        store.materialize(EARLIER - timedelta(days=2), NOW, feature_views=["sms_labels"])
        return store.get_online_features(features=["sms_labels:label"], entity_rows=[{"sms_id": "sdk-mat1"}, {"sms_id": "sdk-mat2"}]).to_dict()

    @step("unknown_view")
    def _():
        return store.get_online_features(features=["nope:x"], entity_rows=[{"sms_id": "sdk1"}]).to_dict()

    @step("unknown_service")
    def _():
        ghost = FeatureService(name="ghost_service", features=[store.get_feature_view("sms_labels")])
        return store.get_online_features(features=ghost, entity_rows=[{"sms_id": "sdk1"}]).to_dict()

    @step("bad_entity")
    def _():
        return store.get_online_features(features=["sms_labels:label"], entity_rows=[{"sms_id": ""}]).to_dict()

else:

    @step("reader_reads")
    def _():
        return store.get_online_features(features=["sms_labels:label"], entity_rows=[{"sms_id": "sdk1"}]).to_dict()

    @step("reader_writes")
    def _():
        labels = pd.DataFrame({"sms_id": ["sdk1"], "label": [0], "event_timestamp": [NOW], "created": [NOW]})
        store.push("sms_labels_push", labels, to=PushMode.ONLINE)
        return True

print(json.dumps(report))
