-- CreateTable
CREATE TABLE "OutboxInstance" (
    "id" TEXT NOT NULL,
    "heartbeatAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OutboxInstance_pkey" PRIMARY KEY ("id")
);
