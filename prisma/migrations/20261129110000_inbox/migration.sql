-- CreateEnum
CREATE TYPE "InboxState" AS ENUM ('pending', 'done', 'answered');

-- AlterTable
ALTER TABLE "InboundDelivery" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "claimedBy" TEXT,
ADD COLUMN     "doneAt" TIMESTAMPTZ(3),
ADD COLUMN     "leaseUntil" TIMESTAMPTZ(3),
ADD COLUMN     "request" JSONB,
ADD COLUMN     "state" "InboxState" NOT NULL DEFAULT 'pending',
ALTER COLUMN "workspaceId" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "InboundDelivery_state_leaseUntil_idx" ON "InboundDelivery"("state", "leaseUntil");


-- Deliveries recorded before the inbox existed were all worked and answered in their transaction.
UPDATE "InboundDelivery" SET "state" = 'answered', "doneAt" = "receivedAt";
