import {
  assetPageSchema,
  libraryFacetsSchema,
  libraryListInputSchema,
  libraryNeighboursInputSchema,
  libraryNeighboursSchema,
} from '@keepsake/shared';
import { libraryFacets } from '../../assets/library-facets.js';
import { authedProcedure, router } from '../init.js';

/** The dashboard's Library: filtered keyset pages, the filter menus, and neighbours for the asset view. */
export const libraryRouter = router({
  list: authedProcedure
    .input(libraryListInputSchema)
    .output(assetPageSchema)
    .query(({ ctx, input }) => ctx.assets.list(ctx.user.id, input)),

  facets: authedProcedure.output(libraryFacetsSchema).query(({ ctx }) => libraryFacets(ctx.db, ctx.user.id)),

  neighbours: authedProcedure
    .input(libraryNeighboursInputSchema)
    .output(libraryNeighboursSchema)
    .query(({ ctx, input }) => ctx.assets.neighbours(ctx.user.id, input.id, input.filter)),
});
