"""Reading articles and proposing the initiatives they name (``tracker extract``).

A layer beside the domain: it takes a text and its metadata and returns candidates,
using the domain's date reading (:func:`tracker.domain.deadlines.find_windows`); it
never touches storage or the terminal. The words of each language it looks for are
data files beside the engine. Its libraries (trafilatura, htmldate, pypdf, rapidfuzz,
OpenCC) are imported only by the functions that need them, so no other command pays
for them.
"""
