import type { AppRouter } from '@keepsake/api/router';
import { clientHeader } from '@keepsake/shared/client-header';
import type { TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';

/**
 * The queries a cold load of a page waits for before it can draw anything, started by a small
 * script in the HTML as soon as the browser reads it, instead of after the dashboard's JavaScript
 * has loaded and hydrated (about 0.6 s on a two-core box). The tRPC client then takes their
 * answers (`earlyLink`) when it asks the same query. Only pages opened without search parameters
 * start any: a filtered Library builds its query from the URL and the local time zone.
 */
export interface EarlyQuery {
  path: string;
  input?: unknown;
}

/** The Library's first page as the page asks for it (tRPC's infinite query adds `direction`). */
export const libraryFirstPage = { limit: 200, filter: {} };

export const earlyQueries: Record<string, EarlyQuery[]> = {
  '/library/': [
    { path: 'auth.me' },
    { path: 'library.list', input: { ...libraryFirstPage, direction: 'forward' } },
  ],
};

/** What the script leaves on `window`: each query's answer by `earlyKey`, and whether it ran. */
interface EarlyAnswers {
  answers: Record<string, Promise<TrpcEnvelope | null>>;
}
interface TrpcEnvelope {
  result?: { data?: unknown };
}
declare global {
  interface Window {
    __keepsakeEarly?: EarlyAnswers;
  }
}

const earlyKey = (path: string, input: unknown) =>
  `${path}|${input === undefined ? '' : JSON.stringify(input)}`;

/**
 * The inline script: plain ES5 that needs nothing loaded. A query that fails (signed out, server
 * error) leaves `null`, and the client then asks as usual and shows what went wrong. It also
 * loads the browser's date and number formatting data while the page waits for its scripts:
 * the first date formatter a page makes costs 25–100 ms on a small machine (measured in
 * Chromium), and the Library's first day heading paid it in the middle of drawing the grid.
 */
export function earlyQueryScript(): string {
  const table = JSON.stringify(earlyQueries);
  return `setTimeout(function(){try{new Intl.DateTimeFormat(undefined,{dateStyle:'medium',timeStyle:'short'}).format(0);(0).toLocaleString()}catch(e){}},0);(function(){try{var q=${table}[location.pathname];if(!q||location.search)return;var a={};window.__keepsakeEarly={answers:a};q.forEach(function(x){var i=x.input===undefined?'':JSON.stringify(x.input);a[x.path+'|'+i]=fetch('/trpc/'+x.path+(i?'?input='+encodeURIComponent(i):''),{headers:{'${clientHeader}':'web'},credentials:'same-origin'}).then(function(r){return r.ok?r.json():null}).catch(function(){return null})})}catch(e){}})();`;
}

/** The answer started early for this query, once: a later ask (a refetch) goes to the server. */
function takeEarly(path: string, input: unknown): Promise<TrpcEnvelope | null> | undefined {
  const answers = typeof window === 'undefined' ? undefined : window.__keepsakeEarly?.answers;
  if (!answers) return undefined;
  const key = earlyKey(path, input);
  const answer = answers[key];
  delete answers[key];
  return answer;
}

/** A tRPC link that answers a query from `takeEarly` when it can, and passes it on otherwise. */
export const earlyLink: TRPCLink<AppRouter> =
  () =>
  ({ op, next }) => {
    const early = op.type === 'query' ? takeEarly(op.path, op.input) : undefined;
    if (!early) return next(op);
    return observable((observer) => {
      let passedOn: { unsubscribe(): void } | undefined;
      let cancelled = false;
      void early.then((envelope) => {
        if (cancelled) return;
        if (envelope?.result && 'data' in envelope.result) {
          observer.next({ result: { type: 'data', data: envelope.result.data } });
          observer.complete();
        } else {
          passedOn = next(op).subscribe(observer);
        }
      });
      return () => {
        cancelled = true;
        passedOn?.unsubscribe();
      };
    });
  };
