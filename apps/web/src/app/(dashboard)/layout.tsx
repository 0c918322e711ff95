'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { type ReactNode, useEffect } from 'react';
import { useTRPC } from '~/trpc/react';

export default function DashboardLayout({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.auth.me.queryOptions());
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSuccess: async () => {
        await queryClient.resetQueries();
        router.replace('/login/');
      },
    }),
  );

  useEffect(() => {
    if (me.isSuccess && !me.data) router.replace('/login/');
  }, [me.isSuccess, me.data, router]);

  if (me.isError) {
    return (
      <p role="alert" className="p-8 text-red-600">
        Keepsake's server did not answer ({me.error.message}). Check that it is running, then reload.
      </p>
    );
  }
  if (!me.data) return <p className="p-8 text-stone-500">Loading…</p>;

  return (
    <div className="min-h-screen">
      <header className="sticky top-0 z-10 flex items-center justify-between border-b border-stone-200 bg-stone-50/90 px-4 py-3 backdrop-blur dark:border-stone-800 dark:bg-stone-950/90">
        <a href="/" className="text-lg font-semibold">
          Keepsake
        </a>
        <div className="flex items-center gap-3 text-sm">
          <span className="text-stone-500">{me.data.email}</span>
          <button
            type="button"
            onClick={() => logout.mutate()}
            className="rounded-md border border-stone-300 px-2 py-1 dark:border-stone-700"
          >
            Sign out
          </button>
        </div>
      </header>
      <main className="p-4">{children}</main>
    </div>
  );
}
