"""The GovStack Registration building block API at ``/govstack/registration/``: a channel that
maps GovStack's services, eForms, application files, tasks and statistics onto qyzmet's
catalogue, applications, cases and quality figures (see ``docs/govstack.md``)."""
