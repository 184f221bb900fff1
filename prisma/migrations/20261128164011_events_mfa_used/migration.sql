-- AlterTable
ALTER TABLE "events" ADD COLUMN     "mfa_used" BOOLEAN;
