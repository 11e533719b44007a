NAME = "xlsx_export"
TITLE = "XLSX export (~10,000 rows)"
METHOD = "GET"
KIND = "read"
ORDER = 85
STREAMING = True  # the target (worker RSS < 200 MB) applies to every export


def request(ds):
    return {"path": f"/api/v1/initiatives/export.xlsx?region={ds['region_id']}&status=active"}
LEVELS = (4,)  # about 15 s a workbook in-process: 32 connections would only time out
