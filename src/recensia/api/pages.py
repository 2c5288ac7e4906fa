from django.shortcuts import render

from recensia.api.changelog import CHANGELOG
from recensia.api.views import api


def documentation(request):
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    endpoints = []
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            endpoints.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "parameters": [
                    {"name": p["name"], "where": p["in"],
                     "description": p.get("description", p.get("schema", {}).get(
                         "description", ""))}
                    for p in op.get("parameters", [])],
                "auth": bool(op.get("security")),
            })
    return render(request, "api/documentation.html", {
        "endpoints": endpoints, "changelog": CHANGELOG, "description": schema["info"].get(
            "description", ""), "title": "API"})
