// Kept for code written against the old name; lib/server/datasets.ts alone decides the location.
export { datasetsDir as findDatasetsDir } from "@/lib/server/datasets";
