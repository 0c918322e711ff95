'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { type FormEvent, useEffect, useState } from 'react';
import { EmailField, FormAlert, NewPasswordFields, SignedOutForm } from '~/components/form';
import { useTRPC } from '~/trpc/react';

/** First run: the server has no account yet, and the first visitor creates the admin. */
export default function SetupPage() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.setup.status.queryOptions());
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const create = useMutation(
    trpc.setup.createAdmin.mutationOptions({
      onSuccess: (user) => {
        queryClient.setQueryData(trpc.auth.me.queryKey(), user);
        queryClient.setQueryData(trpc.setup.status.queryKey(), { needsAdmin: false });
        router.replace('/devices/');
      },
    }),
  );
  useEffect(() => {
    if (status.data && !status.data.needsAdmin && !create.isSuccess) router.replace('/login/');
  }, [status.data, create.isSuccess, router]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMismatch(password !== repeat);
    if (password === repeat) create.mutate({ email, password });
  };

  return (
    <SignedOutForm
      onSubmit={submit}
      submit={{
        label: create.isPending ? 'Creating…' : 'Create admin account',
        disabled: create.isPending || !status.data?.needsAdmin,
      }}
    >
      <div>
        <h1 className="text-xl font-semibold">Welcome to Keepsake</h1>
        <p className="mt-1 text-sm text-stone-500 dark:text-stone-400">
          This server has no account yet. Create the admin account: it can add devices and other people later.
          There is no default password.
        </p>
      </div>
      {status.isError && (
        <FormAlert>
          The server did not answer ({status.error.message}). Check that it is running, then reload.
        </FormAlert>
      )}
      <EmailField value={email} onChange={setEmail} />
      <NewPasswordFields
        label="Password"
        value={password}
        repeat={repeat}
        onChange={setPassword}
        onRepeatChange={setRepeat}
      />
      {mismatch && <FormAlert>The two passwords differ; type the same one twice.</FormAlert>}
      {create.error && <FormAlert>{create.error.message}</FormAlert>}
    </SignedOutForm>
  );
}
