-- The inbox's completion (inbox.prisma-repo.ts) calls this when its entry was completed before (a second worker
-- of the same key): an error, not an empty result, so that a COMMIT sent after the completion in the same
-- round trip (pg-begin.ts) is skipped by the server and the work rolls back. SQLSTATE TL001 is Threadline's own.
CREATE FUNCTION "threadline_done_already"(k TEXT) RETURNS TEXT LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'inbox entry % was completed before', k USING ERRCODE = 'TL001';
END
$$;
