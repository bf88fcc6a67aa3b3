-- Each instance keeps the callers it resolved in memory (caller-cache.ts). A change to anything a caller is
-- resolved from (a member, a workspace's own fields, a person's chosen workspace, a chat link, an identity)
-- notifies 'threadline_callers' at its commit, and every instance listening drops what it kept. Inserts are
-- left out: a new member, link or identity changes no caller already resolved. Workspace's counters
-- (leadSeq, ...) change with every record, and are left out too: no caller is resolved from them.
CREATE FUNCTION "threadline_callers_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('threadline_callers', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

CREATE TRIGGER "Member_callers_changed" AFTER UPDATE OR DELETE ON "Member"
  FOR EACH STATEMENT EXECUTE FUNCTION "threadline_callers_changed"();
CREATE TRIGGER "Workspace_callers_changed" AFTER UPDATE OF name, timezone, locale, currency, settings, "actionKey" OR DELETE ON "Workspace"
  FOR EACH STATEMENT EXECUTE FUNCTION "threadline_callers_changed"();
CREATE TRIGGER "Person_callers_changed" AFTER UPDATE OF "currentWorkspaceId" OR DELETE ON "Person"
  FOR EACH STATEMENT EXECUTE FUNCTION "threadline_callers_changed"();
CREATE TRIGGER "ChatLink_callers_changed" AFTER UPDATE OR DELETE ON "ChatLink"
  FOR EACH STATEMENT EXECUTE FUNCTION "threadline_callers_changed"();
CREATE TRIGGER "PlatformIdentity_callers_changed" AFTER UPDATE OR DELETE ON "PlatformIdentity"
  FOR EACH STATEMENT EXECUTE FUNCTION "threadline_callers_changed"();
