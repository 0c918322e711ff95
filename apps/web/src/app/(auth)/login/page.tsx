'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { type FormEvent, useEffect, useState } from 'react';
import { EmailField, FormAlert, SignedOutForm, TextField } from '~/components/form';
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
    <SignedOutForm
      onSubmit={submit}
      submit={{ label: login.isPending ? 'Signing in…' : 'Sign in', disabled: login.isPending }}
    >
      <h1 className="text-xl font-semibold">Sign in to Keepsake</h1>
      <EmailField value={email} onChange={setEmail} />
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
    </SignedOutForm>
  );
}
