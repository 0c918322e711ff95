import '@fontsource-variable/inter';
import './globals.css';
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { earlyQueryScript } from '~/lib/early-queries';
import { TrpcProviders } from '~/trpc/react';

export const metadata: Metadata = {
  title: 'Keepsake',
  description: 'Your photos, backed up on your own disk.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a fixed script made at build time from lib/early-queries.ts */}
        <script dangerouslySetInnerHTML={{ __html: earlyQueryScript() }} />
      </head>
      <body className="min-h-screen bg-stone-50 font-sans text-stone-900 antialiased dark:bg-stone-950 dark:text-stone-100">
        <TrpcProviders>{children}</TrpcProviders>
      </body>
    </html>
  );
}
