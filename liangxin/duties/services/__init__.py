"""Writes of the duties, one module per area (import from the module, e.g.
``from liangxin.duties.services.requests import draft_request``)."""
