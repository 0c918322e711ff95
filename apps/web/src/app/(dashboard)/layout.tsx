'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { usePathname, useRouter } from 'next/navigation';
import { type ReactNode, useEffect, useRef } from 'react';
import { NavBar } from '~/components/nav-bar';
import { useFailures } from '~/lib/use-failures';
import { useSignOut } from '~/lib/use-sign-out';
import { useTRPC } from '~/trpc/react';

export default function DashboardLayout({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const router = useRouter();
  const me = useQuery(trpc.auth.me.queryOptions());

  useEffect(() => {
    if (me.isSuccess && !me.data) router.replace('/login/');
  }, [me.isSuccess, me.data, router]);

  if (me.isError) {
    return (
      <p role="alert" className="p-8 text-red-600 dark:text-red-400">
        Keepsake's server did not answer ({me.error.message}). Check that it is running, then reload.
      </p>
    );
  }
  if (!me.data) return <p className="p-8 text-stone-500">Loading…</p>;
  return <SignedIn email={me.data.email}>{children}</SignedIn>;
}

function SignedIn({ email, children }: { email: string; children: ReactNode }) {
  const trpc = useTRPC();
  const pathname = usePathname();
  const { visible } = useFailures();
  const header = useRef<HTMLElement>(null);
  // Sticky day headings in the library sit just under this header, whose height changes
  // when the navigation wraps on a narrow screen.
  useEffect(() => {
    const element = header.current;
    if (!element) return;
    const observer = new ResizeObserver(() =>
      document.documentElement.style.setProperty('--header-height', `${element.offsetHeight}px`),
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const signOut = useSignOut();
  const logout = useMutation(trpc.auth.logout.mutationOptions({ onSuccess: signOut }));
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-stone-900"
      >
        Skip to content
      </a>
      <header
        ref={header}
        className="sticky top-0 z-30 border-b border-stone-200 bg-stone-50 dark:border-stone-800 dark:bg-stone-950"
      >
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2.5">
          <a href="/" className="text-lg font-semibold">
            Keepsake
          </a>
          <div className="order-last w-full min-w-0 md:order-none md:w-auto md:flex-1">
            <NavBar pathname={pathname} failures={visible?.length ?? 0} />
          </div>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span className="hidden text-stone-500 sm:inline">{email}</span>
            <button
              type="button"
              onClick={() => logout.mutate()}
              className="rounded-md border border-stone-300 px-2 py-1 hover:bg-stone-100 dark:border-stone-700 dark:hover:bg-stone-800"
            >
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl p-4">
        {children}
      </main>
    </div>
  );
}
