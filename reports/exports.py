"""Reports as CSV or JSON: the same rows the page shows."""

import csv
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse

from claims.exports import csv_cell

FORMATS = ("csv", "json")


def requested_format(request):
    fmt = request.GET.get("format", "")
    return fmt if fmt in FORMATS else None


def download(fmt, name, columns, rows, extra=None):
    """columns: [(key, heading)]; rows: dicts. JSON also carries `extra` (the summary figures)."""
    if fmt == "json":
        data = {**(extra or {}), "rows": [{key: row[key] for key, _ in columns} for row in rows]}
        response = JsonResponse(data, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2})
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        writer = csv.writer(response)
        writer.writerow([heading for _, heading in columns])
        for row in rows:
            writer.writerow([csv_cell(row[key]) for key, _ in columns])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def to_json(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))
