'use client';

import type { AssetSummary } from '@keepsake/shared';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import {
  type ChangeEvent,
  type DragEvent,
  Suspense,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { EmptyState, ErrorNote, Skeleton } from '~/components/card';
import { formatCount, plural } from '~/components/format';
import { LibraryFilters } from '~/components/library-filters';
import { LibraryGrid } from '~/components/library-grid';
import { UploadPanel } from '~/components/upload-panel';
import { filesFromDrop, isMedia } from '~/lib/collect-files';
import { libraryFirstPage } from '~/lib/early-queries';
import { firstScreenDrawn, useFirstScreenDrawn } from '~/lib/first-screen';
import {
  type FilterState,
  filterParams,
  hasFilters,
  readFilterState,
  toLibraryFilter,
} from '~/lib/library-filter-params';
import { useBrowserUploads } from '~/lib/use-browser-uploads';
import { useTRPC } from '~/trpc/react';

/** How often the Library refreshes at most while browser uploads finish. */
const refreshEveryMs = 2000;

export default function LibraryPage() {
  return (
    <Suspense fallback={<Skeleton className="h-96" />}>
      <Library />
    </Suspense>
  );
}

function Library() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const params = useSearchParams();
  const state = useMemo(() => readFilterState(new URLSearchParams(params.toString())), [params]);
  const filter = useMemo(() => toLibraryFilter(state), [state]);
  const setState = useCallback(
    (next: FilterState) => {
      const query = filterParams(next).toString();
      router.replace(query ? `/library/?${query}` : '/library/', { scroll: false });
    },
    [router],
  );

  const library = useInfiniteQuery(
    trpc.library.list.infiniteQueryOptions(
      { limit: libraryFirstPage.limit, filter },
      {
        getNextPageParam: (page) => page.nextCursor,
        // New uploads appear at the top: while their thumbnails are being made, look again, but
        // only while few pages are loaded (a refetch reloads every loaded page).
        refetchInterval: (query) => {
          const pages = query.state.data?.pages;
          const pending = pages?.[0]?.items.some((a) => !a.thumbnail.url && a.thumbnail.state !== 'failed');
          return pending && pages && pages.length <= 2 ? 3000 : false;
        },
      },
    ),
  );
  // Asked once the first screen is drawn: the server answers one query at a time, and the first
  // screen's thumbnails should not wait behind the filter menus' counts or the next page.
  const firstDrawn = useFirstScreenDrawn();
  const facets = useQuery(
    trpc.library.facets.queryOptions(undefined, { enabled: library.isSuccess && firstDrawn }),
  );
  const assets = useMemo(() => library.data?.pages.flatMap((p) => p.items) ?? [], [library.data]);
  useEffect(() => {
    if (library.isError || (library.isSuccess && assets.length === 0)) firstScreenDrawn();
  }, [library.isError, library.isSuccess, assets.length]);
  const { fetchNextPage, hasNextPage, isFetchingNextPage } = library;
  const loadMore = useCallback(() => {
    if (firstDrawn && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [firstDrawn, fetchNextPage, hasNextPage, isFetchingNextPage]);
  const suffix = filterParams(state).toString();
  const hrefFor = useCallback(
    (asset: AssetSummary) => `/asset/?id=${asset.id}${suffix ? `&${suffix}` : ''}`,
    [suffix],
  );

  const uploads = useBrowserUploads();
  const finished = uploads.snapshot.items.filter((i) => i.state === 'done').length;
  // Each finished upload changes the Library, but refetching every loaded page after each of
  // hundreds of files keeps the server and the browser busy: at most one refresh every 2 s while
  // files finish, and always one after the last, even if the list is cleared or the page left
  // while it waits.
  const lastRefresh = useRef(0);
  const waiting = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refresh = useCallback(() => {
    if (waiting.current) clearTimeout(waiting.current);
    waiting.current = null;
    lastRefresh.current = Date.now();
    void queryClient.invalidateQueries({ queryKey: trpc.library.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.overview.pathKey() });
  }, [queryClient, trpc]);
  useEffect(() => {
    if (finished === 0) {
      if (waiting.current) refresh();
      return;
    }
    // A refresh already waiting will show this file too.
    if (waiting.current) return;
    waiting.current = setTimeout(refresh, Math.max(0, lastRefresh.current + refreshEveryMs - Date.now()));
  }, [finished, refresh]);
  useEffect(
    () => () => {
      if (waiting.current) refresh();
    },
    [refresh],
  );
  const [dragging, setDragging] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const addFiles = useCallback(
    (files: File[]) => {
      const media = files.filter(isMedia);
      const ignored = files.length - media.length;
      setNote(
        ignored > 0
          ? `${plural(ignored, 'file was', 'files were')} not a photo or video and left out.`
          : null,
      );
      if (media.length) uploads.queue.add(media);
    },
    [uploads.queue],
  );
  const onDrop = async (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    addFiles(await filesFromDrop(event.dataTransfer));
  };

  const total = facets.data?.total;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping files is a shortcut; the upload buttons do the same by keyboard
    <div
      className="relative space-y-4"
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-xl font-semibold">
          Library
          {total !== undefined && (
            <span className="ml-2 text-sm font-normal text-stone-500">{plural(total, 'item', 'items')}</span>
          )}
        </h1>
        <UploadButtons onFiles={addFiles} />
      </div>
      <LibraryFilters state={state} facets={facets.data} onChange={setState} />
      {note && <p className="text-sm text-amber-700 dark:text-amber-400">{note}</p>}
      {uploads.interrupted.length > 0 && uploads.snapshot.items.length === 0 && (
        <p
          className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950/60 dark:text-amber-200"
          role="status"
        >
          {plural(uploads.interrupted.length, 'upload', 'uploads')} from an earlier visit did not finish (
          {uploads.interrupted
            .slice(0, 3)
            .map((u) => u.name)
            .join(', ')}
          {uploads.interrupted.length > 3 ? ', …' : ''}). Add the same files again and they continue where
          they stopped.
        </p>
      )}
      <UploadPanel
        snapshot={uploads.snapshot}
        onClear={() => uploads.queue.clearFinished()}
        onRetry={(id) => uploads.queue.retry(id)}
        onCancel={() => uploads.queue.cancelAll()}
      />

      {library.isError ? (
        <ErrorNote what="The library" error={library.error} />
      ) : library.isPending ? (
        <Skeleton className="h-96" />
      ) : assets.length === 0 ? (
        hasFilters(state) ? (
          <EmptyState title="Nothing matches these filters">
            <button type="button" className="underline" onClick={() => setState({})}>
              Clear the filters
            </button>{' '}
            to see all {total !== undefined ? formatCount(total) : ''} items.
          </EmptyState>
        ) : (
          <EmptyState title="No photos yet">
            Drop photos or folders here, use the buttons above, or{' '}
            <Link href="/devices/" className="underline">
              pair a phone
            </Link>
            .
          </EmptyState>
        )
      ) : (
        <LibraryGrid
          assets={assets}
          complete={!hasNextPage}
          loadMore={loadMore}
          loadingMore={isFetchingNextPage}
          hrefFor={hrefFor}
        />
      )}

      {dragging && (
        <div className="pointer-events-none fixed inset-0 z-40 flex items-center justify-center bg-sky-500/15 backdrop-blur-sm">
          <p className="rounded-xl bg-white px-6 py-4 text-lg font-medium shadow-lg dark:bg-stone-900">
            Drop photos or folders to back them up
          </p>
        </div>
      )}
    </div>
  );
}

function UploadButtons({ onFiles }: { onFiles: (files: File[]) => void }) {
  const files = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // Not in React's attribute list; set on the element so the picker selects folders.
    folder.current?.setAttribute('webkitdirectory', '');
  }, []);
  const pick = (event: ChangeEvent<HTMLInputElement>) => {
    onFiles([...(event.target.files ?? [])]);
    event.target.value = '';
  };
  const button =
    'rounded-md border border-stone-300 px-3 py-1.5 text-sm hover:bg-stone-100 dark:border-stone-700 dark:hover:bg-stone-800';
  return (
    <div className="flex gap-2">
      <button type="button" className={button} onClick={() => files.current?.click()}>
        Upload photos
      </button>
      <button type="button" className={button} onClick={() => folder.current?.click()}>
        Upload a folder
      </button>
      <input
        ref={files}
        type="file"
        multiple
        accept="image/*,video/*,.heic,.heif,.dng"
        className="hidden"
        onChange={pick}
        aria-label="Photos to upload"
        data-testid="upload-files"
      />
      <input
        ref={folder}
        type="file"
        multiple
        className="hidden"
        onChange={pick}
        aria-label="Folder to upload"
      />
    </div>
  );
}
