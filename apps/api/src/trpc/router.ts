import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { router } from './init.js';
import { assetRouter } from './routers/asset.js';
import { authRouter } from './routers/auth.js';
import { deviceRouter } from './routers/device.js';
import { failureRouter } from './routers/failure.js';
import { jobRouter } from './routers/job.js';
import { libraryRouter } from './routers/library.js';
import { overviewRouter } from './routers/overview.js';
import { setupRouter } from './routers/setup.js';
import { uploadRouter } from './routers/upload.js';
import { userRouter } from './routers/user.js';

export const appRouter = router({
  auth: authRouter,
  asset: assetRouter,
  device: deviceRouter,
  job: jobRouter,
  user: userRouter,
  failure: failureRouter,
  library: libraryRouter,
  overview: overviewRouter,
  setup: setupRouter,
  upload: uploadRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
