"""The library's use cases, one module each, behind the :class:`tracker.api.Tracker`
facade: initiatives (add, edit, remove, resolve), updates (update, apply), the
history (its one writer, its reads and the replay of current fields), corrections
(retract, amend, undo), importing and merging, exporting, reporting, and the
slug look-up behind shell completion."""
