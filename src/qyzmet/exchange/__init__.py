"""The exchange: the one way registry data is read, by signed requests that name the client,
the subject, the fields and the purpose; every request, granted or refused, is recorded."""
