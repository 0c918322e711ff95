'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Card, ErrorNote, Skeleton } from '~/components/card';
import { FormAlert, NewPasswordFields, primaryButton, TextField } from '~/components/form';
import { formatRelative } from '~/components/format';
import { useSignOut } from '~/lib/use-sign-out';
import { useTRPC } from '~/trpc/react';

export default function SettingsPage() {
  const trpc = useTRPC();
  const signOut = useSignOut();
  const me = useQuery(trpc.auth.me.queryOptions());
  const logout = useMutation(trpc.auth.logout.mutationOptions({ onSuccess: signOut }));
  const everywhere = useMutation(trpc.auth.logoutEverywhere.mutationOptions({ onSuccess: signOut }));

  return (
    <div className="max-w-2xl space-y-4">
      <h1 className="text-xl font-semibold">Settings</h1>
      <Card title="Account">
        <p className="text-sm">
          Signed in as <strong>{me.data?.email}</strong>
          {me.data?.role === 'admin' && ' (admin)'}.
        </p>
        <div className="mt-3 flex flex-wrap gap-2">
          <button
            type="button"
            onClick={() => logout.mutate()}
            className="rounded-md border border-stone-300 px-3 py-1.5 text-sm dark:border-stone-700"
          >
            Sign out
          </button>
          <button
            type="button"
            onClick={() => everywhere.mutate()}
            className="rounded-md border border-stone-300 px-3 py-1.5 text-sm dark:border-stone-700"
          >
            Sign out everywhere
          </button>
        </div>
      </Card>
      <ChangePassword />
      <Sessions />
    </div>
  );
}

function ChangePassword() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: () => {
        setCurrent('');
        setNext('');
        setRepeat('');
        // The other sign-ins were ended: the list below must stop showing them.
        void queryClient.invalidateQueries({ queryKey: trpc.auth.sessions.queryKey() });
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMismatch(next !== repeat);
    if (next === repeat) change.mutate({ current, next });
  };
  return (
    <Card title="Change password">
      <form onSubmit={submit} className="space-y-3">
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={setCurrent}
        />
        <NewPasswordFields
          label="New password"
          value={next}
          repeat={repeat}
          onChange={setNext}
          onRepeatChange={setRepeat}
        />
        {mismatch && <FormAlert>The two new passwords differ; type the same one twice.</FormAlert>}
        {change.error && <FormAlert>{change.error.message}</FormAlert>}
        {change.isSuccess && (
          <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
            Password changed. Other browsers signed in with the old one were signed out.
          </p>
        )}
        <button type="submit" disabled={change.isPending} className={primaryButton}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </button>
      </form>
    </Card>
  );
}

function Sessions() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.auth.sessions.queryOptions());
  const revoke = useMutation(
    trpc.auth.revokeSession.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.auth.sessions.queryKey() }),
    }),
  );
  return (
    <Card title="Where you are signed in">
      {sessions.isError ? (
        <ErrorNote what="The sign-ins" error={sessions.error} />
      ) : !sessions.data ? (
        <Skeleton className="h-16" />
      ) : (
        <ul className="divide-y divide-stone-200 text-sm dark:divide-stone-800">
          {sessions.data.map((session) => (
            <li key={session.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <div className="min-w-0">
                <p className="truncate">{session.userAgent ?? 'Unknown browser'}</p>
                <p className="text-xs text-stone-500">
                  {session.address ?? 'unknown address'} · signed in {formatRelative(session.createdAt)}
                  {session.current && ' · this browser'}
                </p>
              </div>
              {!session.current && (
                <button
                  type="button"
                  onClick={() => revoke.mutate({ sessionId: session.id })}
                  className="rounded-md border border-stone-300 px-2 py-1 text-xs dark:border-stone-700"
                >
                  Sign out
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
