"""Spreading an archive run over a Ray cluster (``translate run --backend ray``).

Imported only by that option: the rest of the package never imports Ray. The work is the same archive
run (:func:`translate.archive.run_archive`) inside Ray Data actors, one row per article.
"""
