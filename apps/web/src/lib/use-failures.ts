'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react';
import { useFirstScreenDrawn } from './first-screen';

/**
 * The person's failures, less the ones they dismissed; shared by the nav badge, Overview and
 * Failures. Dismissing is kept on the server, so it holds in every browser, and a job that fails
 * again comes back by itself.
 */
export function useFailures() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // The nav badge waits for a cold Library's first screen (`first-screen.ts`); pages that show
  // failures never wait.
  const query = useQuery(
    trpc.failure.list.queryOptions(
      { limit: 500 },
      { refetchInterval: 30_000, enabled: useFirstScreenDrawn() },
    ),
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.failure.list.queryKey() });
  const dismissMutation = useMutation(trpc.failure.dismiss.mutationOptions({ onSettled: refresh }));
  const restoreMutation = useMutation(trpc.failure.restoreDismissed.mutationOptions({ onSettled: refresh }));
  return {
    query,
    visible: query.data?.items,
    dismissedCount: query.data?.dismissed ?? 0,
    dismiss: (ids: string[]) => dismissMutation.mutate({ ids }),
    restore: () => restoreMutation.mutate(),
    /** Dismissing or restoring did not reach the server. */
    error: dismissMutation.error ?? restoreMutation.error,
  };
}
