import { defineConfig } from 'vitest/config';

// Set-up hooks start the composed app and seed the store: on a busy 2-core machine that can pass 10 s.
// Four layers, run together by `npm test`: unit (services with fakes), integration (real Cosmos SDK
// against the embedded server), bot (real HTTP into the CloudAdapter) and e2e (the playground in Chromium).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 } },
      { test: { name: 'bot', include: ['test/bot/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 } },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
