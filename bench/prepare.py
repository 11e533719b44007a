"""In-process step of the benchmark (run by run.py with DATABASE_URL set to the bench database).

Picks the dataset facts the scenarios need, creates the benchmark's editor and API token, then
requests every scenario twice through Django's test client. The second (warm) request's queries
are recorded with CaptureQueriesContext (for the query-count table) and, with their parameters,
through a connection execute wrapper (for the floor, which replays exactly that SQL).

    python bench/prepare.py OUT_DIR     writes OUT_DIR/dataset.json, capture.pickle, queries.json
"""

import json
import os
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "musharaka.settings")

import django  # noqa: E402

django.setup()

import scenarios  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from musharaka.accounts.models import User  # noqa: E402
from musharaka.accounts.services import api_token_create  # noqa: E402
from musharaka.initiatives.models import PUBLISHED_STATUSES, Initiative  # noqa: E402
from musharaka.orgs.models import Membership, Organization, Role  # noqa: E402

HOST = "127.0.0.1"


def dataset() -> dict:
    published = Initiative.objects.filter(status__in=PUBLISHED_STATUSES)
    # The (region, axis) pair with the most published initiatives, so that page 11 exists.
    pair = (
        published.values("region_id", "axes").annotate(n=Count("id")).order_by("-n").first()
    )
    region_id, axis_id = pair["region_id"], pair["axes"]
    ids = list(published.order_by("id").values_list("id", flat=True)[:: max(1, published.count() // 10)])
    initiative = Initiative.objects.get(pk=ids[len(ids) // 2])
    words = [w for w in initiative.title_ar.split() if len(w) > 2][:2]
    organization = initiative.lead_organization
    org_words = [w for w in organization.name_ar.split() if len(w) > 2][:2]
    editor, _ = User.objects.get_or_create(username="bench-editor", defaults={"email": "bench@example.org"})
    Membership.objects.get_or_create(organization=organization, user=editor, defaults={"role": Role.EDITOR})
    Membership.objects.filter(organization=organization, user=editor).update(role=Role.EDITOR)
    _, key = api_token_create(user=editor, name=f"bench {time.time():.0f}")
    in_pair = published.filter(region_id=region_id, axes=axis_id)
    year = (in_pair.exclude(start_date=None).values_list("start_date__year").annotate(n=Count("id"))
            .order_by("-n").values_list("start_date__year", flat=True).first())
    return {
        "region_id": region_id,
        "year": year,
        "iati_count": in_pair.filter(start_date__year=year).count(),  # region + axis + year: ~1,000
        "csv_count": Initiative.objects.filter(region_id=region_id, status="active").count(),  # ~10,000
        "axis_id": axis_id,
        "pair_published": pair["n"],
        "region_published": published.filter(region_id=region_id).count(),
        "initiative_id": initiative.pk,
        "search_words": " ".join(words),
        "organization_id": organization.pk,
        "org_words": " ".join(org_words[:1]),
        "editor_organization_id": organization.pk,
        "token": key,
        "initiatives": Initiative.objects.count(),
        "organizations": Organization.objects.count(),
    }


def plain(value):
    """Parameters as the bare driver's own types (no Django enums or str subclasses), so they pickle."""
    if isinstance(value, (list, tuple)):
        return type(value)(plain(v) for v in value) if type(value) in (list, tuple) else [plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def call(client: Client, scenario, ds: dict):
    spec = scenario.request(ds)
    headers = {"HTTP_HOST": HOST}
    if spec.get("auth"):
        headers["HTTP_AUTHORIZATION"] = f"Bearer {ds['token']}"
    if scenario.METHOD == "POST":
        return spec, client.post(spec["path"], data=json.dumps(spec.get("body") or {}),
                                 content_type="application/json", **headers)
    return spec, client.get(spec["path"], **headers)


def body_size(response) -> int:
    if getattr(response, "streaming", False):
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    ds = dataset()
    client = Client()
    captured, counts = {}, {}
    for scenario in scenarios.load():
        # Cold: an empty cache (the catalogue's cached counts, first pages and cards), as after a write.
        cache.clear()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as cold:
            spec, response = call(client, scenario, ds)
            body_size(response)
        cold_ms = (time.perf_counter() - started) * 1000
        raw: list = []

        def wrapper(execute, sql, params, many, context, raw=raw):
            raw.append((sql, plain(params) if params is not None else None, many))
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx, connection.execute_wrapper(wrapper):
            spec, response = call(client, scenario, ds)
            size = body_size(response)
        elapsed = time.perf_counter() - started
        counts[scenario.NAME] = {
            "path": spec["path"], "status": response.status_code, "queries": len(ctx.captured_queries),
            "bytes": size, "in_process_ms": round(elapsed * 1000, 1),
            "sql_ms": round(sum(float(q["time"]) for q in ctx.captured_queries) * 1000, 1),
            "content_type": response.get("Content-Type", ""),
            "cold_queries": len(cold.captured_queries), "cold_ms": round(cold_ms, 1),
            "cold_sql_ms": round(sum(float(q["time"]) for q in cold.captured_queries) * 1000, 1),
        }
        captured[scenario.NAME] = {"path": spec["path"], "queries": raw}
        print(f"  {scenario.NAME:16} {response.status_code} {len(ctx.captured_queries):3} queries "
              f"{size:>9} bytes {elapsed * 1000:8.1f} ms (cold cache: {cold_ms:8.1f} ms)", flush=True)
    (out / "dataset.json").write_text(json.dumps(ds, ensure_ascii=False, indent=1))
    (out / "queries.json").write_text(json.dumps(counts, ensure_ascii=False, indent=1))
    with open(out / "capture.pickle", "wb") as f:
        pickle.dump({"vendor": connection.vendor, "scenarios": captured}, f)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
