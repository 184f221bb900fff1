import { requirePagePermission } from "@/lib/server/auth/session";
import { UploadForm } from "./upload-form";

export default async function ImportPage() {
  await requirePagePermission("manage:accounts");
  return <UploadForm />;
}
