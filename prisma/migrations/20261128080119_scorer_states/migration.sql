-- CreateTable
CREATE TABLE "scorer_states" (
    "model_version_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scorer_states_pkey" PRIMARY KEY ("model_version_id","key")
);

-- AddForeignKey
ALTER TABLE "scorer_states" ADD CONSTRAINT "scorer_states_model_version_id_fkey" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
