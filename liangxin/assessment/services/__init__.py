"""Writes of the assessment, one module per area (import from the module, e.g.
``from liangxin.assessment.services import rounds as round_services``)."""
