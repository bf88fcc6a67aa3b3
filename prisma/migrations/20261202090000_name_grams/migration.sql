-- The duplicate warning's index. A new lead's look-alikes were found by testing every lead and contact of the
-- workspace (lead.prisma-repo.ts, lookAlike): a cost that grew with the workspace, the largest of a /lead add
-- past a few hundred names. Each name's key (matchKey) now also has its tokens here, and a lookup reads the
-- records that share a token with the probe, through a b-tree, then tests only those.
--
-- A key's tokens, none holding a character a key can have ('^', '=', ' ' and punctuation are stripped from keys):
--   every 3-letter piece at every place, the last one padded with a space ("acme": "acm", "cme", "me ");
--   '^' and its first three letters ("^acm"), so a key inside the probe is found by where it starts;
--   '=' and the key itself, for a key under three letters; '' for a row without a key yet (always a candidate).
-- Which tokens a probe looks up, and why they find every name the rule can accept: lookAlikeTokens in
-- lead.prisma-repo.ts. No foreign keys: the rows follow their lead or contact through the triggers below.
CREATE TABLE "NameGram" (
  "workspaceId" UUID NOT NULL,
  gram TEXT COLLATE "C" NOT NULL,
  kind TEXT NOT NULL,
  "recordId" UUID NOT NULL,
  CONSTRAINT "NameGram_pkey" PRIMARY KEY ("recordId", gram)
);
-- Byte order ("C"), so a range from a 2-letter prefix to its successor holds exactly the tokens it starts.
CREATE INDEX "NameGram_workspaceId_gram_idx" ON "NameGram" ("workspaceId", gram);

-- A key's tokens. In PL/pgSQL, so the plan of its query is kept per connection instead of made again for
-- every row a trigger writes.
CREATE FUNCTION "threadline_name_tokens"(k TEXT) RETURNS SETOF TEXT LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF k IS NULL THEN RETURN NEXT ''; RETURN; END IF;
  IF length(k) < 3 THEN RETURN NEXT '=' || k; RETURN; END IF;
  RETURN NEXT '^' || left(k, 3);
  RETURN QUERY SELECT DISTINCT substr(k || ' ', i, 3) FROM generate_series(1, length(k) - 1) AS i;
END
$$;

CREATE FUNCTION "threadline_name_grams"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM "NameGram" WHERE "recordId" = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO "NameGram" ("workspaceId", gram, kind, "recordId")
    SELECT NEW."workspaceId", t, TG_ARGV[0], NEW.id FROM "threadline_name_tokens"(NEW."matchKey") AS t;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Lead_name_grams_insert" AFTER INSERT ON "Lead"
  FOR EACH ROW EXECUTE FUNCTION "threadline_name_grams"('lead');
CREATE TRIGGER "Lead_name_grams_update" AFTER UPDATE OF "matchKey", "workspaceId" ON "Lead"
  FOR EACH ROW WHEN (OLD."matchKey" IS DISTINCT FROM NEW."matchKey" OR OLD."workspaceId" <> NEW."workspaceId")
  EXECUTE FUNCTION "threadline_name_grams"('lead');
CREATE TRIGGER "Lead_name_grams_delete" AFTER DELETE ON "Lead"
  FOR EACH ROW EXECUTE FUNCTION "threadline_name_grams"('lead');
CREATE TRIGGER "Contact_name_grams_insert" AFTER INSERT ON "Contact"
  FOR EACH ROW EXECUTE FUNCTION "threadline_name_grams"('contact');
CREATE TRIGGER "Contact_name_grams_update" AFTER UPDATE OF "matchKey", "workspaceId" ON "Contact"
  FOR EACH ROW WHEN (OLD."matchKey" IS DISTINCT FROM NEW."matchKey" OR OLD."workspaceId" <> NEW."workspaceId")
  EXECUTE FUNCTION "threadline_name_grams"('contact');
CREATE TRIGGER "Contact_name_grams_delete" AFTER DELETE ON "Contact"
  FOR EACH ROW EXECUTE FUNCTION "threadline_name_grams"('contact');

-- The names already there, as the triggers would have written them.
INSERT INTO "NameGram" ("workspaceId", gram, kind, "recordId")
SELECT r."workspaceId", t, r.kind, r.id FROM (
  SELECT "workspaceId", id, "matchKey", 'lead' AS kind FROM "Lead"
  UNION ALL SELECT "workspaceId", id, "matchKey", 'contact' FROM "Contact"
) AS r, "threadline_name_tokens"(r."matchKey") AS t;
