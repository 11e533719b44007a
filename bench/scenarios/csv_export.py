NAME = "csv_export"
TITLE = "CSV export (~10,000 rows)"
METHOD = "GET"
KIND = "read"
GROUP = "csv"
ORDER = 80
STREAMING = True


def request(ds):
    return {"path": f"/api/v1/initiatives/export.csv?region={ds['region_id']}&status=active"}
