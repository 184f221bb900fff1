// The datasets the tests read: the in-repo copy that lib/server/datasets.ts resolves.
import { datasetPath, datasetsDir } from "@/lib/server/datasets";

export const DATASETS_DIR = datasetsDir();
export { datasetPath };
