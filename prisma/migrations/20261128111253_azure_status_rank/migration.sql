-- AlterTable
ALTER TABLE "events" ADD COLUMN     "status_rank" SMALLINT;
