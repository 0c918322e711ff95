import { QueryClient } from '@tanstack/react-query';

/** One factory so every page shares the same caching rules. */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Library pages change only when something is uploaded; a short staleTime avoids
      // refetch storms while keeping the view current.
      queries: { staleTime: 10_000, retry: 1, refetchOnWindowFocus: true },
    },
  });
}
