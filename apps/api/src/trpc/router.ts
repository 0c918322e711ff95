import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { router } from './init.js';
import { assetRouter } from './routers/asset.js';
import { authRouter } from './routers/auth.js';
import { deviceRouter } from './routers/device.js';
import { jobRouter } from './routers/job.js';
import { userRouter } from './routers/user.js';

export const appRouter = router({
  auth: authRouter,
  asset: assetRouter,
  device: deviceRouter,
  job: jobRouter,
  user: userRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
