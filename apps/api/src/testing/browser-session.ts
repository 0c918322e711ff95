import { clientHeader } from '@keepsake/shared/client-header';

/** A signed-in dashboard as the browser drives it: the session cookie plus the dashboard's header. */
export interface BrowserSession {
  cookie: string;
  query(path: string, input?: unknown): Promise<Response>;
  mutate(path: string, input?: unknown, headers?: Record<string, string>): Promise<Response>;
}

export async function signIn(baseUrl: string, email: string, password: string): Promise<BrowserSession> {
  const response = await fetch(`${baseUrl}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [clientHeader]: 'web' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  return browserWithCookie(baseUrl, cookie);
}

export function browserWithCookie(baseUrl: string, cookie: string): BrowserSession {
  return {
    cookie,
    query: (path, input) =>
      fetch(
        `${baseUrl}/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
        {
          headers: cookie ? { cookie } : {},
        },
      ),
    mutate: (path, input, headers = {}) =>
      fetch(`${baseUrl}/trpc/${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [clientHeader]: 'web',
          ...(cookie ? { cookie } : {}),
          ...headers,
        },
        body: JSON.stringify(input ?? null),
      }),
  };
}

/** tRPC's error body carries our stable code in `data.keepsakeCode`. */
export async function trpcErrorCode(response: Response): Promise<string | undefined> {
  const body = (await response.json()) as { error?: { data?: { keepsakeCode?: string } } };
  return body.error?.data?.keepsakeCode;
}
