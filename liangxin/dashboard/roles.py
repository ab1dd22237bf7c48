"""Who has which page of this app (its menu entry and its view read the same tuple)."""

#: the worklist is a tool of those who act on its flags; an organization's contact and a
#: dispatching unit's liaison see their part on their own desk instead
WORKLIST_ROLES = ("county_admin", "committee_staff", "auditor", "instructor")
