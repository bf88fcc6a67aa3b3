-- AlterEnum
ALTER TYPE "Platform" ADD VALUE 'bale';
