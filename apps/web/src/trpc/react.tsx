'use client';

import type { AppRouter } from '@keepsake/api/router';
import { clientHeader } from '@keepsake/shared/client-header';
import { QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { type ReactNode, useState } from 'react';
import { earlyLink } from '~/lib/early-queries';
import { makeQueryClient } from './query-client';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export function TrpcProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        // A cold load's first queries may already be on their way (lib/early-queries.ts).
        earlyLink,
        splitLink({
          condition: (op) => op.type === 'subscription',
          // Live views (Activity) stream over server-sent events: one long GET that the
          // browser reconnects by itself, carrying the last event id.
          true: httpSubscriptionLink({ url: '/trpc' }),
          // Same origin: the API serves this dashboard, so the session cookie just travels.
          // One request per query, not batched: a batch answers when its slowest query does, so
          // the Library's first page waited for the filter menus and the failure count.
          false: httpLink({ url: '/trpc', headers: { [clientHeader]: 'web' } }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
