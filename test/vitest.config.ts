import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    globalSetup: ["test/helpers/scratch-folder.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { CHECKPOINT_DISABLE: "1", NO_COLOR: "1" },
  },
});
