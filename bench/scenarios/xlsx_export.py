NAME = "xlsx_export"
TITLE = "XLSX export (~10,000 rows)"
METHOD = "GET"
KIND = "read"
GROUP = "xlsx"
ORDER = 85
STREAMING = True  # the target (worker RSS < 200 MB) applies to every export
LEVELS = (4,)  # seconds a workbook in-process: 32 connections would only time out
# XLSX is becoming a background job (a POST answering 202; the GET may answer 202, redirect or be gone):
# wrk cannot measure a job, its test does.
BACKGROUND_NOTE = "a background job (the endpoint answers {status}): measured by the export job test"


def request(ds):
    return {"path": f"/api/v1/initiatives/export.xlsx?region={ds['region_id']}&status=active"}
