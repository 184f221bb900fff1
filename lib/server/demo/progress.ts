// Where the demo seeding stands while it runs (demo/seed.ts writes it), for the app's first-start
// banner (lib/server/dal/first-start.ts). Its own module so the banner's route does not load the generator.

export const DEMO_PROGRESS_KEY = "demo:progress";

export type TDemoProgress = { phase: "generating"; day: number; days: number } | { phase: "importing"; events: number };
