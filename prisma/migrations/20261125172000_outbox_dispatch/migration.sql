-- CreateTable
CREATE TABLE "DispatcherLease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DispatcherLease_pkey" PRIMARY KEY ("name")
);
