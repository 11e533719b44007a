NAME = "catalogue"
TITLE = "Catalogue page (HTML, region + axis, page 11)"
METHOD = "GET"
KIND = "read"
ORDER = 10


def request(ds):
    return {"path": f"/initiatives/?region={ds['region_id']}&axis={ds['axis_id']}&page=11"}
