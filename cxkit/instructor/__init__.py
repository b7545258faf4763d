"""The instructor's kit: workshop agendas as data, and printable handouts built from the course's models.

* :mod:`~cxkit.instructor.agenda`: ``workshops/agendas/*.yaml`` read and checked (module times come
  from the modules' *Estimated time* and the facilitator notes' timing tables), rendered to
  Markdown and PDF (``cxkit workshop agenda half-day``);
* :mod:`~cxkit.instructor.handouts`: the printable handouts (blank canvases and filled examples,
  A4 and US Letter, vector, black-and-white safe): ``cxkit handouts --out handouts/``.

>>> from cxkit.instructor import load_agenda
>>> load_agenda("half-day").days[0].end
'12:30'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxkit._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover
    from cxkit.instructor.agenda import (
        Agenda,
        agenda_markdown,
        agenda_names,
        load_agenda,
        module_facts,
        write_agenda,
    )
    from cxkit.instructor.handouts import HANDOUTS, build_handouts

_EXPORTS = {
    "Agenda": "cxkit.instructor.agenda",
    "agenda_markdown": "cxkit.instructor.agenda",
    "agenda_names": "cxkit.instructor.agenda",
    "load_agenda": "cxkit.instructor.agenda",
    "module_facts": "cxkit.instructor.agenda",
    "write_agenda": "cxkit.instructor.agenda",
    "build_handouts": "cxkit.instructor.handouts",
    "HANDOUTS": "cxkit.instructor.handouts",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
