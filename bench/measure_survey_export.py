"""Issue #17's done-when: a survey export of 250,000 answers completes in the background with bounded memory.

    DATABASE_URL=… SECRET_KEY=x PYTHONPATH=. python bench/measure_survey_export.py [--answers 250000] [--json OUT]

Step 1 (this process): makes the bench survey if it is not there yet — a survey of four questions (one choice,
a scale, a number, a short text) in an open process, with `--answers` answers over `answers / 4` responses, bulk
inserted in batches (the participation demo at scale 100 holds as many; this script needs no demo).
Step 2: for CSV and then XLSX, a fresh worker-like process (`python bench/measure_survey_export.py --worker ID`)
runs the export task exactly as `manage.py db_worker` would (`build_survey_export.call`), while a thread samples
its anonymous resident memory (RssAnon) every 0.1 s; the process reports its wall and CPU time, its peak RSS
(getrusage), the peak anonymous RSS and the rows written.

The floor the report states and checks: the worker's peak RSS stays under FLOOR_MB (200 MB) for both formats;
the script exits 1 when it does not (and prints which).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "musharaka.settings")

FLOOR_MB = 200
TITLE = "bench: survey export (issue #17)"
BATCH = 5_000


def _memory_sampler():
    """The sampler of bench/measure_exports.py (RssAnon every 0.1 s), imported when a worker runs: that module sets
    Django up as it is imported."""
    sys.path.insert(0, str(ROOT / "bench"))
    from measure_exports import MemorySampler

    return MemorySampler()


def bench_survey(answers: int):
    """The bench survey with `answers` answers (made once, found again afterwards)."""
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from musharaka.geo.models import Region
    from musharaka.orgs.models import Organization
    from musharaka.participation.models import (
        Phase,
        Process,
        Survey,
        SurveyAnswer,
        SurveyQuestion,
        SurveyResponse,
    )

    survey = Survey.objects.filter(title_en=TITLE).first()
    if survey is not None and survey.response_count * 4 == answers:
        return survey
    if survey is not None:
        survey.delete()
    region = Region.objects.order_by("pk").first()
    if region is None:
        sys.exit("The bench database needs the regions (the geo fixtures, loaded by the migrations).")
    organization = Organization.objects.order_by("pk").first() or Organization.objects.create(
        name_ar="أمانة المنطقة", sector="authority", region=region)
    now = timezone.now()
    with transaction.atomic():
        process = Process.objects.create(organization=organization, region=region, status="published",
                                         title_ar="استشارة السكان حول الحدائق", title_en=TITLE)
        Phase.objects.create(process=process, kind="consultation", starts_at=now - datetime.timedelta(days=1),
                             ends_at=now + datetime.timedelta(days=30))
        survey = Survey.objects.create(process=process, title_ar="استبيان الحدائق العامة", title_en=TITLE,
                                       status="open")
        choices = [{"key": f"c{i}", "label_ar": label, "label_en": ""} for i, label in
                   enumerate(["التشجير", "الإنارة", "الملاعب", "المقاعد", "دورات المياه"])]
        questions = [
            SurveyQuestion.objects.create(survey=survey, kind="single", label_ar="ما أهم ما تحتاجه الحديقة؟",
                                          choices=choices, position=0),
            SurveyQuestion.objects.create(survey=survey, kind="scale", label_ar="ما رضاك عن الحدائق؟",
                                          minimum=1, maximum=5, position=1),
            SurveyQuestion.objects.create(survey=survey, kind="number", label_ar="كم مرة تزورها في الشهر؟",
                                          position=2),
            SurveyQuestion.objects.create(survey=survey, kind="short_text", label_ar="اقتراحك", position=3),
        ]
    people = answers // 4
    started = time.perf_counter()
    for first in range(0, people, BATCH):
        with transaction.atomic():
            responses = SurveyResponse.objects.bulk_create(
                SurveyResponse(survey=survey, respondent_key=f"bench-{index}", submitted_at=now)
                for index in range(first, min(first + BATCH, people)))
            rows = []
            for response in responses:
                index = response.pk
                rows += [SurveyAnswer(response=response, question=questions[0], keys=[f"c{index % 5}"]),
                         SurveyAnswer(response=response, question=questions[1], number=1 + index % 5),
                         SurveyAnswer(response=response, question=questions[2], number=index % 13),
                         SurveyAnswer(response=response, question=questions[3],
                                      text="زيادة المساحات الخضراء وتحسين الإنارة في الممرات")]
            SurveyAnswer.objects.bulk_create(rows, batch_size=BATCH)
    Survey.objects.filter(pk=survey.pk).update(response_count=people)
    print(f"bench survey {survey.pk}: {people} responses, {people * 4} answers made in "
          f"{time.perf_counter() - started:.0f} s", flush=True)
    survey.refresh_from_db()
    return survey


def worker(export_id: int) -> None:
    """What the task worker does for one export, measured."""
    import django

    django.setup()
    from musharaka.participation.models import SurveyExport
    from musharaka.participation.survey_exports import build_survey_export

    sampler = _memory_sampler()
    sampler.start()
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started, started_cpu = time.perf_counter(), time.process_time()
    build_survey_export.call(export_id=export_id)
    wall, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    sampler.stop()
    export = SurveyExport.objects.get(pk=export_id)
    size = export.file.size if export.file else 0
    print(json.dumps({"status": export.status, "rows": export.row_count, "wall_s": round(wall, 1),
                      "cpu_s": round(cpu, 1), "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF)
                                                                   .ru_maxrss / 1024),
                      "rss_before_mb": round(baseline), "peak_anon_mb": round(sampler.peak_anonymous / 1024),
                      "file_mb": round(size / 1e6, 1), "error": export.error}))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", type=int, default=250_000)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return 0
    import django

    django.setup()
    from django.db import connection

    from musharaka.accounts.models import User
    from musharaka.participation.models import SurveyExport

    survey = bench_survey(args.answers)
    person, _ = User.objects.get_or_create(username="measure-survey-export",
                                           defaults={"is_superuser": True, "is_staff": True})
    results = {"database": connection.vendor, "answers": survey.response_count * 4,
               "responses": survey.response_count, "floor_mb": FLOOR_MB}
    failed = []
    for format in ("csv", "xlsx"):
        export = SurveyExport.objects.create(survey=survey, requested_by=person, format=format)
        connection.close()
        done = subprocess.run([sys.executable, __file__, "--worker", str(export.pk)], capture_output=True, text=True,
                              env=os.environ, check=False)
        if done.returncode:
            print(done.stderr[-3000:], file=sys.stderr)
            failed.append(f"{format}: the worker failed")
            continue
        row = json.loads(done.stdout.strip().splitlines()[-1])
        results[format] = row
        verdict = "within" if row["peak_rss_mb"] < FLOOR_MB and row["status"] == "done" else "OVER"
        print(f"{format}: {row['status']}, {row['rows']} rows ({row['rows'] * 4} answers) in {row['wall_s']} s wall, "
              f"{row['cpu_s']} s CPU; worker peak RSS {row['peak_rss_mb']} MB (before the task "
              f"{row['rss_before_mb']} MB), anonymous at most {row['peak_anon_mb']} MB; file {row['file_mb']} MB — "
              f"{verdict} the floor of {FLOOR_MB} MB", flush=True)
        if verdict != "within":
            failed.append(f"{format}: peak RSS {row['peak_rss_mb']} MB, status {row['status']} {row['error']}")
        stored = SurveyExport.objects.get(pk=export.pk)
        if stored.file:
            stored.file.delete(save=False)
        stored.delete()
    results["failed"] = failed
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    for line in failed:
        print(f"FLOOR NOT MET: {line}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
