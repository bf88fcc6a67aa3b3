-- A form being answered in a chat, one question at a time (Telegram, Bale, the console).
CREATE TABLE "FormSession" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspaceId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "form" TEXT NOT NULL,
    "context" TEXT,
    "platform" "Platform" NOT NULL,
    "chatId" TEXT NOT NULL,
    "values" JSONB NOT NULL DEFAULT '{}',
    "step" INTEGER NOT NULL DEFAULT 0,
    "offered" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FormSession_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "FormSession_workspaceId_memberId_platform_chatId_key" ON "FormSession"("workspaceId", "memberId", "platform", "chatId");

ALTER TABLE "FormSession" ADD CONSTRAINT "FormSession_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "FormSession" ADD CONSTRAINT "FormSession_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;
