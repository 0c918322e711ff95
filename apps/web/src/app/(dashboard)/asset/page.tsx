'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useEffect, useMemo } from 'react';
import { AssetMedia } from '~/components/asset-media';
import { AssetMetadata } from '~/components/asset-metadata';
import { EmptyState, ErrorNote, Skeleton } from '~/components/card';
import { assetUrls, fetchAssetDetail } from '~/lib/asset-detail';
import { filterParams, readFilterState, toLibraryFilter } from '~/lib/library-filter-params';
import { useTRPC } from '~/trpc/react';

export default function AssetPage() {
  return (
    <Suspense fallback={<Skeleton className="h-[70vh]" />}>
      <AssetView />
    </Suspense>
  );
}

function AssetView() {
  const trpc = useTRPC();
  const router = useRouter();
  const params = useSearchParams();
  const id = params.get('id') ?? '';
  // The library's filters travel along, so previous and next stay within the same selection.
  const state = useMemo(() => readFilterState(new URLSearchParams(params.toString())), [params]);
  const filters = filterParams(state).toString();
  const libraryHref = filters ? `/library/?${filters}` : '/library/';
  const hrefOf = (assetId: string) => `/asset/?id=${assetId}${filters ? `&${filters}` : ''}`;

  const detail = useQuery({
    queryKey: ['asset-detail', id],
    queryFn: ({ signal }) => fetchAssetDetail(id, signal),
    enabled: !!id,
    // The preview may still be in the making just after an upload.
    refetchInterval: (query) =>
      query.state.data && !query.state.data.thumbnail.url && query.state.data.thumbnail.state !== 'failed'
        ? 3000
        : false,
  });
  const neighbours = useQuery(
    trpc.library.neighbours.queryOptions({ id, filter: toLibraryFilter(state) }, { enabled: !!id }),
  );
  const previous = neighbours.data?.previous;
  const next = neighbours.data?.next;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (target.closest('input, textarea, select, video') || event.metaKey || event.ctrlKey || event.altKey)
        return;
      if (event.key === 'ArrowLeft' && previous) router.replace(hrefOf(previous.id), { scroll: false });
      else if (event.key === 'ArrowRight' && next) router.replace(hrefOf(next.id), { scroll: false });
      else if (event.key === 'Escape') router.push(libraryHref);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  // Stepping through is instant when the neighbours' previews are already cached.
  useEffect(() => {
    for (const asset of [previous, next]) {
      if (asset?.thumbnail.url && asset.kind !== 'video') new Image().src = assetUrls(asset.id).preview;
    }
  }, [previous, next]);

  if (!id) {
    return (
      <EmptyState title="No photo chosen">
        This page shows one photo or video of your library.{' '}
        <Link href={libraryHref} className="underline">
          Open the Library
        </Link>{' '}
        and pick one.
      </EmptyState>
    );
  }
  const nav =
    'rounded-md border border-stone-300 px-3 py-1.5 text-sm dark:border-stone-700 aria-disabled:pointer-events-none aria-disabled:opacity-40';
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Link href={libraryHref} className="text-sm text-sky-700 underline dark:text-sky-400">
          ← Library
        </Link>
        <h1 className="min-w-0 flex-1 truncate text-center font-semibold" title={detail.data?.filename}>
          {detail.data?.filename ?? ' '}
        </h1>
        <div className="flex gap-2">
          <Link
            href={previous ? hrefOf(previous.id) : '#'}
            replace
            aria-disabled={!previous}
            aria-label="Previous (newer)"
            className={nav}
          >
            ← Newer
          </Link>
          <Link
            href={next ? hrefOf(next.id) : '#'}
            replace
            aria-disabled={!next}
            aria-label="Next (older)"
            className={nav}
          >
            Older →
          </Link>
          <a
            href={assetUrls(id).download()}
            download
            className="rounded-md bg-stone-900 px-3 py-1.5 text-sm font-medium text-white dark:bg-stone-100 dark:text-stone-900"
          >
            Download original
          </a>
        </div>
      </div>
      {detail.isError ? (
        <ErrorNote what="This asset" error={detail.error} />
      ) : !detail.data ? (
        <Skeleton className="h-[70vh]" />
      ) : (
        <div className="grid grid-cols-1 gap-4 lg:grid-cols-[1fr_22rem]">
          <AssetMedia key={`${detail.data.id}-${!!detail.data.thumbnail.url}`} asset={detail.data} />
          <aside
            aria-label="Details"
            className="rounded-xl border border-stone-200 bg-white p-4 dark:border-stone-800 dark:bg-stone-900"
          >
            <AssetMetadata asset={detail.data} />
          </aside>
        </div>
      )}
      <p className="text-center text-xs text-stone-500">
        Use ← and → to step through, Esc to return to the library.
      </p>
    </div>
  );
}
