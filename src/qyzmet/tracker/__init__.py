"""The citizen's data tracker: who read which of their data, when and why, in their language;
and the concealments an investigation records to hide an access for a limited period."""
