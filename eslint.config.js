import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  { ignores: ["node_modules/", ".next/", ".data/", "lib/generated/", "next-env.d.ts", "test-results/", "playwright-report/", "tmp-*"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      // ml/ must stay a pure TensorFlow.js library (STYLE.md): no Next, Prisma or React.
    },
  },
  {
    files: ["ml/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["next", "next/*", "react", "react-dom", "@prisma/*", "@/lib/*", "@/app/*", "@/components/*"] }],
    },
  },
  {
    // Scripts run by hand beside the library may find the shipped datasets through their one resolver.
    files: ["ml/scripts/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["next", "next/*", "react", "react-dom", "@prisma/*", "@/lib/*", "!@/lib/server", "@/lib/server/*", "!@/lib/server/datasets", "@/app/*", "@/components/*"] }],
    },
  },
  {
    files: ["**/*.{js,mjs}"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly", Buffer: "readonly" } },
  },
);
