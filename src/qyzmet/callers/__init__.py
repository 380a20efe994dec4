"""Who is calling qyzmet's JSON APIs (``/api/v1/``, ``/govstack/registration/``): the
authentication schemes both accept, and what they tell about the caller.

Between the channels and the domain: channels import it, it imports domain apps (accounts,
partners) and never a channel, so the APIs share one set of schemes without importing each
other."""
