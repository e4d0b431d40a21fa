from django.http import Http404


def import_list(request, kind: str):  # replaced by the transfer implementation
    raise Http404


def export_list(request, kind: str):
    raise Http404
