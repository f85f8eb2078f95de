"""``tracker site``: a static website of the tracked initiatives, built with Jinja2.

It sits beside the renderers: it formats what :mod:`tracker.ops.publishing` gathered
and never reads the database itself. :mod:`.paths` is the URL layout,
:mod:`.writer` writes only the files that changed (and keeps a manifest of what it
wrote), :mod:`.build` renders the pages and :mod:`.timeline` draws an initiative's
timeline as inline SVG. Jinja2 and Babel are imported only by ``tracker site``.
"""
