-- People and memberships: a platform identity belongs to a person, and a person may be a member of several
-- workspaces. Until now every member was one person in one workspace, so each existing member becomes a
-- person with the same id, and each identity moves from its member to that person.

-- CreateEnum
CREATE TYPE "MemberKind" AS ENUM ('person', 'anonymous_admin', 'channel');

-- CreateEnum
CREATE TYPE "CodeKind" AS ENUM ('identity', 'join');

-- CreateTable
CREATE TABLE "Person" (
    "id" UUID NOT NULL,
    "currentWorkspaceId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

INSERT INTO "Person" ("id", "createdAt") SELECT "id", "createdAt" FROM "Member";

-- AlterTable
ALTER TABLE "Member" ADD COLUMN "kind" "MemberKind" NOT NULL DEFAULT 'person',
ADD COLUMN "personId" UUID;
UPDATE "Member" SET "personId" = "id";
ALTER TABLE "Member" ALTER COLUMN "personId" SET NOT NULL;

-- Identities sent on behalf of a chat (see telegram.updates.ts) did not exist before: nothing to convert.
ALTER TABLE "PlatformIdentity" ADD COLUMN "personId" UUID;
UPDATE "PlatformIdentity" SET "personId" = "memberId";
ALTER TABLE "PlatformIdentity" ALTER COLUMN "personId" SET NOT NULL;

-- DropForeignKey
ALTER TABLE "PlatformIdentity" DROP CONSTRAINT "PlatformIdentity_workspaceId_fkey";

-- DropForeignKey
ALTER TABLE "PlatformIdentity" DROP CONSTRAINT "PlatformIdentity_memberId_fkey";

-- DropIndex
DROP INDEX "PlatformIdentity_memberId_idx";

-- AlterTable
ALTER TABLE "PlatformIdentity" DROP COLUMN "memberId",
DROP COLUMN "workspaceId";

-- AlterTable
ALTER TABLE "ChatLink" ADD COLUMN "title" TEXT;

-- AlterTable
ALTER TABLE "LinkCode" ADD COLUMN "kind" "CodeKind" NOT NULL DEFAULT 'identity';

-- CreateIndex
CREATE INDEX "Member_personId_idx" ON "Member"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "Member_workspaceId_personId_key" ON "Member"("workspaceId", "personId");

-- CreateIndex
CREATE INDEX "PlatformIdentity_personId_idx" ON "PlatformIdentity"("personId");

-- AddForeignKey
ALTER TABLE "Member" ADD CONSTRAINT "Member_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_currentWorkspaceId_fkey" FOREIGN KEY ("currentWorkspaceId") REFERENCES "Workspace"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlatformIdentity" ADD CONSTRAINT "PlatformIdentity_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;
