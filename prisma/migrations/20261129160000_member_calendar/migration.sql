-- CreateEnum
CREATE TYPE "Calendar" AS ENUM ('gregorian', 'jalali');

-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "calendar" "Calendar";

