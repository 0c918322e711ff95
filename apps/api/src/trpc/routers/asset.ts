import { assetListInputSchema, assetPageSchema } from '@keepsake/shared';
import { authedProcedure, router } from '../init.js';

export const assetRouter = router({
  list: authedProcedure
    .input(assetListInputSchema)
    .output(assetPageSchema)
    .query(({ ctx, input }) => ctx.assets.list(ctx.user.id, input)),
});
