NAME = "iati_export"
TITLE = "IATI XML export (~1,000 activities)"
METHOD = "GET"
KIND = "read"
GROUP = "iati"
ORDER = 70
STREAMING = True


def request(ds):
    return {"path": f"/api/v1/initiatives/iati.xml?region={ds['region_id']}&axis={ds['axis_id']}&year={ds['year']}"}
