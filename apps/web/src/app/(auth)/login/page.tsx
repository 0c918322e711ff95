'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { type FormEvent, useEffect, useState } from 'react';
import { FormAlert, TextField } from '~/components/form';
import { useTRPC } from '~/trpc/react';

export default function LoginPage() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  // A new server has no account to sign in to: its first visitor creates the admin instead.
  const setup = useQuery(trpc.setup.status.queryOptions());
  useEffect(() => {
    if (setup.data?.needsAdmin) router.replace('/setup/');
  }, [setup.data, router]);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: (user) => {
        // Seed the answer so the dashboard does not act on the cached "signed out" one.
        queryClient.setQueryData(trpc.auth.me.queryKey(), user);
        router.replace('/');
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ email, password });
  };

  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <form
        onSubmit={submit}
        className="w-full max-w-sm space-y-4 rounded-xl border border-stone-200 bg-white p-6 shadow-sm dark:border-stone-800 dark:bg-stone-900"
      >
        <h1 className="text-xl font-semibold">Sign in to Keepsake</h1>
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={setEmail}
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={setPassword}
        />
        {login.error && <FormAlert>{login.error.message}</FormAlert>}
        <button
          type="submit"
          disabled={login.isPending}
          className="w-full rounded-md bg-stone-900 px-3 py-2 font-medium text-white disabled:opacity-50 dark:bg-stone-100 dark:text-stone-900"
        >
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
