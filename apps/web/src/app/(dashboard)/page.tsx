'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { AssetGrid } from '~/components/asset-grid';
import { useTRPC } from '~/trpc/react';

export default function LibraryPage() {
  const trpc = useTRPC();
  const library = useInfiniteQuery(
    trpc.asset.list.infiniteQueryOptions(
      { limit: 120 },
      {
        getNextPageParam: (page) => page.nextCursor,
        // Thumbnails are made in the background: look again while any is still on its way.
        refetchInterval: (query) =>
          query.state.data?.pages.some((p) =>
            p.items.some((a) => !a.thumbnail.url && a.thumbnail.state !== 'failed'),
          )
            ? 2000
            : false,
      },
    ),
  );

  if (library.isPending) return <p className="text-stone-500">Loading your library…</p>;
  if (library.isError) {
    return (
      <p role="alert" className="text-red-600">
        The library could not be loaded: {library.error.message}
      </p>
    );
  }
  const assets = library.data.pages.flatMap((page) => page.items);
  if (assets.length === 0) {
    return (
      <section className="mx-auto max-w-md py-16 text-center">
        <h1 className="text-xl font-semibold">No photos yet</h1>
        <p className="mt-2 text-stone-500">
          Pair a device with <code>npm run keepsake -- device add</code> and let it upload, or send a file
          with curl to <code>/api/v1/uploads</code>.
        </p>
      </section>
    );
  }
  return (
    <section>
      <h1 className="mb-3 text-lg font-semibold">Library</h1>
      <AssetGrid assets={assets} />
      {library.hasNextPage && (
        <button
          type="button"
          onClick={() => library.fetchNextPage()}
          disabled={library.isFetchingNextPage}
          className="mx-auto mt-4 block rounded-md border border-stone-300 px-3 py-1.5 text-sm dark:border-stone-700"
        >
          {library.isFetchingNextPage ? 'Loading…' : 'Show more'}
        </button>
      )}
    </section>
  );
}
