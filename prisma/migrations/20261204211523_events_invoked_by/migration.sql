-- AlterTable
ALTER TABLE "events" ADD COLUMN     "invoked_by" TEXT;
