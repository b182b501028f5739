"""The variant-mapping report: aggregates over all articles, written as JSON, CSV or HTML.

``record`` (what is kept of one article), ``aggregate`` (the Report), ``json_csv``
and ``html`` (the renderings; the page's template, style and script are package
data), ``write`` (the files, in the format each path names).
"""
