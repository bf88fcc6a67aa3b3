-- Archiving: an archived lead, task or contact leaves lists, searches and reminders; null while it is in use.
ALTER TABLE "Lead" ADD COLUMN "archivedAt" TIMESTAMPTZ(3);
ALTER TABLE "Task" ADD COLUMN "archivedAt" TIMESTAMPTZ(3);
ALTER TABLE "Contact" ADD COLUMN "archivedAt" TIMESTAMPTZ(3);

-- Contacts get a chat-facing number like leads (/contact show 3), a per-workspace sequence.
ALTER TABLE "Workspace" ADD COLUMN "contactSeq" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Contact" ADD COLUMN "number" INTEGER;

-- Existing contacts are numbered in the order they were created, and each workspace's counter continues from there.
UPDATE "Contact" c SET "number" = n.rn
FROM (SELECT id, row_number() OVER (PARTITION BY "workspaceId" ORDER BY "createdAt", id) AS rn FROM "Contact") n
WHERE c.id = n.id;
UPDATE "Workspace" w SET "contactSeq" = COALESCE((SELECT max("number") FROM "Contact" c WHERE c."workspaceId" = w.id), 0);

ALTER TABLE "Contact" ALTER COLUMN "number" SET NOT NULL;
CREATE UNIQUE INDEX "Contact_workspaceId_number_key" ON "Contact"("workspaceId", "number");
