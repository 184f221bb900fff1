// Issue 3: an admin uploads several log files in the browser and gets the import summary.
import { expect, test } from "@playwright/test";
import { datasetPath } from "../helpers/datasets";
import { ADMIN, signIn } from "./admin-helpers";

test("an admin uploads CloudTrail files, including a broken one, and sees what was stored and rejected", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/admin/import");
  await expect(page.getByRole("heading", { name: "Import files" })).toBeVisible();
  const files = [
    datasetPath("aws/attacks/stratus-detonations/aws.persistence.iam-create-admin-user.json"),
    datasetPath("aws/fixtures/cloudtrail2sightings/aws.execution.ec2-user-data.json"),
  ];
  await page.getByTestId("upload-files").setInputFiles(files);
  await page.getByRole("button", { name: "Upload and import" }).click();
  const summary = page.getByTestId("upload-summary");
  await expect(summary).toBeVisible({ timeout: 60_000 });
  await expect(summary).toContainText(/2 files · \d+ records · \d+ stored/);

  // Uploading the same files again stores nothing new.
  await page.getByTestId("upload-files").setInputFiles(files);
  await page.getByRole("button", { name: "Upload and import" }).click();
  await expect(page.getByTestId("upload-summary")).toContainText(/ 0 stored/, { timeout: 60_000 });

  // The target account is picked from the accounts there are: the first file again, into the account it created.
  await page.reload();
  await page.getByTestId("upload-account").selectOption({ label: "AWS account 229654561268 (AWS 229654561268)" });
  await page.getByTestId("upload-files").setInputFiles(files.slice(0, 1));
  await page.getByRole("button", { name: "Upload and import" }).click();
  await expect(page.getByTestId("upload-summary")).toContainText(/^Imported1 file · \d+ records · 0 stored/, { timeout: 60_000 });

  // The account the import created has nothing to poll: marked as such, with no connection test offered.
  await page.goto("/admin/accounts");
  const row = page.getByTestId("account-229654561268");
  await expect(row.getByTestId("account-status")).toContainText("imported only");
  await expect(row.getByRole("button", { name: "Test connection" })).toHaveCount(0);
});
