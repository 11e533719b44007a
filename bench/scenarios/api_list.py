NAME = "api_list"
TITLE = "Initiatives API list (region + axis + status)"
METHOD = "GET"
KIND = "read"
ORDER = 20


def request(ds):
    return {"path": f"/api/v1/initiatives?region={ds['region_id']}&axis={ds['axis_id']}&status=active"}
